"""The demo's authenticator app, shared by every demo staff and reviewer account."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled

from grants.accounts.mfa import secrets_readable

# The authenticator app secret of every demo staff and reviewer account (demo_data), public on purpose so that
# people trying the demo can sign in: `manage.py demo_totp <email>` prints its current code, or add it to an
# authenticator app by hand. No real account ever gets it.
DEMO_TOTP_SECRET = "DEMOAHTGRANTSPORTALONTARIO234567"


def give_demo_authenticator(user) -> bool:
    """An activated authenticator app with the demo secret, and recovery codes, for an account that has no
    app yet (False: it already had one, left as it is). Authenticators whose secrets the current key cannot
    decrypt (stored in clear before secrets were encrypted, or under another SECRET_KEY) are made again."""
    if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        if secrets_readable(user):
            return False
        Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
    return True
