"""Reminders of clarification requests due (the send_clarification_reminders command, run by cron), as scoring
reminds late reviewers: the command enqueues one task per request; the task sends the reminder and records it in
one transaction, so a reminder is recorded only once the mail server took it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from grants.conversations import notifications
from grants.conversations.models import Clarification
from grants.conversations.services import ASKABLE
from grants.kernel.audit import audit

# Reminded from this long before the answer is due, and again every interval while it stays unanswered.
REMINDER_INTERVAL = dt.timedelta(days=2)


def _due(now: dt.datetime) -> QuerySet[Clarification]:
    return Clarification.objects.filter(
        answered_at__isnull=True, due_at__lte=now + REMINDER_INTERVAL, application__status__in=ASKABLE
    ).filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_INTERVAL))


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Enqueue a reminder for each open clarification request due soon or overdue. Returns how many."""
    now = now or timezone.now()
    ids = list(_due(now).order_by("due_at", "pk").values_list("pk", flat=True))
    with transaction.atomic():
        for clarification_id in ids:
            reminder_send.enqueue(clarification_id=clarification_id, now=now.isoformat())
    return len(ids)


@task()
def reminder_send(*, clarification_id: int, now: str) -> int:
    """Remind the organization of one request still open at `now`, and record it once sent."""
    now_at = dt.datetime.fromisoformat(now)
    with transaction.atomic():
        clarification = (
            _due(now_at).select_for_update(of=("self",)).select_related("application__organization", "thread")
            .filter(pk=clarification_id).first()
        )
        if clarification is None:
            return 0
        notifications.notify_clarification_due_now(clarification=clarification)  # a failure rolls the record back
        clarification.last_reminded_at = now_at
        clarification.save(update_fields=["last_reminded_at"])
        audit(actor=None, obj=clarification.application, action="clarification.reminder_sent",
              clarification=clarification.pk)
    return 1
