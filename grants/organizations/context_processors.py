"""What every page's header needs: the organization in use and the person's others."""

from django.conf import settings

from grants.organizations.selectors import organizations_for_user


def portal(request):
    """The organization in use and its alternatives, for the header's switcher."""
    user = getattr(request, "user", None)
    context = {"SITE_URL": settings.SITE_URL}
    if user is not None and user.is_authenticated:
        organizations = list(organizations_for_user(user=user))
        current = next((o for o in organizations if o.pk == user.current_organization_id), None)
        context.update(
            my_organizations=organizations,
            current_organization=current or (organizations[0] if organizations else None),
        )
    return context
