"""Writes of the accounts app: the profile given at sign-up, removing someone's authenticator for them, and the
roles (and superuser status) administrators grant in the back office."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from grants.kernel.audit import audit
from grants.kernel.errors import ServiceError
from grants.kernel.roles import Role


def profile_save(*, user, first_name: str, last_name: str, language: str) -> None:
    """The name and e-mail language a person gives when signing up (allauth has created the account)."""
    user.first_name, user.last_name, user.language = first_name, last_name, language
    user.save(update_fields=["first_name", "last_name", "language"])


def authenticator_remove(*, authenticator: Authenticator, by) -> list[int]:
    """Remove someone's authenticator for them (they lost their phone and their recovery codes): the next time
    they sign in, the password is enough and they set up a new app (grants/accounts/mfa.py). As when people turn
    their app off themselves, recovery codes left without an app go too. Returns the ids of the removed ones.
    allauth's authenticator_removed signal is not sent: its receivers act on the request's session, which here
    would be the administrator's."""
    user = authenticator.user
    with transaction.atomic():
        removed = [authenticator]
        others = Authenticator.objects.filter(user=user).exclude(pk=authenticator.pk)
        if not others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists():
            removed += list(others)
        for each in removed:
            audit(actor=by, obj=user, action="mfa.authenticator_removed", authenticator=each.pk, type=each.type)
        pks = [each.pk for each in removed]
        Authenticator.objects.filter(pk__in=pks).delete()
    return pks


# The roles staff hold, and those that open the back office (staff status follows them, never ticked by hand).
BACK_OFFICE_ROLES = frozenset({Role.PROGRAM_OFFICER, Role.ADMINISTRATOR})


def roles_grant(*, user, roles: set[str], by) -> None:
    """Give `user` exactly these roles (the Django groups of grants.kernel.roles.Role); staff status follows:
    a program officer or administrator opens the back office, nobody else does (a superuser keeps it). Audited
    with the roles before and after."""
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ServiceError(_("Unknown roles: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    with transaction.atomic():
        user = type(user).objects.select_for_update().get(pk=user.pk)
        before = sorted(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        others = list(user.groups.exclude(name__in=Role.values))
        user.groups.set([*others, *(Group.objects.get_or_create(name=name)[0] for name in sorted(roles))])
        is_staff = bool(BACK_OFFICE_ROLES & set(roles)) or user.is_superuser
        if (before, user.is_staff) != (sorted(roles), is_staff):
            user.is_staff = is_staff
            user.save(update_fields=["is_staff"])
            audit(actor=by, obj=user, action="user.roles_changed", from_state=",".join(before),
                  to_state=",".join(sorted(roles)), is_staff=is_staff)


def superuser_set(*, user, is_superuser: bool, by) -> None:
    """Only a superuser makes or unmakes one: every permission answers yes to a superuser."""
    if not by.is_superuser:
        raise ServiceError(_("Only a superuser can grant or remove superuser status."))
    with transaction.atomic():
        user = type(user).objects.select_for_update().get(pk=user.pk)
        if user.is_superuser == is_superuser:
            return
        user.is_superuser = is_superuser
        user.is_staff = is_superuser or bool(BACK_OFFICE_ROLES & set(user.groups.values_list("name", flat=True)))
        user.save(update_fields=["is_superuser", "is_staff"])
        audit(actor=by, obj=user, action="user.superuser_changed", from_state=str(not is_superuser).lower(),
              to_state=str(is_superuser).lower())
