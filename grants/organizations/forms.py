"""Forms of organizations: the profile, invitations, and choosing the organization in use."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.organizations.models import (
    Invitation,
    Membership,
    Organization,
    OrganizationType,
    PublicLabel,
    Region,
    normalize_postal_code,
    normalize_registration_number,
    phone_validator,
    registration_number_problem,
)


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)
    mandate = forms.CharField(
        label=_("Mandate and services"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    indigenous_led = forms.BooleanField(
        label=_(
            "I attest that this organization is Indigenous-led: its board and leadership are "
            "mostly Indigenous people and it serves Indigenous communities."
        ),
        required=False,
    )

    class Meta:
        model = Organization
        fields = [
            "legal_name", "operating_name", "type", "registration_number", "street_address", "city",
            "postal_code", "region", "phone", "email", "website", "mandate", "indigenous_led",
        ]
        widgets = {"type": forms.RadioSelect}
        help_texts = {
            "registration_number": _(
                "Charities: the CRA registration number (123456789RR0001). Non-profits: the Ontario "
                "corporation number or CRA business number. First Nations: the band number."
            ),
            "postal_code": _("For example K1A 0B1."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.all()
        self.fields["region"].empty_label = _("Choose a region")
        self.fields["type"].choices = OrganizationType.choices  # radios need no blank choice
        self.fields["phone"].validators.append(phone_validator)
        # Not "(optional)": whether it is required depends on the type chosen (REGISTRATION_FORMATS).
        self.fields["registration_number"].flag = _("(required for charities, non-profits and First Nations)")

    def clean_postal_code(self) -> str:
        return normalize_postal_code(self.cleaned_data["postal_code"])

    def clean(self):
        cleaned = super().clean()
        number = normalize_registration_number(cleaned.get("registration_number", ""))
        cleaned["registration_number"] = number
        if cleaned.get("type"):
            problem = registration_number_problem(organization_type=cleaned["type"], number=number)
            if problem:
                self.add_error("registration_number", problem)
        return cleaned

    def _post_clean(self):
        # The model's clean() repeats the registration check; the form has already reported it once.
        self.instance.registration_number = self.cleaned_data.get("registration_number", "")
        super()._post_clean()
        if "registration_number" in self.errors:
            # Deleted in place: a slice of an ErrorList is a plain list, shown as "['...']".
            del self.errors["registration_number"][1:]


class PublicationSettingsForm(forms.ModelForm):
    """What the public directory and the open data show about the organization. The label is offered to
    Indigenous organizations only: their services are labelled as they choose."""

    public_website = forms.URLField(label=_("Public website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "location_confidential", "public_description_en", "public_description_fr", "public_phone",
            "public_email", "public_website", "public_label", "public_label_en", "public_label_fr",
        ]
        widgets = {
            "public_description_en": forms.Textarea(attrs={"rows": 4}),
            "public_description_fr": forms.Textarea(attrs={"rows": 4}),
            "public_label": forms.RadioSelect,
        }
        help_texts = {
            "public_description_en": _("What your services are and who they are for, in up to 600 characters."),
            "public_description_fr": _("The same in French, if you have it; otherwise French pages show the English."),
            "public_phone": _("Leave the contact fields empty to publish none."),
            "public_label_en": _('Used when you choose "In our own words".'),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_indigenous:
            self.fields["public_label"].choices = PublicLabel.choices
        else:
            for name in ("public_label", "public_label_en", "public_label_fr"):
                del self.fields[name]
        self.fields["public_phone"].validators.append(phone_validator)

    def clean(self):
        cleaned = super().clean()
        for name in ("public_description_en", "public_description_fr", "public_label_en", "public_label_fr"):
            if name in cleaned:
                cleaned[name] = (cleaned[name] or "").strip()
        if cleaned.get("public_label") == PublicLabel.OWN_WORDS and not (
            cleaned.get("public_label_en") or cleaned.get("public_label_fr")
        ):
            self.add_error("public_label_en", _("Write the label in your own words, in English, French or both."))
        return cleaned


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, organization: Organization, **kwargs):
        self.organization = organization
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(organization=self.organization, user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already a member of the organization."))
        return email


class OrganizationSwitchForm(forms.Form):
    organization = forms.IntegerField(widget=forms.HiddenInput)
