"""The steps of the report form and staff's forms. Counts are whole numbers and narratives carry a warning:
nothing here may hold a person's identity."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.kernel.forms import DateField
from grants.kernel.money import format_money as money
from grants.kernel.timeutils import fiscal_year_label
from reporting.models import NO_IDENTITY
from reporting.selectors.portfolio import PortfolioFilters
from reporting.services.steps import needs_explanation


class NarrativeForm(forms.Form):
    # The boxes answer one question, at least one of them required (clean): the step's template shows them as
    # one group with this legend and the warning once, and marks none of them "(optional)".
    group_legend = _("Describe the period's activities under at least one pillar")
    group_hint = NO_IDENTITY

    def __init__(self, *args, pillars, initial_texts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for pillar in pillars:
            self.fields[pillar.code] = forms.CharField(
                label=_("Activities and results: %(pillar)s") % {"pillar": pillar.name},
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
                max_length=5000,
                initial=initial_texts.get(pillar.code, ""),
            )

    def clean(self):
        data = super().clean()
        if not any((text or "").strip() for text in data.values()):
            raise forms.ValidationError(_("Describe the activities of the period under at least one pillar."))
        return data


class IndicatorsForm(forms.Form):
    def __init__(self, *args, indicators, initial_values: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"i{indicator.pk}"] = forms.IntegerField(
                label=indicator.name,
                help_text=_("%(pillar)s. A total for the period, in %(unit)s; 0 if none.")
                % {"pillar": indicator.pillar.name, "unit": indicator.get_unit_display()},
                min_value=0,
                max_value=10_000_000,
                initial=initial_values.get(indicator.pk),
                error_messages={"required": _("Enter a whole number, 0 if none.")},
            )


class SpendingForm(forms.Form):
    """Spent per budget line; more than 10% away from the line's budget must be explained."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            name = line.get_category_display()
            self.fields[f"spent_{line.category}"] = forms.DecimalField(
                label=_("%(line)s: spent") % {"line": name},
                help_text=_("Approved for the period: %(budget)s") % {"budget": money(line.budget)},
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0"),
                initial=line.spent,
                error_messages={"required": _("Enter the amount spent, 0 if none.")},
            )
            self.fields[f"why_{line.category}"] = forms.CharField(
                label=_("%(line)s: why it differs from the budget") % {"line": name},
                help_text=_("Required when spending differs from the budget by more than 10%."),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
                initial=line.explanation,
            )

    def clean(self):
        data = super().clean()
        for line in self.lines:
            spent = data.get(f"spent_{line.category}")
            if (
                needs_explanation(budget=line.budget, spent=spent)
                and not (data.get(f"why_{line.category}") or "").strip()
            ):
                self.add_error(
                    f"why_{line.category}",
                    _("This line differs from its budget by more than 10%: explain why."),
                )
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the report")), ("return", _("Return it for revisions"))],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments to the organization"),
        help_text=_("Required when you return the report: say what to revise."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    # Shown beside the label instead of "(optional)" (templates/includes/field.html): required for one choice.
    comments.flag = _("(required to return it)")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comments") or "").strip():
            self.add_error("comments", _("Tell the organization what to revise."))
        return data


class RequestForm(forms.Form):
    title = forms.CharField(label=_("What the report should cover"), max_length=200)
    start_date = DateField(label=_("From"), help_text=_("For example 2026-04-01"))
    end_date = DateField(label=_("To"))
    due = DateField(label=_("Due"))

    def clean(self):
        data = super().clean()
        start, end, due = data.get("start_date"), data.get("end_date"), data.get("due")
        if start and end and end < start:
            self.add_error("end_date", _("The period must end on or after the day it starts."))
        if end and due and due <= end:
            self.add_error("due", _("The report must be due after the end of the period it covers."))
        return data


class PortfolioFilterForm(forms.Form):
    """The portfolio's filters (GET). An unknown value is reported and ignored rather than failing."""

    fund = forms.ChoiceField(label=_("Fund"), required=False)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int, empty_value=None)
    region = forms.ChoiceField(label=_("Region"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)

    def __init__(self, *args, funds: dict, years: list[int], regions: dict, pillars: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["fund"].choices = everything + list(funds.items())
        self.fields["fiscal_year"].choices = everything + [(y, fiscal_year_label(y)) for y in years]
        self.fields["region"].choices = everything + list(regions.items())
        self.fields["pillar"].choices = everything + list(pillars.items())

    def filters(self) -> PortfolioFilters:
        if not self.is_valid():
            return PortfolioFilters()
        return PortfolioFilters(**self.cleaned_data)
