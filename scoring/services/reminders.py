"""E-mail reminders to reviewers whose reviews are late (the send_review_reminders command, run by cron).

The command enqueues one task per reviewer; the task sends the reminder and records it in one transaction, so a
reminder is recorded only once the mail server took it. One that could not be sent is retried by the queue, and
stays in the back office's failed tasks if it never goes; the next interval's reminder is not skipped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from grants.applications.enums import ReviewPhase
from grants.kernel.audit import audit
from scoring import notifications
from scoring.enums import ReviewStatus
from scoring.models import Assignment
from scoring.selectors.reviewable import to_do_assignments

REMINDER_INTERVAL = dt.timedelta(days=3)


def _late(now: dt.datetime) -> QuerySet[Assignment]:
    """Assignments whose review is late and whose reviewer was not reminded of it within REMINDER_INTERVAL; an
    application withdrawn, screened ineligible or decided is on nobody's list (to_do_assignments)."""
    return (
        to_do_assignments(Assignment.objects.all())
        .filter(due_at__lt=now, call__review_phase=ReviewPhase.REVIEWING)
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_INTERVAL))
    )


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Enqueue a reminder for each reviewer whose reviews are late. Safe to run as often as cron likes: a task
    finds nothing left to remind of once another has sent it. Returns the number of reviewers to remind."""
    now = now or timezone.now()
    by_reviewer: dict[int, list[int]] = defaultdict(list)
    for reviewer_id, assignment_id in _late(now).order_by("reviewer_id", "due_at", "pk").values_list(
        "reviewer_id", "pk"
    ):
        by_reviewer[reviewer_id].append(assignment_id)
    with transaction.atomic():
        for reviewer_id, assignment_ids in by_reviewer.items():
            reminder_send.enqueue(reviewer_id=reviewer_id, assignment_ids=assignment_ids, now=now.isoformat())
    return len(by_reviewer)


@task()
def reminder_send(*, reviewer_id: int, assignment_ids: list[int], now: str) -> int:
    """Remind one reviewer of those of `assignment_ids` still late at `now`, and record it once sent. The rows stay
    locked while the mail server answers, so two runs never remind twice."""
    now_at = dt.datetime.fromisoformat(now)
    with transaction.atomic():
        late = list(
            _late(now_at)
            .select_for_update(of=("self",))
            .select_related("application", "call", "reviewer")
            .filter(pk__in=assignment_ids, reviewer_id=reviewer_id)
            .order_by("due_at", "pk")
        )
        if not late:
            return 0
        notifications.notify_late_now(assignments=late)  # a failure here rolls the record back
        Assignment.objects.filter(pk__in=[a.pk for a in late]).update(last_reminded_at=now_at)
        audit(actor=None, obj=late[0].reviewer, action="review.reminder_sent", assignments=[a.pk for a in late])
    return len(late)
