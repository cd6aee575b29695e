"""A report's life: started on a period (or requested by staff outside the schedule), submitted, returned for
revisions or accepted. One keyword-only function per change.

Each change of status goes through grants.kernel.audit.transition on the report's locked row (one audit entry
naming both states) and enqueues its notification in the same transaction. Reports on a period are submitted
from the day it starts and accepted in order. Accepting a period's report tells the awards module
(grants.awards.services.report_period_accepted) in the same transaction, which meets the condition of the payment
waiting for it and releases the payments then ready.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grants.awards import schedule
from grants.awards import services as award_services
from grants.awards.enums import AwardStatus
from grants.awards.models import Award, ReportingPeriod
from grants.kernel.audit import audit, transition
from grants.kernel.errors import DeadlineError, IncompleteError, ServiceError, TransitionError
from grants.organizations.models import User
from reporting import notifications
from reporting.enums import ReportStatus, VersionOutcome
from reporting.models import ProgressReport, ReportVersion, SpendingLine
from reporting.services.steps import NOT_EDITABLE, report_problems, report_snapshot


def period_budget(*, period: ReportingPeriod) -> dict[str, Decimal]:
    """The approved budget for one period by category: each fiscal year's budget lines, scaled to what the
    award approved for that year, shared among the year's periods by days (as the payment schedule does)."""
    award = period.award
    periods = [
        schedule.Period(number=p.number, start=p.start_date, end=p.end_date, due=p.due_date, final=p.is_final)
        for p in award.reporting_periods.order_by("number")
    ]
    approved = {y.fiscal_year: y.amount for y in award.years.all()}
    requested: dict[int, Decimal] = defaultdict(Decimal)
    by_category: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for line in award.application.budget_lines.all():
        requested[line.fiscal_year] += line.amount
        by_category[line.category][line.fiscal_year] = line.amount
    index = next(i for i, p in enumerate(periods) if p.number == period.number)
    result = {}
    for category, years in by_category.items():
        scaled = {
            year: (amount * approved.get(year, Decimal(0)) / requested[year]).quantize(schedule.CENT)
            if requested[year]
            else Decimal(0)
            for year, amount in years.items()
        }
        share = schedule.period_funding(periods=periods, years=scaled)[index]
        if share:
            result[category] = share
    return result


def _check_reportable(award: Award) -> None:
    """`award` read with its row locked, inside the caller's transaction."""
    if award.status not in AwardStatus.REPORTABLE:
        raise TransitionError(_("Reports are filed on active awards only."))


def _day(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def report_start(*, period: ReportingPeriod, by: User) -> ProgressReport:
    """The organization starts (or resumes) its report on a period; spending lines come from the budget."""
    with transaction.atomic():
        award = Award.objects.select_for_update().get(
            pk=ReportingPeriod.objects.values_list("award_id", flat=True).get(pk=period.pk)
        )
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        existing = ProgressReport.objects.filter(period=period).first()
        if existing:
            return existing
        _check_reportable(award)
        if period.report_accepted_at:
            raise TransitionError(_("The report on this period was already accepted."))
        report = ProgressReport.objects.create(award=period.award, period=period, created_by=by)
        SpendingLine.objects.bulk_create(
            [
                SpendingLine(report=report, category=category, budget=amount)
                for category, amount in period_budget(period=period).items()
            ]
        )
        audit(actor=by, obj=report, action="report.started", to_state=report.status)
    return report


def report_request(
    *, award: Award, title: str, start_date: dt.date, end_date: dt.date, due: dt.date, by: User
) -> ProgressReport:
    """Staff ask for a one-off report outside the schedule."""
    if not title.strip():
        raise ServiceError(_("Say what the report should cover."))
    if end_date < start_date:
        raise ServiceError(_("The period must end on or after the day it starts."))
    if due <= end_date:
        raise ServiceError(_("The report must be due after the end of the period it covers."))
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award.pk)
        _check_reportable(award)
        report = ProgressReport.objects.create(
            award=award, title=title.strip(), start_date=start_date, end_date=end_date, due=due, created_by=by
        )
        audit(actor=by, obj=report, action="report.requested", to_state=report.status, due=str(due))
        notifications.notify_report_requested(report=report)
    return report


def report_submit(*, report: ProgressReport, by: User, now: dt.datetime | None = None) -> ProgressReport:
    """Submit the report as its next version, with a snapshot of what staff will see. A report on a period that
    has not started yet is refused; an incomplete report is refused with its problems (report_problems). Either
    way nothing is written."""
    now = now or timezone.now()
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update(of=("self",)).select_related("period").get(pk=report.pk)
        starts = report.period.start_date if report.period_id else report.start_date
        if starts and award_services.today(now) < starts:
            raise DeadlineError(
                _("This report covers a period that starts on %(start)s; it can be submitted from that day.")
                % {"start": _day(starts)}
            )
        report.version += 1
        report.submitted_at = now
        transition(
            report,
            to=ReportStatus.SUBMITTED,
            allowed=ReportStatus.EDITABLE,
            by=by,
            action="report.submitted",
            refusal=str(NOT_EDITABLE),
            update_fields=["version", "submitted_at"],
            version=report.version,
        )
        if problems := report_problems(report=report):
            raise IncompleteError(_("The report is not complete yet."), problems=problems)
        ReportVersion.objects.create(
            report=report,
            number=report.version,
            snapshot=report_snapshot(report=report),
            submitted_at=now,
            submitted_by=by,
        )
        notifications.notify_report_submitted(report=report)
    return report


def _locked(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("award", "period")
        .get(pk=report.pk)
    )


def _decide(report: ProgressReport, *, outcome: str, comments: str, by: User, now: dt.datetime) -> ReportVersion:
    """Record staff's decision on the version just submitted."""
    version = report.versions.get(number=report.version)
    version.outcome, version.comments = outcome, comments.strip()
    version.decided_by, version.decided_at = by, now
    version.save(update_fields=["outcome", "comments", "decided_by", "decided_at"])
    return version


def report_return(
    *, report: ProgressReport, by: User, comments: str, now: dt.datetime | None = None
) -> ProgressReport:
    """Return the report for revisions, saying what to revise: its organization can change it again."""
    now = now or timezone.now()
    if not comments.strip():
        raise ServiceError(_("Tell the organization what to revise."))
    with transaction.atomic():
        report = _locked(report)
        transition(
            report,
            to=ReportStatus.RETURNED,
            allowed=ReportStatus.DECIDABLE,
            by=by,
            action="report.returned",
            refusal=_("Only a submitted report can be accepted or returned."),
            version=report.version,
        )
        version = _decide(report, outcome=VersionOutcome.RETURNED, comments=comments, by=by, now=now)
        notifications.notify_report_returned(report=report, version=version)
    return report


def _outstanding_before(period: ReportingPeriod) -> ReportingPeriod | None:
    """The first earlier period of the same award whose report is not accepted yet."""
    return (
        ReportingPeriod.objects.filter(
            award_id=period.award_id, number__lt=period.number, report_accepted_at__isnull=True
        )
        .order_by("number")
        .first()
    )


def report_accept(
    *, report: ProgressReport, by: User, comments: str = "", now: dt.datetime | None = None
) -> tuple[ProgressReport, award_services.Released]:
    """Accept the report; for a period's report, the awards module records it and, in the same transaction,
    releases the payments now ready. Returns the report and what was released (with what happens next)."""
    now = now or timezone.now()
    released = award_services.Released([], "")
    with transaction.atomic():
        report = _locked(report)
        if report.period_id and (earlier := _outstanding_before(report.period)):
            raise TransitionError(
                _(
                    "Report %(n)s (%(start)s to %(end)s) is still outstanding: reports are accepted in order, so "
                    "accept that one first."
                )
                % {"n": earlier.number, "start": _day(earlier.start_date), "end": _day(earlier.end_date)}
            )
        report.accepted_at = now
        transition(
            report,
            to=ReportStatus.ACCEPTED,
            allowed=ReportStatus.DECIDABLE,
            by=by,
            action="report.accepted",
            refusal=_("Only a submitted report can be accepted or returned."),
            update_fields=["accepted_at"],
            version=report.version,
        )
        _decide(report, outcome=VersionOutcome.ACCEPTED, comments=comments, by=by, now=now)
        if report.period_id:
            released = award_services.report_period_accepted(period=report.period, by=by, now=now)
        notifications.notify_report_accepted(report=report)
    return report, released
