"""The envelope rule: the money a call commits to its awards never exceeds its envelope, nor a fiscal year's
limit where the call has one (CallYearEnvelope)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from grants.applications.models import Call
from grants.awards.models import Award, AwardYear
from grants.kernel.errors import ServiceError
from grants.kernel.money import format_money
from grants.kernel.timeutils import fiscal_year_label


class EnvelopeError(ServiceError):
    """The money asked for does not fit: `remaining` is what is left where it does not fit."""

    def __init__(self, message: str, *, remaining: Decimal, fiscal_year: int | None = None):
        super().__init__(message)
        self.remaining, self.fiscal_year = remaining, fiscal_year


def check_envelope(*, call: Call, years: dict[int, Decimal], excluding: Award | None = None) -> None:
    """Refuse money that does not fit in the call's envelope or in a fiscal year's limit.

    The caller holds the call's row lock, so that concurrent awards in the same call are checked one after
    the other; `excluding` is the award being amended, whose current money is replaced.
    """
    committed = AwardYear.objects.filter(award__application__call=call)
    if excluding is not None:
        committed = committed.exclude(award=excluding)
    by_year = {
        row["fiscal_year"]: row["total"]
        for row in committed.values("fiscal_year").annotate(total=Sum("amount"))
    }
    asked = sum(years.values(), Decimal(0))
    remaining = call.envelope - sum(by_year.values(), Decimal(0))
    if asked > remaining:
        raise EnvelopeError(
            _(
                "%(asked)s does not fit in the call's envelope: %(remaining)s of %(envelope)s remains "
                "uncommitted."
            )
            % {
                "asked": format_money(asked),
                "remaining": format_money(max(remaining, Decimal(0))),
                "envelope": format_money(call.envelope),
            },
            remaining=max(remaining, Decimal(0)),
        )
    for limit in call.year_envelopes.filter(fiscal_year__in=list(years)):
        left = limit.amount - by_year.get(limit.fiscal_year, Decimal(0))
        if years[limit.fiscal_year] > left:
            raise EnvelopeError(
                _(
                    "%(asked)s for %(year)s does not fit in that year's envelope: %(remaining)s of "
                    "%(limit)s remains."
                )
                % {
                    "asked": format_money(years[limit.fiscal_year]),
                    "year": fiscal_year_label(limit.fiscal_year),
                    "remaining": format_money(max(left, Decimal(0))),
                    "limit": format_money(limit.amount),
                },
                remaining=max(left, Decimal(0)),
                fiscal_year=limit.fiscal_year,
            )
