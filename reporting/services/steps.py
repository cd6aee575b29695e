"""What a report holds, step by step: the steps' saves (what was typed, valid or not), the rule that spending far
from its budget is explained, what stops a report from being submitted, and the snapshot kept of each version.

Every save locks the report and refuses once it is submitted; the state changes are in reports.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.documents.selectors import document_snapshot, documents_current
from grants.kernel.errors import TransitionError
from grants.kernel.money import format_money as money
from grants.kernel.steps import save_step_record
from grants.organizations.models import User
from reporting.documents import FINANCIAL_STATEMENT
from reporting.enums import ReportStatus
from reporting.models import Indicator, IndicatorValue, ProgressReport, ReportStep

VARIANCE = Decimal("0.10")
# The form's steps; "documents" (attachments) saves nothing itself: its files are uploaded one by one.
STEPS = ("narrative", "indicators", "spending", "documents")
# Lazy: the refusal of both a save and a submission, shown in the language of the request that meets it.
NOT_EDITABLE = gettext_lazy("This report has been submitted and can no longer be changed.")


def needs_explanation(*, budget: Decimal, spent: Decimal | None) -> bool:
    """A line that varies from its approved budget by more than 10% must be explained."""
    if spent is None:
        return False
    if budget == 0:
        return spent > 0
    return abs(spent - budget) > budget * VARIANCE


def steps_of(report: ProgressReport) -> tuple[str, ...]:
    """One-off reports have no budget of their own, so no spending step."""
    return STEPS if report.period_id else tuple(s for s in STEPS if s != "spending")


def _locked_editable(report: ProgressReport) -> ProgressReport:
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if locked.status not in ReportStatus.EDITABLE:
        raise TransitionError(str(NOT_EDITABLE))
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


@dataclass(frozen=True)
class Problem:
    """What stops a report from being submitted, and the step where it is fixed."""

    step: str
    message: str

    def __str__(self) -> str:
        return self.message


def report_problems(*, report: ProgressReport) -> list[Problem]:
    """What stops the report from being submitted: the list "Check and submit" shows, and report_submit's
    refusal."""
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
