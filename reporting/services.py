"""Writes for progress reports: one keyword-only function per state change.

Each checks its transition, writes an audit entry and sends its notification once the transaction commits.
Accepting a period's report tells the awards module (grants.awards.services.report_period_accepted), which
meets the condition of the payment waiting for it; that payment is then released if it is next in line.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.awards import schedule
from grants.awards import services as award_services
from grants.awards.models import Award, Payment, ReportingPeriod
from grants.documents.selectors import document_snapshot, documents_current
from grants.kernel.audit import audit
from grants.kernel.errors import IncompleteError, ServiceError, TransitionError
from grants.kernel.money import format_money as money
from grants.kernel.steps import save_step_record
from grants.organizations.models import User
from reporting import notifications
from reporting.documents import FINANCIAL_STATEMENT
from reporting.models import (
    Indicator,
    IndicatorValue,
    ProgressReport,
    ReportNotice,
    ReportStep,
    ReportVersion,
    SpendingLine,
)

logger = logging.getLogger(__name__)

REMINDER_DAYS = 14
VARIANCE = Decimal("0.10")
REPORTABLE = (Award.Status.ACTIVE, Award.Status.SUSPENDED)
# The form's steps; "documents" (attachments) saves nothing itself: its files are uploaded one by one.
STEPS = ("narrative", "indicators", "spending", "documents")


def needs_explanation(*, budget: Decimal, spent: Decimal | None) -> bool:
    """A line that varies from its approved budget by more than 10% must be explained."""
    if spent is None:
        return False
    if budget == 0:
        return spent > 0
    return abs(spent - budget) > budget * VARIANCE


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
    if award.status not in REPORTABLE:
        raise TransitionError(_("Reports are filed on active awards only."))


def report_start(*, period: ReportingPeriod, by: User) -> ProgressReport:
    """The organization starts (or resumes) its report on a period; spending lines come from the budget."""
    with transaction.atomic():
        period = (
            ReportingPeriod.objects.select_for_update(of=("self",)).select_related("award").get(pk=period.pk)
        )
        existing = ProgressReport.objects.filter(period=period).first()
        if existing:
            return existing
        _check_reportable(period.award)
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
    _check_reportable(award)
    if not title.strip():
        raise ServiceError(_("Say what the report should cover."))
    if end_date < start_date:
        raise ServiceError(_("The period must end on or after the day it starts."))
    if due <= end_date:
        raise ServiceError(_("The report must be due after the end of the period it covers."))
    with transaction.atomic():
        report = ProgressReport.objects.create(
            award=award, title=title.strip(), start_date=start_date, end_date=end_date, due=due, created_by=by
        )
        audit(actor=by, obj=report, action="report.requested", to_state=report.status, due=str(due))
        transaction.on_commit(lambda: notifications.notify_report_requested(report=report))
    return report


def _locked_editable(report: ProgressReport) -> ProgressReport:
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_editable:
        raise TransitionError(_("This report has been submitted and can no longer be changed."))
    return locked


def _mark_done(report: ProgressReport, step: str, done: bool = True) -> None:
    if done and step not in report.steps_done:
        report.steps_done = [*report.steps_done, step]
    elif not done and step in report.steps_done:
        report.steps_done = [s for s in report.steps_done if s != step]


def report_save_step(
    *, report: ProgressReport, step: str, data: dict, cleaned: dict | None, expected_version: int | None, by: User
) -> ReportStep:
    """Save what was typed in a step, valid or not, as applications do: `cleaned` is the step's cleaned data
    when it validated (its values are then written), else None. A step saved with errors counts as not done
    until it is corrected.

    The save names the version it was editing; if another member saved the step since, nothing is written
    and StepConflict carries their saved answers.
    """
    with transaction.atomic():
        report = _locked_editable(report)
        record, _created = ReportStep.objects.select_for_update().get_or_create(report=report, step=step)
        save_step_record(record, data=data, is_valid=cleaned is not None, expected_version=expected_version, by=by)
        if cleaned is not None:
            STEP_WRITERS[step](report=report, cleaned=cleaned, by=by)
        else:
            _mark_done(report, step, done=False)
            report.save(update_fields=["steps_done"])
    return record


def report_save_narrative(*, report: ProgressReport, narratives: dict[str, str], by: User) -> ProgressReport:
    with transaction.atomic():
        report = _locked_editable(report)
        report.narratives = {code: text.strip() for code, text in narratives.items()}
        _mark_done(report, "narrative")
        report.save(update_fields=["narratives", "steps_done"])
    return report


def report_save_indicators(*, report: ProgressReport, values: dict[int, int], by: User) -> ProgressReport:
    """`values` maps indicator ids (of the award's fund) to whole counts."""
    with transaction.atomic():
        report = _locked_editable(report)
        allowed = set(
            Indicator.objects.filter(fund_id=report.award.application.call.fund_id).values_list(
                "pk", flat=True
            )
        )
        report.indicator_values.all().delete()
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(report=report, indicator_id=pk, value=v)
                for pk, v in values.items()
                if pk in allowed
            ]
        )
        _mark_done(report, "indicators")
        report.save(update_fields=["steps_done"])
    return report


def report_save_spending(
    *, report: ProgressReport, lines: dict[str, tuple[Decimal | None, str]], by: User
) -> ProgressReport:
    """`lines` maps a budget category to (spent, explanation)."""
    with transaction.atomic():
        report = _locked_editable(report)
        for line in report.spending_lines.all():
            if line.category in lines:
                line.spent, line.explanation = lines[line.category][0], lines[line.category][1].strip()
                line.save(update_fields=["spent", "explanation"])
        _mark_done(report, "spending")
        report.save(update_fields=["steps_done"])
    return report


# A valid step's cleaned data, as each writer takes it (the step forms' field names: the pillar codes;
# "i<indicator id>"; "spent_<category>" and "why_<category>").
STEP_WRITERS = {
    "narrative": lambda *, report, cleaned, by: report_save_narrative(report=report, narratives=cleaned, by=by),
    "indicators": lambda *, report, cleaned, by: report_save_indicators(
        report=report, values={int(name[1:]): value for name, value in cleaned.items()}, by=by
    ),
    "spending": lambda *, report, cleaned, by: report_save_spending(
        report=report,
        lines={
            name.removeprefix("spent_"): (value, cleaned.get("why_" + name.removeprefix("spent_"), ""))
            for name, value in cleaned.items() if name.startswith("spent_")
        },
        by=by,
    ),
}


def steps_of(report: ProgressReport) -> tuple[str, ...]:
    """One-off reports have no budget of their own, so no spending step."""
    return STEPS if report.period_id else tuple(s for s in STEPS if s != "spending")


@dataclass(frozen=True)
class Problem:
    """What stops a report from being submitted, and the step where it is fixed."""

    step: str
    message: str

    def __str__(self) -> str:
        return self.message


def report_problems(*, report: ProgressReport) -> list[Problem]:
    problems = []
    labels = {
        "narrative": _("Describe the activities of the period."),
        "indicators": _("Give the indicator counts (0 where none)."),
        "spending": _("Give the spending by budget line."),
    }
    with_errors = set(
        ReportStep.objects.filter(report=report, is_valid=False).values_list("step", flat=True)
    )
    for step in steps_of(report):
        if step in labels and step not in report.steps_done:
            message = _("Correct the errors on this page.") if step in with_errors else labels[step]
            problems.append(Problem(step, message))
    if not any(text for text in report.narratives.values()) and "narrative" in report.steps_done:
        problems.append(Problem("narrative", labels["narrative"]))
    if report.period_id:
        for line in report.spending_lines.all():
            if line.spent is None and "spending" in report.steps_done:
                problems.append(
                    Problem(
                        "spending",
                        _("Give the amount spent on %(line)s.") % {"line": line.get_category_display()},
                    )
                )
            elif needs_explanation(budget=line.budget, spent=line.spent) and not line.explanation:
                problems.append(
                    Problem(
                        "spending",
                        _("Explain why %(line)s differs from its budget of %(budget)s by more than 10%%.")
                        % {"line": line.get_category_display(), "budget": money(line.budget)},
                    )
                )
        if report.period.is_final and not documents_current(owner=report).filter(
            document_type__code=FINANCIAL_STATEMENT
        ).exists():
            problems.append(
                Problem("documents", _("Attach the project's financial statement: the final report needs it."))
            )
    return problems


def report_snapshot(*, report: ProgressReport) -> dict:
    return {
        "subject": report.subject,
        "narratives": report.narratives,
        "indicators": [
            {
                "code": v.indicator.code,
                "name_en": v.indicator.name_en,
                "name_fr": v.indicator.name_fr,
                "value": v.value,
            }
            for v in report.indicator_values.select_related("indicator")
        ],
        "spending": [
            {
                "category": line.category,
                "budget": str(line.budget),
                "spent": None if line.spent is None else str(line.spent),
                "explanation": line.explanation,
            }
            for line in report.spending_lines.all()
        ],
        "documents": document_snapshot(owner=report),
    }


def report_submit(*, report: ProgressReport, by: User, now: dt.datetime | None = None) -> ProgressReport:
    now = now or timezone.now()
    with transaction.atomic():
        report = _locked_editable(report)
        problems = report_problems(report=report)
        if problems:
            raise IncompleteError(_("The report is not complete yet."), problems=problems)
        previous = report.status
        report.version += 1
        report.status, report.submitted_at = ProgressReport.Status.SUBMITTED, now
        report.save(update_fields=["version", "status", "submitted_at"])
        ReportVersion.objects.create(
            report=report,
            number=report.version,
            snapshot=report_snapshot(report=report),
            submitted_at=now,
            submitted_by=by,
        )
        audit(
            actor=by,
            obj=report,
            action="report.submitted",
            from_state=previous,
            to_state=report.status,
            version=report.version,
        )
        transaction.on_commit(lambda: notifications.notify_report_submitted(report=report))
    return report


def _locked_submitted(report: ProgressReport) -> tuple[ProgressReport, ReportVersion]:
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("award", "period")
        .get(pk=report.pk)
    )
    if report.status != ProgressReport.Status.SUBMITTED:
        raise TransitionError(_("Only a submitted report can be accepted or returned."))
    return report, report.versions.get(number=report.version)


def report_return(
    *, report: ProgressReport, by: User, comments: str, now: dt.datetime | None = None
) -> ProgressReport:
    now = now or timezone.now()
    if not comments.strip():
        raise ServiceError(_("Tell the organization what to revise."))
    with transaction.atomic():
        report, version = _locked_submitted(report)
        version.outcome, version.comments = ReportVersion.Outcome.RETURNED, comments.strip()
        version.decided_by, version.decided_at = by, now
        version.save(update_fields=["outcome", "comments", "decided_by", "decided_at"])
        report.status = ProgressReport.Status.RETURNED
        report.save(update_fields=["status"])
        audit(
            actor=by,
            obj=report,
            action="report.returned",
            from_state="submitted",
            to_state="returned",
            version=version.number,
        )
        transaction.on_commit(lambda: notifications.notify_report_returned(report=report, version=version))
    return report


def report_accept(
    *, report: ProgressReport, by: User, comments: str = "", now: dt.datetime | None = None
) -> tuple[ProgressReport, list[Payment], list[str]]:
    """Accept the report; for a period's report, release the payments that waited for it where they are next
    in line. Returns the report, the payments released, and why any waiting payment stays scheduled."""
    now = now or timezone.now()
    released, held = [], []
    with transaction.atomic():
        report, version = _locked_submitted(report)
        version.outcome, version.comments = ReportVersion.Outcome.ACCEPTED, comments.strip()
        version.decided_by, version.decided_at = by, now
        version.save(update_fields=["outcome", "comments", "decided_by", "decided_at"])
        report.status, report.accepted_at = ProgressReport.Status.ACCEPTED, now
        report.save(update_fields=["status", "accepted_at"])
        audit(
            actor=by,
            obj=report,
            action="report.accepted",
            from_state="submitted",
            to_state="accepted",
            version=version.number,
        )
        if report.period_id:
            award_services.report_period_accepted(period=report.period, by=by, now=now)
            waiting = report.award.payments.filter(
                report_period_id=report.period_id, status=Payment.Status.SCHEDULED
            ).order_by("number")
            for payment in waiting:
                try:
                    with transaction.atomic():
                        released.append(award_services.payment_release(payment=payment, by=by, now=now))
                except TransitionError as error:
                    held.append(str(error))
        transaction.on_commit(lambda: notifications.notify_report_accepted(report=report))
    return report, released, held


# --- Reminders ----------------------------------------------------------------------------------


def report_notices_send(*, today: dt.date) -> dict[str, int]:
    """Reminders REMINDER_DAYS before a report is due and a notice once it is overdue, each sent once.

    A report counts as filed once it is submitted (or accepted); a returned report is due again.
    """
    sent = {"reminder": 0, "overdue": 0, "failed": 0}
    not_filed = Q(progress_report__isnull=True) | Q(
        progress_report__status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED]
    )
    periods = ReportingPeriod.objects.filter(
        not_filed,
        report_accepted_at__isnull=True,
        award__status__in=REPORTABLE,
        due_date__lte=today + dt.timedelta(days=REMINDER_DAYS),
    ).select_related("award__application__organization")
    one_offs = ProgressReport.objects.filter(
        period__isnull=True,
        status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED],
        award__status__in=REPORTABLE,
        due__lte=today + dt.timedelta(days=REMINDER_DAYS),
    ).select_related("award__application__organization")
    items = [({"period": p}, p.due_date, p.award) for p in periods]
    items += [({"report": r}, r.due, r.award) for r in one_offs]
    for key, due, award in items:
        kind = ReportNotice.Kind.OVERDUE if due < today else ReportNotice.Kind.REMINDER
        try:
            # The record and the sending commit together: a notice whose e-mail failed is not recorded, so
            # the next run sends it; a concurrent run waits on the unique row and then skips it.
            with transaction.atomic():
                ReportNotice.objects.create(kind=kind, **key)
                notifications.notify_report_due(award=award, due=due, overdue=kind == ReportNotice.Kind.OVERDUE)
        except IntegrityError:
            continue  # sent before
        except Exception:  # noqa: BLE001 - one unreachable mailbox must not stop the others' notices
            logger.exception("Could not send the %s notice for award %s; the next run retries it", kind, award.pk)
            sent["failed"] += 1
            continue
        sent[kind] += 1
    return sent
