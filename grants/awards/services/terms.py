"""The terms of an award (AwardTerms) and the one check that creating and amending an award both make."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from grants.applications.models import Call
from grants.awards.enums import RiskLevel
from grants.kernel.errors import ServiceError
from grants.kernel.money import format_money
from grants.kernel.timeutils import add_years, fiscal_year_label, fiscal_years_between

# The terms stored on the award row itself (the yearly amounts are rows of their own), in the order an
# amendment lists what it changed.
AWARD_FIELDS = (
    "start_date",
    "end_date",
    "risk_level",
    "conditions_en",
    "conditions_fr",
    "difference_reason_en",
    "difference_reason_fr",
    "signing_name",
    "signing_title",
    "signing_email",
)
TEXT_FIELDS = AWARD_FIELDS[2:]  # all but the dates


@dataclass(frozen=True)
class AwardTerms:
    """What staff set when they award or amend: the term, the amount approved for each fiscal year of it
    (April to March), the risk level, the organization's signing authority, the conditions of this award and,
    when the total is below what was requested, why (in English and French). Text arrives as typed and is kept
    trimmed."""

    start_date: dt.date
    end_date: dt.date
    years: dict[int, Decimal]
    risk_level: str
    signing_name: str
    signing_title: str
    signing_email: str
    conditions_en: str = ""
    conditions_fr: str = ""
    difference_reason_en: str = ""
    difference_reason_fr: str = ""

    def __post_init__(self):
        for name in TEXT_FIELDS:
            object.__setattr__(self, name, (getattr(self, name) or "").strip())
        # A copy: the caller's dict may change after the terms were checked.
        object.__setattr__(self, "years", dict(self.years))

    @property
    def total(self) -> Decimal:
        return sum(self.years.values(), Decimal(0))

    def award_fields(self) -> dict:
        return {name: getattr(self, name) for name in AWARD_FIELDS}


class TermsError(ServiceError):
    """Terms the call or the request do not allow: `field` names the form field the message belongs beside
    (None: the form as a whole)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def check_terms(terms: AwardTerms, *, call: Call, requested: Decimal) -> None:
    """Refuse terms the call does not allow or that are incomplete; `requested` is the application's total.

    The one check of an award's terms: creating and amending an award both call it (the envelope, which needs
    the call's lock, is check_envelope's)."""
    start, end = terms.start_date, terms.end_date
    if end <= start:
        raise TermsError(_("The term must end after it starts."), field="end_date")
    if end >= add_years(start, call.max_term_years):
        raise TermsError(
            _("The term can last at most %(years)s years for this call.") % {"years": call.max_term_years},
            field="end_date",
        )
    expected = fiscal_years_between(start, end)
    if sorted(terms.years) != expected:
        raise TermsError(
            _("Give an amount for each fiscal year of the term: %(years)s.")
            % {"years": ", ".join(fiscal_year_label(y) for y in expected)}
        )
    for year, amount in sorted(terms.years.items()):
        if amount <= 0:
            raise TermsError(
                _("The amount for %(year)s must be more than zero: the term covers only the years it funds.")
                % {"year": fiscal_year_label(year)},
                field=f"amount_{year}",
            )
    if terms.total > requested:
        raise TermsError(
            _("The total of %(total)s is more than the %(requested)s requested: an award never exceeds the request.")
            % {"total": format_money(terms.total), "requested": format_money(requested)}
        )
    if terms.total > call.max_request:
        raise TermsError(
            _("The total of %(total)s is more than this call's maximum of %(max)s per application.")
            % {"total": format_money(terms.total), "max": format_money(call.max_request)}
        )
    if terms.risk_level not in RiskLevel.values:
        raise TermsError(_("Choose a risk level."), field="risk_level")
    for name, label in (("signing_name", _("name")), ("signing_title", _("title")),
                        ("signing_email", _("e-mail address"))):
        if not getattr(terms, name):
            raise TermsError(
                _("Name the organization's signing authority: give their %(what)s.") % {"what": label}, field=name
            )
    if terms.total < requested:
        for name in ("difference_reason_en", "difference_reason_fr"):
            if not getattr(terms, name):
                raise TermsError(
                    _(
                        "The total of %(total)s is below the %(requested)s requested: explain why, in English "
                        "and in French (the organization reads it in its own language)."
                    )
                    % {"total": format_money(terms.total), "requested": format_money(requested)},
                    field=name,
                )
