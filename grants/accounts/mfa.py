"""Staff and reviewers sign in with MFA (README: Multi-factor authentication).

allauth.mfa asks for the authenticator app's code after the password of any account that has one, on every
way into the portal (the back office's login page included: portal/urls.py hands it to allauth). What it does
not do is make anyone set one up: the middleware below sends a signed-in staff member or reviewer without an
authenticator app to allauth's activation page, whatever page they ask for, until they have one. Applicants
are never sent there; they may turn it on from their account's security page.

Whether a session is covered is decided without a query on every page: allauth records the code stage in the
session, and the receivers below mark a session whose account had an app when it signed in, or set one up in
it, and unmark it when the app is turned off. A session that signed in with the password alone is never covered
by an app set up elsewhere: it is asked for the app's code (allauth's reauthentication) before it goes on.

The secrets allauth keeps in the database (each app's TOTP secret, the seed the recovery codes derive from) are
encrypted by MFAAdapter (settings.MFA_ADAPTER) with Fernet, under MFA_ENCRYPTION_KEY or else a key derived from
SECRET_KEY: a copy of the database alone does not give anyone the codes.
"""

from __future__ import annotations

import base64
import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY, get_authentication_records
from allauth.mfa import app_settings
from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from grants.kernel.roles import Role

STAFF_ROLES = frozenset(Role.values)
SESSION_KEY = "grants.mfa_in_place"

# What a staff member without an authenticator app may still open: allauth's MFA pages (url names "mfa_...",
# activation among them), the password confirmation allauth asks for before activation, signing out and the
# language switch. Static files never get this far: WhiteNoise (or runserver's handler) serves them first.
OPEN_URL_NAMES = frozenset({"account_logout", "account_reauthenticate", "set_language"})


def mfa_required(user) -> bool:
    """Anyone with a staff-side role, the back office's staff flag or superuser status."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or bool(STAFF_ROLES & user.role_names)


def _session_covered(request) -> bool:
    if request.session.get(SESSION_KEY):
        return True
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def _has_app(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


# --- Secrets at rest ---------------------------------------------------------------------------------

# HKDF's "info": the key derived from SECRET_KEY serves this purpose only (changing it makes every stored
# secret unreadable).
DERIVED_KEY_INFO = b"ontario-aht-grants-portal mfa secrets v1"


class UnreadableSecret(Exception):
    """A stored secret the current key does not open: encrypted under another MFA_ENCRYPTION_KEY or SECRET_KEY,
    or stored in clear before secrets were encrypted. Its authenticator has to be set up again."""


def _fernet() -> Fernet:
    key = settings.MFA_ENCRYPTION_KEY
    if not key:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=DERIVED_KEY_INFO).derive(
            settings.SECRET_KEY.encode()
        )
        key = base64.urlsafe_b64encode(derived)
    try:
        return Fernet(key)
    except ValueError as error:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEY is not a Fernet key (32 url-safe base64-encoded bytes): "
            "make one with `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        ) from error


class MFAAdapter(DefaultMFAAdapter):
    """allauth.mfa's adapter, encrypting what allauth passes through encrypt(): the TOTP secret of each
    authenticator app (data["secret"]) and the recovery codes' seed (data["seed"])."""

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return _fernet().decrypt(encrypted_text.encode()).decode()
        except InvalidToken as error:
            raise UnreadableSecret(
                "A stored MFA secret cannot be decrypted: was SECRET_KEY or MFA_ENCRYPTION_KEY changed?"
            ) from error


def totp_secret(authenticator: Authenticator) -> str:
    """The clear secret of an authenticator app, as its phone has it (UnreadableSecret if the key has changed)."""
    return get_adapter().decrypt(authenticator.data["secret"])


def secrets_readable(user) -> bool:
    """Whether every stored secret of the person's authenticators opens with the current key."""
    adapter = get_adapter()
    for authenticator in Authenticator.objects.filter(user=user):
        for name in ("secret", "seed"):
            if name in authenticator.data:
                try:
                    adapter.decrypt(authenticator.data[name])
                except UnreadableSecret:
                    return False
    return True


@checks.register(checks.Tags.security)
def check_encryption_key(app_configs, **kwargs):
    try:
        _fernet()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="grants.E001")]
    return []


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now for this (clear) secret, by allauth's own arithmetic;
    totp_secret() reads an authenticator's."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


class StaffMFAMiddleware:
    """Send staff and reviewers with no authenticator app to its activation page
    (settings.MFA_REQUIRED_FOR_STAFF)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED_FOR_STAFF:
            return None
        url_name = request.resolver_match.url_name or ""
        if url_name in OPEN_URL_NAMES or url_name.startswith("mfa_"):
            return None
        if not mfa_required(request.user) or _session_covered(request):
            return None
        if _has_app(request.user):
            # Set up since this session signed in, elsewhere (another browser, or someone who has the password):
            # this session has not shown the app, so it does now, as a sign-in would ask.
            messages.warning(
                request,
                _(
                    "An authenticator app was set up for your account after you signed in here. Enter the code "
                    "it shows to go on; if you did not set it up, contact the coordination office."
                ),
            )
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        messages.warning(
            request,
            _(
                "Staff and reviewers must sign in with two-step verification. "
                "Set up an authenticator app on your phone to continue."
            ),
        )
        return redirect("mfa_activate_totp")


@receiver(user_logged_in, dispatch_uid="grants.mfa.mark_signed_in_with_app")
def mark_signed_in_with_app(sender, request, user, **kwargs):
    """An account with an authenticator app only signs in past allauth's code stage."""
    if _has_app(user):
        request.session[SESSION_KEY] = True


@receiver(authenticator_added, dispatch_uid="grants.mfa.mark_app_set_up")
def mark_app_set_up(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        request.session[SESSION_KEY] = True


@receiver(authenticator_removed, dispatch_uid="grants.mfa.unmark_app_turned_off")
def unmark_app_turned_off(sender, request, user, authenticator, **kwargs):
    """Once the app is turned off, this session no longer counts as signed in with it: a staff member is sent
    to set up a new one (on a new phone, say) before going on."""
    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return
    request.session.pop(SESSION_KEY, None)
    records = get_authentication_records(request, user)
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [r for r in records if r.get("method") != "mfa"]
