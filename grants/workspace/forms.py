"""The filters of staff's lists: validation only. A filter that does not validate is left out and its field says
why; the others still apply."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Call
from grants.kernel.search import MAX_LENGTH
from grants.organizations.models import OrganizationType, Region
from grants.workspace.queues import APPLICATION_QUEUES


class Filters(forms.Form):
    def values(self) -> dict:
        """The valid filters; None for one that is absent or invalid (its field shows the error)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or None for name in self.fields}


class SearchForm(Filters):
    q = forms.CharField(label=_("Search"), max_length=MAX_LENGTH, required=False, strip=True)


class ApplicationFilters(SearchForm):
    q = forms.CharField(
        label=_("Reference, title, organization or call"), max_length=MAX_LENGTH, required=False, strip=True
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ApplicationStatus.choices]
    )
    call = forms.ModelChoiceField(
        label=_("Call"),
        required=False,
        queryset=Call.objects.select_related("fund").order_by("-closes_at"),
        empty_label=_("Any call"),
    )
    queue = forms.ChoiceField(
        label=_("Work queue"),
        required=False,
        choices=[("", _("Any application")), *((key, q.label) for key, q in APPLICATION_QUEUES.items())],
    )


class OrganizationFilters(SearchForm):
    q = forms.CharField(
        label=_("Name, registration number or region"), max_length=MAX_LENGTH, required=False, strip=True
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all(), to_field_name="code",
        empty_label=_("Any region"),
    )
    type = forms.ChoiceField(
        label=_("Organization type"), required=False, choices=[("", _("Any type")), *OrganizationType.choices]
    )
