"""Validation of call set-up (forms never write: the views hand the cleaned data to services.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.applications.models import Call
from grants.documents.models import DocumentType
from grants.kernel.forms import DateTimeField
from grants.organizations.models import OrganizationType, Pillar, Population, Region
from scoring.models import Criterion

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# Each language may be filled in its own time; publishing asks for both (selectors.call_problems).
BOTH_LATER = _("Both languages are needed before the call is published.")


class CallForm(forms.ModelForm):
    """Every field of the call; once it is published, those its state fixes are left out (services.fixed_fields)."""

    opens_at = DateTimeField(label=_("Opens at (Toronto time)"), widget=DATETIME_WIDGET)
    closes_at = DateTimeField(label=_("Closes at (Toronto time)"), widget=DATETIME_WIDGET)
    eligible_organization_types = forms.MultipleChoiceField(
        label=_("Eligible organization types"),
        choices=OrganizationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to accept every type."),
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("Priority areas"), queryset=Pillar.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    populations = forms.ModelMultipleChoiceField(
        label=_("Target populations"), queryset=Population.objects.all(), widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    required_document_types = forms.ModelMultipleChoiceField(
        label=_("Documents applicants must attach"),
        queryset=DocumentType.objects.filter(used_for=DocumentType.UsedFor.APPLICATION),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Call
        fields = [
            "fund", "slug", "title_en", "title_fr", "guidelines_en", "guidelines_fr", "opens_at", "closes_at",
            "envelope", "min_request", "max_request", "max_term_years", "eligible_organization_types", "pillars",
            "populations", "regions", "required_document_types", "reviewers_per_application", "blind_review",
            "allows_multiple_applications",
        ]
        help_texts = {
            "slug": _("The end of the call's address on the portal: lower-case letters, digits and hyphens."),
            "blind_review": _(
                "Reviewers then read the application without who applies: the organization's names and their "
                "variants, its addresses and postal code, web domains, e-mail addresses, registration and "
                "telephone numbers, and its members' names are masked, and files are offered under neutral "
                "names. The contents of uploaded files are not rewritten: a letterhead, logo or signature "
                "inside a document still reaches reviewers. Ask applicants to leave them out of their files."
            ),
        }

    def __init__(self, *args, fixed: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in fixed:
            self.fields.pop(name, None)
        for name in ("title_en", "title_fr", "guidelines_en", "guidelines_fr"):
            self.fields[name].required = False
            self.fields[name].help_text = BOTH_LATER

    def clean(self):
        cleaned = super().clean()
        if "title_en" in self.fields and not (cleaned.get("title_en") or cleaned.get("title_fr")):
            self.add_error("title_en", _("Give the call a title in at least one language."))
        return cleaned

    def values(self) -> dict:
        """The cleaned values of the fields this form shows, for the service."""
        return {name: self.cleaned_data[name] for name in self.fields}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "name_en", "name_fr", "description_en", "description_fr", "weight", "scale_min", "scale_max",
            "guidance_en", "guidance_fr", "allows_na", "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name_en", "name_fr"):
            self.fields[name].required = False
        self.fields["name_fr"].help_text = BOTH_LATER
        self.fields["guidance_fr"].help_text = _(
            "One line per score, from the lowest to the highest. Both languages are needed before the call is "
            "published."
        )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_en") or cleaned.get("name_fr")):
            self.add_error("name_en", _("Name the criterion in at least one language."))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class YearEnvelopeForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (starting April of)"), min_value=2000, max_value=2099,
        help_text=_("For example 2026 for the fiscal year April 2026 to March 2027."),
    )
    amount = forms.DecimalField(label=_("Most the call may commit in that year"), min_value=0, max_digits=12,
                                decimal_places=2)
