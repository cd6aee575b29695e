from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in: allauth's forms with the portal's fields, MFA for staff and reviewers, the sign-in backend."""

    name = "grants.accounts"
    label = "accounts"
    verbose_name = _("Sign-in and two-step verification")

    def ready(self):
        from grants.accounts import mfa  # noqa: F401  (connects its signal receivers)
