"""An award's stored plan: its amount per fiscal year, its reporting periods and the payments still to make.

schedule.py computes; this module writes what it computes, keeping what has already happened (periods whose
report was accepted, payments released). Awarding, amending and closing an award all go through here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.awards import schedule
from grants.awards.models import Award, AwardYear, Payment, ReportingPeriod
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.money import format_money
from grants.kernel.timeutils import fiscal_year_label, local


def today(now: dt.datetime | None = None) -> dt.date:
    """The date in Toronto: payments fall due and reports become overdue by Ontario's calendar."""
    return local(now or timezone.now()).date()


def years_of(*, award: Award) -> dict[int, Decimal]:
    return {y.fiscal_year: y.amount for y in award.years.order_by("fiscal_year")}


def set_years(*, award: Award, years: dict[int, Decimal]) -> None:
    award.years.exclude(fiscal_year__in=list(years)).delete()
    for year, amount in years.items():
        AwardYear.objects.update_or_create(award=award, fiscal_year=year, defaults={"amount": amount})


def write_plan(*, award: Award, years: dict[int, Decimal], now: dt.datetime) -> None:
    """(Re)write the reporting periods and the payments still to make, keeping what has happened.

    Periods up to the last one whose report was accepted stay as they are; the rest of the term is planned
    again from the day after. Released payments stay; the others are planned again (schedule.replan).
    """
    existing = list(award.reporting_periods.order_by("number"))
    last_accepted = max((p.number for p in existing if p.report_accepted_at), default=0)
    kept = [p for p in existing if p.number <= last_accepted]
    resume = kept[-1].end_date + dt.timedelta(days=1) if kept else award.start_date
    if kept and (award.start_date != kept[0].start_date or award.end_date < kept[-1].end_date):
        raise TransitionError(
            _(
                "A report has been accepted for %(start)s to %(end)s: the term must still start on "
                "%(start)s and "
                "cover the periods already reported on."
            )
            % {"start": kept[0].start_date, "end": kept[-1].end_date}
        )
    fresh = (
        []
        if resume > award.end_date
        else [
            schedule.Period(
                number=last_accepted + p.number, start=p.start, end=p.end, due=p.due, final=p.final
            )
            for p in schedule.reporting_periods(start=resume, end=award.end_date, risk=award.risk_level)
        ]
    )
    if kept:
        ReportingPeriod.objects.filter(pk=kept[-1].pk).update(is_final=not fresh)
    periods = [
        schedule.Period(number=p.number, start=p.start_date, end=p.end_date, due=p.due_date) for p in kept
    ]
    periods += fresh
    released = list(award.payments.filter(status=Payment.Status.RELEASED).order_by("number"))
    # The payments still to make go first: each holds the row of the period it waits for.
    award.payments.filter(status=Payment.Status.SCHEDULED).delete()
    rows = _write_periods(award=award, existing=existing, fresh=fresh, last_accepted=last_accepted)
    _write_payments(award=award, periods=periods, rows=rows, released=released, years=years, now=now)


def _write_periods(
    *, award: Award, existing: list[ReportingPeriod], fresh: list[schedule.Period], last_accepted: int
) -> dict[int, ReportingPeriod]:
    """Store the periods planned again, reusing the rows whose dates did not move; returns every period's row
    by number."""
    rows = {p.number: p for p in existing}
    try:
        for period in fresh:
            row = rows.get(period.number)
            if row and (row.start_date, row.end_date) == (period.start, period.end):
                row.due_date, row.is_final = period.due, period.final
                row.save(update_fields=["due_date", "is_final"])
            else:
                if row:
                    row.delete()
                rows[period.number] = ReportingPeriod.objects.create(
                    award=award,
                    number=period.number,
                    start_date=period.start,
                    end_date=period.end,
                    due_date=period.due,
                    is_final=period.final,
                )
        for number in [n for n in rows if n > (fresh[-1].number if fresh else last_accepted)]:
            rows.pop(number).delete()
    except ProtectedError as exc:
        raise TransitionError(
            _(
                "A progress report was filed for a period this change would remove; "
                "decide on that report first."
            )
        ) from exc
    return rows


def _write_payments(
    *,
    award: Award,
    periods: list[schedule.Period],
    rows: dict[int, ReportingPeriod],
    released: list[Payment],
    years: dict[int, Decimal],
    now: dt.datetime,
) -> None:
    """Plan the payments still to make, counting those `released` already."""
    plan = schedule.instalments(periods=periods, years=years, earliest=today(now))
    done = [
        schedule.Instalment(
            number=p.number, kind=p.kind, due=p.due_date, amount=p.amount, fiscal_year=p.fiscal_year
        )
        for p in released
    ]
    try:
        upcoming = schedule.replan(plan=plan, released=done, years=years, today=today(now))
    except schedule.ScheduleError as error:
        raise ServiceError(
            _("%(paid)s has already been paid for %(year)s; the amount for that year cannot be less.")
            % {"paid": format_money(error.paid), "year": fiscal_year_label(error.fiscal_year)}
        ) from error
    first_number = max((p.number for p in award.payments.all()), default=0) + 1
    Payment.objects.bulk_create(
        [
            Payment(
                award=award,
                number=first_number + i,
                kind=entry.kind,
                fiscal_year=entry.fiscal_year,
                due_date=entry.due,
                amount=entry.amount,
                condition=Payment.Condition.REPORT_ACCEPTED if entry.period else Payment.Condition.NONE,
                report_period=rows[entry.period] if entry.period else None,
            )
            for i, entry in enumerate(upcoming)
        ]
    )
