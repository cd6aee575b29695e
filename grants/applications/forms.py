"""Forms of applications: the wizard's steps and staff's reopening.

Each wizard step form takes the application it belongs to and validates against its call's rules; it writes
nothing (services.application_save_step applies a valid step's cleaned data).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from grants.applications import eligibility
from grants.applications.models import Application, BudgetCategory
from grants.documents.selectors import document_slots
from grants.kernel.forms import DateField, DateTimeField
from grants.kernel.language import join_list
from grants.kernel.timeutils import fiscal_year_label, fiscal_years_between
from grants.organizations.models import (
    OrganizationType,
    Pillar,
    Population,
    Region,
    normalize_postal_code,
    normalize_registration_number,
    phone_validator,
    postal_code_validator,
    registration_number_problem,
)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The applicant's members receive this reason by e-mail."),
    )


class ExtensionForm(forms.Form):
    deadline = DateTimeField(
        label=_("New deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
        help_text=_("Toronto time, to the second, for example 2026-06-15 17:00:00."),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=_("The organization's members read this reason on the application and by e-mail."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


# --- The application wizard -------------------------------------------------------------------

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class StepForm(forms.Form):
    """A wizard step bound to its application."""

    title = ""

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        self.call = application.call
        self.organization = application.organization
        super().__init__(*args, **kwargs)

    @cached_property
    def rules(self) -> eligibility.CallRules:
        """The call's eligibility rules: the same functions decide the anonymous check on the call's page."""
        return eligibility.CallRules.of(self.call)

    def display_value(self, name: str) -> str:
        """A cleaned value as a person reads it (choices by their label)."""
        field, value = self.fields[name], self.cleaned_data.get(name)
        if value in (None, "", [], ()):
            return ""
        if isinstance(field, forms.ModelMultipleChoiceField):
            return join_list(value)
        if isinstance(field, forms.ChoiceField):
            labels = dict(field.choices)
            if isinstance(value, list | tuple):
                return join_list(labels.get(v, v) for v in value)
            return str(labels.get(value, value))
        if isinstance(field, forms.BooleanField):
            return str(_("Yes")) if value else str(_("No"))
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)


class EligibilityForm(StepForm):
    title = _("Eligibility")

    based_in_ontario = forms.ChoiceField(
        label=_("Is the organization based in Ontario and will the project be delivered in Ontario?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    not_for_profit_delivery = forms.ChoiceField(
        label=_("Will the project be delivered on a not-for-profit basis?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    no_duplicate_funding = forms.ChoiceField(
        label=_("Is the project free of other provincial funding for the same activities?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    indigenous_led_attestation = forms.BooleanField(
        label=_(
            "I attest that the organization is Indigenous-led: its board and leadership are mostly "
            "Indigenous people and it serves Indigenous communities."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.call.fund.requires_indigenous_led:
            del self.fields["indigenous_led_attestation"]

    def clean_based_in_ontario(self) -> str:
        if self.cleaned_data["based_in_ontario"] != "yes":
            raise forms.ValidationError(
                _(
                    "This fund supports Ontario organizations delivering projects in Ontario, "
                    "so the application cannot go ahead."
                )
            )
        return "yes"

    def clean_not_for_profit_delivery(self) -> str:
        if self.cleaned_data["not_for_profit_delivery"] != "yes":
            raise forms.ValidationError(_("Funded projects must be delivered on a not-for-profit basis."))
        return "yes"

    def clean_no_duplicate_funding(self) -> str:
        if self.cleaned_data["no_duplicate_funding"] != "yes":
            raise forms.ValidationError(
                _(
                    "The fund cannot pay for activities already funded by the province. "
                    "Remove those activities from the project, then answer again."
                )
            )
        return "yes"

    def clean_indigenous_led_attestation(self) -> bool:
        attested = self.cleaned_data["indigenous_led_attestation"]
        problem = eligibility.indigenous_led_problem(self.rules, attested)
        if problem:
            raise forms.ValidationError(problem)
        return attested

    def clean(self):
        cleaned = super().clean()
        problem = eligibility.organization_type_problem(self.rules, self.organization.type)
        if problem:
            raise forms.ValidationError(
                _(
                    "%(problem)s %(organization)s is registered as “%(type)s”. "
                    "If that is not right, an owner can correct it in the organization's profile."
                )
                % {
                    "problem": problem,
                    "organization": self.organization.legal_name,
                    "type": self.organization.get_type_display(),
                }
            )
        return cleaned


class OrganizationProfileForm(StepForm):
    title = _("Organization")

    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    registration_number = forms.CharField(label=_("Registration or charity number"), max_length=20, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200)
    city = forms.CharField(label=_("City or community"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=7)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), empty_label=_("Choose a region"))
    mandate = forms.CharField(
        label=_("Mandate and services"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000,
        help_text=_("What the organization does and for whom."),
    )
    contact_name = forms.CharField(label=_("Contact person for this application"), max_length=200)
    contact_title = forms.CharField(label=_("Contact's position"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact's e-mail address"))
    contact_phone = forms.CharField(label=_("Contact's telephone"), max_length=30, validators=[phone_validator])

    def clean(self):
        cleaned = super().clean()
        problem = registration_number_problem(
            organization_type=self.organization.type, number=cleaned.get("registration_number", "")
        )
        if problem:
            self.add_error("registration_number", problem)
        else:
            cleaned["registration_number"] = normalize_registration_number(cleaned.get("registration_number", ""))
        return cleaned

    def clean_postal_code(self) -> str:
        value = normalize_postal_code(self.cleaned_data["postal_code"])
        postal_code_validator(value)
        return value


class ProjectForm(StepForm):
    title = _("Project")

    project_title = forms.CharField(label=_("Project title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=1000,
        help_text=_("Reviewers read this first."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 10}), max_length=10000,
        help_text=_(
            "Activities, who they serve, expected outcomes and how you will measure them. Do not name or "
            "describe any survivor: this portal holds aggregate information only."
        ),
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("Strategy pillars the project addresses"), queryset=Pillar.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    populations = forms.ModelMultipleChoiceField(
        label=_("Populations served"), queryset=Population.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions served"), queryset=Region.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    start_date = DateField(label=_("Start date"), help_text=_("For example 2027-04-01."))
    end_date = DateField(label=_("End date"), help_text=_("For example 2029-03-31."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A call that names its priorities offers only those; its regions are the eligibility rule below.
        for name in ("pillars", "populations"):
            offered = list(getattr(self.call, name).all())
            if offered:
                self.fields[name].queryset = self.fields[name].queryset.filter(pk__in=[o.pk for o in offered])
        if self.rules.regions:
            self.fields["regions"].help_text = _("This call funds projects in: %(regions)s.") % {
                "regions": ", ".join(sorted(self.rules.regions.values()))
            }
        self.fields["end_date"].help_text = _("The project may last at most %(years)s years.") % {
            "years": self.call.max_term_years
        }

    def clean(self):
        cleaned = super().clean()
        term = eligibility.term_problem(self.rules, cleaned.get("start_date"), cleaned.get("end_date"))
        if term:
            self.add_error("end_date", term)
        if cleaned.get("regions"):
            region = eligibility.region_problem(self.rules, [r.pk for r in cleaned["regions"]])
            if region:
                self.add_error("regions", region)
        return cleaned


def budget_amounts(cleaned: dict) -> dict[tuple[str, int], Decimal]:
    """The non-zero cells of a valid budget grid's cleaned data, by (category, fiscal year)."""
    amounts = {}
    for name, value in cleaned.items():
        if name.startswith("amount_") and value:
            category, year = name.removeprefix("amount_").rsplit("_", 1)
            amounts[(category, int(year))] = value
    return amounts


class BudgetForm(StepForm):
    """A grid: one amount per category and fiscal year of the project; totals are computed, never typed."""

    title = _("Budget")

    notes = forms.CharField(
        label=_("Budget notes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, required=False,
        help_text=_("Explain any large line, in-kind support or other funding."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        app = self.application
        self.fiscal_years = (
            fiscal_years_between(app.start_date, app.end_date) if app.start_date and app.end_date else []
        )
        self.categories = list(BudgetCategory.choices)
        for year in self.fiscal_years:
            for code, label in self.categories:
                self.fields[self.cell(code, year)] = forms.DecimalField(
                    label=_("%(category)s, fiscal year %(year)s")
                    % {"category": label, "year": fiscal_year_label(year)},
                    required=False, min_value=Decimal("0"), max_digits=12, decimal_places=2,
                    widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
                )

    @staticmethod
    def cell(category: str, year: int) -> str:
        return f"amount_{category}_{year}"

    def rows(self):
        """The grid as the template lays it out, with totals derived from what is bound."""
        values = self._amounts()
        rows = []
        for code, label in self.categories:
            cells = [self[self.cell(code, year)] for year in self.fiscal_years]
            rows.append({"label": label, "cells": cells,
                         "total": sum((values.get((code, y), Decimal(0)) for y in self.fiscal_years), Decimal(0))})
        year_totals = [
            sum((values.get((c, y), Decimal(0)) for c, _l in self.categories), Decimal(0)) for y in self.fiscal_years
        ]
        return {
            "years": [fiscal_year_label(y) for y in self.fiscal_years],
            "rows": rows,
            "year_totals": year_totals,
            "total": sum(year_totals, Decimal(0)),
        }

    def _amounts(self) -> dict[tuple[str, int], Decimal]:
        amounts = {}
        for year in self.fiscal_years:
            for code, _label in self.categories:
                name = self.cell(code, year)
                if self.is_bound and hasattr(self, "cleaned_data") and name in self.cleaned_data:
                    value = self.cleaned_data[name]
                elif self.is_bound:
                    # A cell the field refuses (NaN, 1e400, text...) counts for nothing; its error is shown.
                    try:
                        value = self.fields[name].clean(self.data.get(self.add_prefix(name)))
                    except forms.ValidationError:
                        value = None
                else:
                    value = None
                if value:
                    amounts[(code, year)] = value
        return amounts

    def clean(self):
        cleaned = super().clean()
        if not self.fiscal_years:
            raise forms.ValidationError(
                _("Enter the project's start and end dates first: the budget has one column per fiscal year.")
            )
        if self.errors:
            return cleaned
        problem = eligibility.request_problem(self.rules, sum(self._amounts().values(), Decimal(0)))
        if problem:
            raise forms.ValidationError(problem)
        return cleaned

    def display_value(self, name: str) -> str:
        if name.startswith("amount_"):
            value = self.cleaned_data.get(name)
            return f"{value:,.2f}" if value else ""
        return super().display_value(name)


class DocumentsForm(StepForm):
    """One field per required document type, whose value is that type's current verified files read from
    the database: files are uploaded by their own views (grants/documents/), never posted with this form.
    The step is complete exactly when every required type has a file."""

    title = _("Documents")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = document_slots(owner=self.application)
        for slot in self.slots:
            self.fields[slot.field_name] = forms.Field(
                label=slot.document_type.name, required=True, disabled=True, initial=slot.documents,
                widget=forms.MultipleHiddenInput,
                error_messages={"required": _("Missing: upload it before you submit.")},
            )

    def display_value(self, name: str) -> str:
        return "; ".join(f"{d.original_name} ({filesizeformat(d.size)})" for d in self.cleaned_data.get(name) or [])


class DeclarationsForm(StepForm):
    title = _("Declarations")

    accurate = forms.BooleanField(
        label=_("The information in this application is true, complete and accurate to the best of my knowledge.")
    )
    authority = forms.BooleanField(label=_("I am authorized to submit this application on behalf of the organization."))
    no_personal_information = forms.BooleanField(
        label=_("The application contains no personal information about any survivor or victim of human trafficking.")
    )
    reporting = forms.BooleanField(
        label=_("If funded, the organization will report progress and spending as the agreement requires.")
    )
    conflicts = forms.BooleanField(
        label=_("I have disclosed any real or perceived conflict of interest with the Ontario public service.")
    )
    signatory_name = forms.CharField(label=_("Your full name"), max_length=200)
    signatory_title = forms.CharField(label=_("Your position in the organization"), max_length=200)



# --- The anonymous eligibility check on a call's page ----------------------------------------------


class EligibilityCheckForm(forms.Form):
    """A visitor's answers about their organization and project, read by the call's rules (eligibility.py).
    Only the organization type is required; an answer left out decides nothing."""

    organization_type = forms.ChoiceField(
        label=_("What type of organization is it?"), choices=OrganizationType.choices, widget=forms.RadioSelect
    )
    indigenous_led = forms.ChoiceField(
        label=_("Is the organization Indigenous-led (its board and leadership mostly Indigenous people, serving "
                "Indigenous communities)?"),
        choices=YES_NO, widget=forms.RadioSelect,
    )
    total = forms.DecimalField(
        label=_("About how much would you ask for, in dollars?"), required=False, min_value=Decimal("0"),
        max_digits=12, decimal_places=2, widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    start_date = DateField(label=_("Project start date"), required=False)
    end_date = DateField(label=_("Project end date"), required=False)
    region = forms.ModelChoiceField(
        label=_("Where would the project take place?"), queryset=Region.objects.all(), required=False,
        empty_label=_("Choose a region"),
    )

    def __init__(self, *args, rules: eligibility.CallRules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        if not rules.requires_indigenous_led:
            del self.fields["indigenous_led"]

    def reasons(self) -> list[eligibility.Reason]:
        """Why this organization cannot apply, from the valid answers (empty: it can)."""
        data = self.cleaned_data
        region = data.get("region")
        return eligibility.reasons(
            self.rules,
            organization_type=data.get("organization_type"),
            indigenous_led=None if "indigenous_led" not in data else data["indigenous_led"] == "yes",
            total=data.get("total"),
            start=data.get("start_date"),
            end=data.get("end_date"),
            region_ids=[region.pk] if region else None,
        )
