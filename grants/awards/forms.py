"""Forms for decisions, awards, amendments, status changes and the acceptance of an agreement. They validate
what was typed; the services in services/ do the writing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.awards.enums import Outcome, RiskLevel
from grants.awards.models import DecisionReasonTemplate
from grants.awards.services.terms import AwardTerms, TermsError
from grants.kernel.forms import EARLIEST, LATEST, DateField
from grants.kernel.money import format_money as money
from grants.kernel.timeutils import add_years, fiscal_year_label, fiscal_years_between

RISK_HELP = _(
    "Sets how often the organization reports and so when payments are released. High: a report every fiscal "
    "quarter. Medium: half-yearly, with the first half-year reported quarterly. Low: half-yearly, with no "
    "first-quarter report."
)


class ReasonTemplateField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DecisionReasonTemplate) -> str:
        return _("%(outcome)s: %(name)s") % {"outcome": obj.get_outcome_display(), "name": obj.name}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    template = ReasonTemplateField(
        label=_("Reason"),
        queryset=DecisionReasonTemplate.objects.filter(is_active=True),
        required=False,
        empty_label=_("The first reason for this decision"),
        help_text=_("Choosing a reason fills in its wording below, which you may edit."),
    )
    reason_en = forms.CharField(
        label=_("Reason in English"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Leave empty to use the chosen reason's wording. Applicants read it in their own language."
        ),
    )
    reason_fr = forms.CharField(
        label=_("Reason in French"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave empty to use the chosen reason's wording."),
    )
    override_reason = forms.CharField(
        label=_("Override: why decide now"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed only for an application not screened eligible, or with fewer submitted reviews than the call "
            "requires. Kept in the audit log and shown on the decisions page."
        ),
    )

    def clean(self):
        data = super().clean()
        template, outcome = data.get("template"), data.get("outcome")
        if template and outcome and template.outcome != outcome:
            self.add_error(
                "template",
                _("This reason is for decisions to %(outcome)s; choose one that fits.")
                % {"outcome": template.get_outcome_display().lower()},
            )
        return data


class BulkDecisionForm(DecisionForm):
    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one application.")},
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications


class AwardForm(forms.Form):
    """The terms of an award. One amount field per fiscal year of the term: when the term changes, the
    years follow and the page asks for the amounts of any new year. The form checks only what was typed; the
    rules of an award are the services' (check_terms), shown beside their field by add_refusal()."""

    start_date = DateField(label=_("Start of the term"))
    end_date = DateField(label=_("End of the term"))
    difference_reason_en = forms.CharField(
        label=_("Why the approved total is below the request (English)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed, in both languages, when the total is below what was requested; the organization reads it "
            "on its award page and in the agreement."
        ),
    )
    difference_reason_fr = forms.CharField(
        label=_("Why the approved total is below the request (French)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect, help_text=RISK_HELP
    )
    conditions_en = forms.CharField(
        label=_("Conditions specific to this award (English)"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The standard conditions are always part of the agreement."),
    )
    conditions_fr = forms.CharField(
        label=_("Conditions specific to this award (French)"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signing_name = forms.CharField(label=_("Signing authority's name"), max_length=150)
    signing_title = forms.CharField(label=_("Signing authority's title"), max_length=150)
    signing_email = forms.EmailField(label=_("Signing authority's e-mail address"), max_length=254)

    def __init__(self, *args, call, requested: dict[int, Decimal], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.call, self.requested = call, requested
        self.years = self._posted_years() or years
        amount_fields = {}
        for year in self.years:
            amount_fields[f"amount_{year}"] = forms.DecimalField(
                label=_("Approved for %(year)s") % {"year": fiscal_year_label(year)},
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0"),
                help_text=_("April %(start)s to March %(end)s. Requested: %(amount)s.")
                % {"start": year, "end": year + 1, "amount": money(requested.get(year, Decimal(0)))},
            )
        # The amounts follow the dates on the page.
        fields = list(self.fields.items())
        self.fields = dict(fields[:2] + list(amount_fields.items()) + fields[2:])

    def _posted_years(self) -> list[int] | None:
        if not self.is_bound:
            return None
        try:
            start = dt.date.fromisoformat(self.data.get("start_date", ""))
            end = dt.date.fromisoformat(self.data.get("end_date", ""))
        except ValueError:
            return None
        if end < start or end > add_years(start, 10) or start < EARLIEST or end > LATEST:
            return None
        return fiscal_years_between(start, end)

    def add_refusal(self, error: TermsError) -> None:
        """Show the services' refusal of these terms beside the field it concerns; what was typed stays."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)

    def amounts(self) -> dict[int, Decimal] | None:
        """The amount per fiscal year, or None until every year has a valid one."""
        values = {year: self.cleaned_data.get(f"amount_{year}") for year in self.years}
        return None if any(v is None for v in values.values()) else values

    def amount_fields(self):
        return [self[f"amount_{year}"] for year in self.years]

    def other_fields(self):
        return [f for f in self if not f.name.startswith("amount_")]

    def terms(self) -> AwardTerms:
        """The cleaned terms, for services.award_create and award_amend (the form must be valid)."""
        data = self.cleaned_data
        return AwardTerms(
            start_date=data["start_date"],
            end_date=data["end_date"],
            years=self.amounts(),
            risk_level=data["risk_level"],
            difference_reason_en=data["difference_reason_en"],
            difference_reason_fr=data["difference_reason_fr"],
            conditions_en=data["conditions_en"],
            conditions_fr=data["conditions_fr"],
            signing_name=data["signing_name"],
            signing_title=data["signing_title"],
            signing_email=data["signing_email"],
        )


class AmendmentForm(AwardForm):
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the award's history and sent to the organization."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the award's history and sent to the organization."),
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the organization"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EarlyReleaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason to release it before its due date"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the award's history."),
    )


class AcceptanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    signer_name = forms.CharField(label=_("Your full name"), max_length=150)
    signer_title = forms.CharField(
        label=_("Your title"), max_length=150, help_text=_("For example Executive Director.")
    )
    confirm = forms.BooleanField(
        label=_(
            "I have read this version of the agreement and its schedules, and I am "
            "authorized to accept it on behalf of the organization."
        )
    )
