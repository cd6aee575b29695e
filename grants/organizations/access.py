"""Role names kept in the session, so that a signed-in page costs the session and user queries only.

The names are stored at sign-in with the user's access_version; every request compares that number with the one
on the user row it loads anyway. Any change to a person's groups (the roles service, the back office, a
group's user_set) moves the number in the same transaction, so a role granted or removed takes effect on the
person's next request, in every session. Superuser and staff status are on the user row itself.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from grants.organizations.models import User

SESSION_KEY = "grants.roles"


def _remember(session, user) -> frozenset[str]:
    user.__dict__.pop("role_names", None)
    names = user.role_names
    session[SESSION_KEY] = [user.access_version, sorted(names)]
    return names


@receiver(user_logged_in, dispatch_uid="grants.access.remember_roles")
def remember_roles(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        _remember(request.session, user)


class RoleNamesMiddleware:
    """Gives request.user the role names kept in the session when they are still current (after
    AuthenticationMiddleware, before anything that checks a permission)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            kept = request.session.get(SESSION_KEY)
            if kept and kept[0] == user.access_version:
                user.role_names = frozenset(kept[1])
            else:
                _remember(request.session, user)
        return self.get_response(request)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="grants.access.groups_changed")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove"):
        user_ids = pk_set if reverse else {instance.pk}
    elif action == "pre_clear":
        user_ids = set(instance.user_set.values_list("pk", flat=True)) if reverse else {instance.pk}
    else:
        return
    if user_ids:
        User.objects.filter(pk__in=user_ids).update(access_version=F("access_version") + 1)
    if not reverse:
        instance.__dict__.pop("role_names", None)
        instance.refresh_from_db(fields=["access_version"])
