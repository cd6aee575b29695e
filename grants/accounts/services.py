"""Writes of the accounts app: the profile given at sign-up, and removing someone's authenticator for them."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db import transaction

from grants.kernel.audit import audit


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
