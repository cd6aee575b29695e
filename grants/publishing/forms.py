"""The directory's filters and the staff export's choice of fund and fiscal year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.kernel.timeutils import fiscal_year_label
from grants.publishing.selectors import DirectoryFilters


def _choices(refs, empty):
    return [("", empty), *((ref.code, ref.name) for ref in refs)]


class DirectoryFilterForm(forms.Form):
    fund = forms.ChoiceField(label=_("Fund"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar of the strategy"), required=False)
    population = forms.ChoiceField(label=_("People served"), required=False)

    def __init__(self, data=None, *, lists: dict, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["fund"].choices = _choices(lists["funds"], _("All funds"))
        self.fields["region"].choices = _choices(lists["regions"], _("All regions"))
        self.fields["pillar"].choices = _choices(lists["pillars"], _("All pillars"))
        self.fields["population"].choices = _choices(lists["populations"], _("Everyone"))

    def filters(self) -> DirectoryFilters:
        """The valid filters; a value not in a list (an old or altered link) is left out, and the form says so."""
        if not self.is_bound:
            return DirectoryFilters()
        self.is_valid()
        cleaned = {name: self.cleaned_data.get(name, "") for name in self.fields}
        return DirectoryFilters(**cleaned)


class ExportForm(forms.Form):
    fund = forms.ChoiceField(label=_("Fund"), required=False)
    year = forms.TypedChoiceField(label=_("Fiscal year (April to March)"), coerce=int)

    def __init__(self, data=None, *, funds, years: list[int], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["fund"].choices = _choices(funds, _("All funds"))
        self.fields["year"].choices = [(year, fiscal_year_label(year)) for year in years]
