"""Staff and reviewers sign in with MFA (DESIGN.md).

allauth.mfa asks for the authenticator app's code after the password of any account that has one, on every
way into the portal (the back office's login page included: portal/urls.py hands it to allauth). What it does
not do is make anyone set one up: the middleware below sends a signed-in staff member or reviewer without an
authenticator app to allauth's activation page, whatever page they ask for, until they have one. Applicants
are never sent there; they may turn it on from their account's security page.

Whether a session is covered is decided without a query on every page: allauth records the code stage in the
session, and the receivers below mark a session whose account had an app when it signed in, or set one up in
it, and unmark it when the app is turned off.
"""

from __future__ import annotations

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY, get_authentication_records
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from grants.models import Role

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


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now for this secret, by allauth's own arithmetic."""
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
        # An app set up from another session (another browser) covers this one too.
        if _has_app(request.user):
            request.session[SESSION_KEY] = True
            return None
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
