"""E-mail reminders to reviewers whose reviews are late (the send_review_reminders command, run by cron)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from grants.applications.enums import ReviewPhase
from grants.kernel.audit import audit
from scoring import notifications
from scoring.enums import ReviewStatus
from scoring.models import Assignment
from scoring.selectors.reviewable import to_do_assignments

REMINDER_INTERVAL = dt.timedelta(days=3)


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail each reviewer whose reviews are late, at most once every REMINDER_INTERVAL. Safe to run
    as often as cron likes. Returns the number of reviewers reminded."""
    now = now or timezone.now()
    with transaction.atomic():
        late = list(
            to_do_assignments(Assignment.objects.select_for_update(of=("self",)))
            .select_related("application", "call", "reviewer")
            .filter(due_at__lt=now, call__review_phase=ReviewPhase.REVIEWING)
            .exclude(review__status=ReviewStatus.SUBMITTED)
            .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_INTERVAL))
            .order_by("reviewer_id", "due_at", "pk")
        )
        by_reviewer: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in late:
            by_reviewer[assignment.reviewer_id].append(assignment)
        Assignment.objects.filter(pk__in=[a.pk for a in late]).update(last_reminded_at=now)
        for assignments in by_reviewer.values():
            audit(
                actor=None,
                obj=assignments[0].reviewer,
                action="review.reminder_sent",
                assignments=[a.pk for a in assignments],
            )
        transaction.on_commit(
            lambda: [notifications.notify_late(assignments=a) for a in by_reviewer.values()]
        )
    return len(by_reviewer)
