"""Reminders before a report is due and notices once it is overdue, each sent once however often cron runs
(management command send_report_reminders)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q

from grants.awards.enums import AwardStatus
from grants.awards.models import ReportingPeriod
from reporting import notifications
from reporting.enums import NoticeKind, ReportStatus
from reporting.models import ProgressReport, ReportNotice

logger = logging.getLogger(__name__)

REMINDER_DAYS = 14


def report_notices_send(*, today: dt.date) -> dict[str, int]:
    """Reminders REMINDER_DAYS before a report is due and a notice once it is overdue, each sent once.

    A report counts as filed once it is submitted (or accepted); a returned report is due again.
    """
    sent = {"reminder": 0, "overdue": 0, "failed": 0}
    not_filed = Q(progress_report__isnull=True) | Q(progress_report__status__in=ReportStatus.UNFILED)
    periods = ReportingPeriod.objects.filter(
        not_filed,
        report_accepted_at__isnull=True,
        award__status__in=AwardStatus.REPORTABLE,
        due_date__lte=today + dt.timedelta(days=REMINDER_DAYS),
    ).select_related("award__application__organization")
    one_offs = ProgressReport.objects.filter(
        period__isnull=True,
        status__in=ReportStatus.UNFILED,
        award__status__in=AwardStatus.REPORTABLE,
        due__lte=today + dt.timedelta(days=REMINDER_DAYS),
    ).select_related("award__application__organization")
    items = [({"period": p}, p.due_date, p.award) for p in periods]
    items += [({"report": r}, r.due, r.award) for r in one_offs]
    for key, due, award in items:
        kind = NoticeKind.OVERDUE if due < today else NoticeKind.REMINDER
        try:
            # The record and its e-mail's task commit together: the queue delivers a recorded notice, retrying
            # while the mail server is down; one that could not be queued is not recorded, so the next run tries
            # again. A concurrent run waits on the unique row and then skips it.
            with transaction.atomic():
                ReportNotice.objects.create(kind=kind, **key)
                notifications.notify_report_due(award=award, due=due, overdue=kind == NoticeKind.OVERDUE)
        except IntegrityError:
            continue  # sent before
        except Exception:  # noqa: BLE001 - one notice that cannot be written must not stop the others
            logger.exception("Could not queue the %s notice for award %s; the next run retries it", kind, award.pk)
            sent["failed"] += 1
            continue
        sent[kind] += 1
    return sent
