"""Writes for progress reporting, one keyword-only function per change, by sub-domain:

- reports.py: a report's life (start, one-off request, submit, return, accept) and a period's budget;
- steps.py: what a report holds, saved step by step, what stops it from being submitted, its snapshot;
- notices.py: reminders and overdue notices, each sent once.

Callers use `from reporting import services; services.report_submit(...)`.
"""

from reporting.services.notices import REMINDER_DAYS, report_notices_send
from reporting.services.reports import (
    period_budget,
    report_accept,
    report_request,
    report_return,
    report_start,
    report_submit,
)
from reporting.services.steps import (
    STEPS,
    VARIANCE,
    Problem,
    needs_explanation,
    report_problems,
    report_save_indicators,
    report_save_narrative,
    report_save_spending,
    report_save_step,
    report_snapshot,
    steps_of,
)

__all__ = [
    "REMINDER_DAYS",
    "STEPS",
    "VARIANCE",
    "Problem",
    "needs_explanation",
    "period_budget",
    "report_accept",
    "report_notices_send",
    "report_problems",
    "report_request",
    "report_return",
    "report_save_indicators",
    "report_save_narrative",
    "report_save_spending",
    "report_save_step",
    "report_snapshot",
    "report_start",
    "report_submit",
    "steps_of",
]
