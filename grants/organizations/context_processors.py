"""What every page's header needs: the organization in use and the person's others."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from grants.organizations.selectors import organizations_for_user


def portal(request):
    """The organization in use and its alternatives, for the header's switcher. Lazy: the query runs only on
    pages whose template reads them (staff pages never do)."""
    user = getattr(request, "user", None)
    context = {"SITE_URL": settings.SITE_URL}
    if user is not None and user.is_authenticated:
        organizations = SimpleLazyObject(
            lambda: list(organizations_for_user(user=user).only("pk", "legal_name"))
        )

        def current():
            found = next((o for o in organizations if o.pk == user.current_organization_id), None)
            return found or (organizations[0] if organizations else None)

        context.update(my_organizations=organizations, current_organization=SimpleLazyObject(current))
    return context
