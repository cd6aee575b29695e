"""Form helpers shared by every app: saving typed answers valid or not, and date fields that take only
plausible dates."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

# Every date the portal deals with (calls, projects, terms, reports, reviews) falls in this century; a date
# outside it is a typing slip (0202 for 2026), and past year 9999 Python's dates cannot even hold the end of
# a term computed from it.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def cleaned_or_none(form) -> dict | None:
    """What a service that saves typed answers valid or not takes: the cleaned data when the form is valid."""
    return form.cleaned_data if form.is_valid() else None


def refuse_implausible(day: dt.date) -> None:
    """ValidationError unless the day is between EARLIEST and LATEST (for fields this module does not make)."""
    if not EARLIEST <= day <= LATEST:
        raise forms.ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


class DateField(forms.DateField):
    """A date between EARLIEST and LATEST; a date input offers only those."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}

    def validate(self, value):
        super().validate(value)
        if value is not None:
            refuse_implausible(value)


class DateTimeField(forms.DateTimeField):
    """A date and time (Toronto time) whose day is between EARLIEST and LATEST."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": f"{EARLIEST}T00:00", "max": f"{LATEST}T23:59"}

    def validate(self, value):
        super().validate(value)
        if value is not None:
            refuse_implausible(value.date())
