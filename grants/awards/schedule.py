"""Reporting periods and payment instalments, computed from an award's term, risk level and yearly amounts.

Pure functions over dates and Decimals: services store their results, tests and the benchmark call them
directly.

Reporting frequency by risk level (oversight proportional to risk). Periods follow the fiscal calendar
(quarters April–June, July–September, October–December, January–March) and are clipped to the term:
- high: a report for every fiscal quarter;
- medium: half-yearly (April–September, October–March), except that the term's first half-year is
  reported quarterly, so a first-quarter report comes early in the relationship;
- low: half-yearly only: no first-quarter report.
Each report is due REPORT_DUE_DAYS days after its period ends; the last one is the final report.

Payments: each fiscal year's amount is shared among that year's periods in proportion to their days.
An advance on the first day of the term pays for the first period; the instalment that follows the
report on period k (released once that report is accepted) pays for period k + 1; HOLDBACK of the last
period's money is kept until the final report is accepted. So there is an advance, then one payment per
reporting period, and each fiscal year's payments add up exactly to its approved amount.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from grants.awards.enums import PaymentKind, RiskLevel
from grants.kernel.timeutils import fiscal_year_of

REPORT_DUE_DAYS = 30
HOLDBACK = Decimal("0.10")
CENT = Decimal("0.01")


class ScheduleError(ValueError):
    """Amounts that cannot be scheduled, e.g. less for a year than was already paid in it."""

    def __init__(self, *, fiscal_year: int, paid: Decimal):
        super().__init__(f"{paid} was already paid for fiscal year {fiscal_year}.")
        self.fiscal_year, self.paid = fiscal_year, paid


@dataclass(frozen=True)
class Period:
    number: int
    start: dt.date
    end: dt.date
    due: dt.date
    final: bool = False

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.start)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Instalment:
    number: int
    kind: str
    due: dt.date
    amount: Decimal
    fiscal_year: int
    # The reporting period whose accepted report this payment waits for; None for no condition.
    period: int | None = None


def _quarter_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every fiscal quarter that begins after `start` and on or before `end`."""
    starts = []
    year = fiscal_year_of(start)
    while True:
        for month, in_year in ((4, 0), (7, 0), (10, 0), (1, 1)):
            day = dt.date(year + in_year, month, 1)
            if day > end:
                return starts
            if day > start:
                starts.append(day)
        year += 1


def reporting_periods(*, start: dt.date, end: dt.date, risk: str) -> list[Period]:
    if end < start:
        raise ValueError("The term ends before it starts.")
    boundaries = _quarter_starts(start, end)
    if risk != RiskLevel.HIGH:
        half_year_starts = [d for d in boundaries if d.month in (4, 10)]
        if risk == RiskLevel.MEDIUM:
            first_half_ends = half_year_starts[0] if half_year_starts else end + dt.timedelta(days=1)
            boundaries = sorted({*half_year_starts, *(d for d in boundaries if d < first_half_ends)})
        else:
            boundaries = half_year_starts
    starts = [start, *boundaries]
    ends = [d - dt.timedelta(days=1) for d in boundaries] + [end]
    last = len(starts) - 1
    return [
        Period(number=i + 1, start=s, end=e, due=e + dt.timedelta(days=REPORT_DUE_DAYS), final=i == last)
        for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    ]


def _split(total: Decimal, weights: list[int]) -> list[Decimal]:
    """`total` shared in proportion to `weights`, to the cent, the rounding left on the last share."""
    if not weights:
        return []
    whole = sum(weights)
    shares = [
        (total * w / whole).quantize(CENT, rounding=ROUND_HALF_UP) if whole else Decimal(0) for w in weights
    ]
    shares[-1] = total - sum(shares[:-1])
    return shares


def period_funding(*, periods: list[Period], years: dict[int, Decimal]) -> list[Decimal]:
    """The money for each period: its fiscal year's amount shared by days among that year's periods."""
    by_year: dict[int, list[Period]] = defaultdict(list)
    for period in periods:
        by_year[period.fiscal_year].append(period)
    funding: dict[int, Decimal] = {}
    for year, members in by_year.items():
        for period, share in zip(
            members, _split(years.get(year, Decimal(0)), [p.days for p in members]), strict=True
        ):
            funding[period.number] = share
    return [funding[p.number] for p in periods]


def instalments(
    *, periods: list[Period], years: dict[int, Decimal], earliest: dt.date | None = None
) -> list[Instalment]:
    """The whole plan: advance, one payment after each report, holdback after the final report."""
    funding = period_funding(periods=periods, years=years)
    holdback = (funding[-1] * HOLDBACK).quantize(CENT, rounding=ROUND_HALF_UP)
    funding[-1] -= holdback
    # Nothing falls due before `earliest` (the day the award is made): for a term that has already started, the
    # payments whose dates have passed are due that day, still in the plan's order.
    def due(day: dt.date) -> dt.date:
        return max(day, earliest) if earliest else day

    plan = [(PaymentKind.ADVANCE, due(periods[0].start), funding[0], periods[0].fiscal_year, None)]
    for k in range(1, len(periods)):
        plan.append(
            (PaymentKind.INSTALMENT, due(periods[k - 1].due), funding[k], periods[k].fiscal_year, periods[k - 1].number)
        )
    plan.append((PaymentKind.FINAL, due(periods[-1].due), holdback, periods[-1].fiscal_year, periods[-1].number))
    kept = [entry for entry in plan if entry[2] > 0]
    return [
        Instalment(number=i + 1, kind=kind, due=due, amount=amount, fiscal_year=year, period=period)
        for i, (kind, due, amount, year, period) in enumerate(kept)
    ]


def replan(
    *, plan: list[Instalment], released: list[Instalment], years: dict[int, Decimal], today: dt.date
) -> list[Instalment]:
    """The payments still to make after an amendment, keeping those already released.

    Payments are released in order, so the released ones stand for the first entries of the new plan;
    what remains of each fiscal year (its new amount less what was paid in it) is shared among the
    remaining entries of that year in the new plan's proportions, or paid as an adjustment now.
    """
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for payment in released:
        paid[payment.fiscal_year] += payment.amount
    for year, amount in paid.items():
        if years.get(year, Decimal(0)) < amount:
            raise ScheduleError(fiscal_year=year, paid=amount)
    rest = plan[len(released) :]
    result: list[Instalment] = []
    for year in sorted(years):
        target = years[year] - paid[year]
        entries = [e for e in rest if e.fiscal_year == year]
        if entries:
            shares = _split(target, [int(e.amount * 100) for e in entries])
            result += [replace(e, amount=share) for e, share in zip(entries, shares, strict=True)]
        elif target > 0:
            result.append(Instalment(number=0, kind=PaymentKind.ADJUSTMENT, due=today, amount=target, fiscal_year=year))
    result.sort(key=lambda e: (e.due, e.fiscal_year))
    start = len(released) + 1
    return [replace(e, number=start + i) for i, e in enumerate(x for x in result if x.amount > 0)]
