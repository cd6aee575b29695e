"""allauth's forms with the portal's fields and wording: the sign-up profile and the two-step verification
forms (settings.ACCOUNT_SIGNUP_FORM_CLASS and settings.MFA_FORMS)."""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from grants.accounts import services
from grants.accounts.mfa import UnreadableSecret
from grants.kernel.language import is_french


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Preferred language for e-mail"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The language of the page being filled in, rather than English for everyone.
        self.fields["language"].initial = "fr" if is_french() else "en"

    def signup(self, request, user) -> None:
        """allauth's hook once the account exists: the profile is saved by the service, from the cleaned data."""
        services.profile_save(
            user=user, first_name=self.cleaned_data["first_name"], last_name=self.cleaned_data["last_name"],
            language=self.cleaned_data["language"],
        )


# --- Two-step verification: allauth.mfa's forms with our labels (settings.MFA_FORMS) ----------------


def _one_time_code(form: forms.Form, *, label: str, help_text: str) -> None:
    """The code field: a visible label and a hint instead of allauth's placeholder, the phone's digit keypad
    and the browser's one-time-code autofill."""
    field = form.fields["code"]
    field.label, field.help_text = label, help_text
    field.widget.attrs = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}


class _UnreadableSecretRefused:
    """A stored secret the current key cannot decrypt (SECRET_KEY or MFA_ENCRYPTION_KEY changed, see
    grants/accounts/mfa.py) refuses the code with a message saying what to do, rather than failing the page."""

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except UnreadableSecret:
            raise forms.ValidationError(
                _("Your two-step verification can no longer be checked. Ask an administrator to reset it."),
                code="unreadable_secret",
            ) from None


class MFAAuthenticateForm(_UnreadableSecretRefused, AuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _one_time_code(
            self,
            label=_("Code"),
            help_text=_(
                "The 6-digit code your authenticator app shows now. "
                "Without your phone, enter one of your 8-digit recovery codes instead."
            ),
        )


class MFAReauthenticateForm(_UnreadableSecretRefused, ReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _one_time_code(
            self,
            label=_("Code"),
            help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        )


class MFAActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _one_time_code(
            self,
            label=_("Code from the app"),
            help_text=_("The 6-digit code the app shows once you have added the portal to it."),
        )
