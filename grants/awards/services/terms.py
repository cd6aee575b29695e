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
    "difference_reason",
    "signing_name",
    "signing_title",
    "signing_email",
)
TEXT_FIELDS = AWARD_FIELDS[2:]  # all but the dates


@dataclass(frozen=True)
class AwardTerms:
    """What staff set when they award or amend: the term, the amount approved for each fiscal year of it
    (April to March), the risk level, the organization's signing authority, the conditions of this award and,
    when the total is not what was requested, why. Text arrives as typed and is kept trimmed."""

    start_date: dt.date
    end_date: dt.date
    years: dict[int, Decimal]
    risk_level: str
    signing_name: str
    signing_title: str
    signing_email: str
    conditions_en: str = ""
    conditions_fr: str = ""
    difference_reason: str = ""

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


def check_terms(terms: AwardTerms, *, call: Call, requested: Decimal) -> None:
    """Refuse terms the call does not allow or that are incomplete; `requested` is the application's total."""
    start, end = terms.start_date, terms.end_date
    if end <= start:
        raise ServiceError(_("The term must end after it starts."))
    if end >= add_years(start, call.max_term_years):
        raise ServiceError(
            _("The term can last at most %(years)s years for this call.") % {"years": call.max_term_years}
        )
    expected = fiscal_years_between(start, end)
    if sorted(terms.years) != expected:
        raise ServiceError(
            _("Give an amount for each fiscal year of the term: %(years)s.")
            % {"years": ", ".join(fiscal_year_label(y) for y in expected)}
        )
    if any(amount < 0 for amount in terms.years.values()) or terms.total <= 0:
        raise ServiceError(_("The amounts cannot be negative, and the total must be more than zero."))
    if terms.risk_level not in RiskLevel.values:
        raise ServiceError(_("Choose a risk level."))
    if not (terms.signing_name and terms.signing_title and terms.signing_email):
        raise ServiceError(_("Name the organization's signing authority: name, title and e-mail address."))
    if terms.total != requested and not terms.difference_reason:
        raise ServiceError(
            _("The total differs from the %(requested)s requested: explain why.")
            % {"requested": format_money(requested)}
        )
