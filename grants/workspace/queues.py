"""Staff's work queues: what needs doing, each counted by the same selector as the list its link opens, so the
number on the home is the number of rows on that list.

Application queues open the workspace's application list (`?queue=<key>`), each row linked straight to the step
it waits for; award queues open the tracking page filtered by flag; report queues open reporting's own lists.
Conversations waiting for staff (unread messages, unanswered questions) open grants.conversations' queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grants.applications.models import Application
from grants.awards import selectors as awards
from grants.awards.enums import TrackingFlag
from grants.conversations import selectors as conversations
from grants.kernel import versions
from reporting import selectors as reporting
from scoring import selectors as scoring


@dataclass(frozen=True)
class ApplicationQueue:
    key: str
    label: Promise
    next_step: Promise  # the text of each row's link
    applications: Callable[[dt.datetime], QuerySet[Application]]
    next_url: Callable[[Application], str]  # where each row's link goes; the row has its call selected


APPLICATION_QUEUES = {
    queue.key: queue
    for queue in (
        ApplicationQueue(
            "to_screen",
            _("Applications to screen"),
            _("Screen it"),
            lambda now: scoring.applications_to_screen(),
            lambda a: reverse("scoring:screening_decide", args=[a.call.slug, a.pk]),
        ),
        ApplicationQueue(
            "reviews_overdue",
            _("Applications with a review overdue"),
            _("See its reviews"),
            lambda now: scoring.applications_with_reviews_overdue(now=now),
            lambda a: reverse("scoring:application_reviews", args=[a.call.slug, a.pk]),
        ),
        ApplicationQueue(
            "decisions_staged",
            _("Decisions staged, not released"),
            _("Release the call's decisions"),
            lambda now: awards.applications_with_staged_decisions(),
            lambda a: reverse("grants:call_decisions", args=[a.call.slug]),
        ),
        ApplicationQueue(
            "approved_without_award",
            _("Approved applications without an award"),
            _("Create the award"),
            lambda now: awards.applications_approved_without_award(),
            lambda a: reverse("grants:award_create", args=[a.pk]),
        ),
    )
}

AWARD_QUEUE_LABELS = {
    TrackingFlag.AGREEMENT: _("Agreements awaiting signature"),
    TrackingFlag.PAYMENT_DUE: _("Awards with a payment to release"),
    TrackingFlag.PAYMENT_WAITING: _("Awards with a payment waiting for its report"),
}


@dataclass(frozen=True)
class WorkQueue:
    key: str
    label: Promise
    count: int
    url: str


# Counts kept in the cache under the kernel's version token (grants.kernel.versions): every service that changes
# a queue audits its change, which replaces the token. The time limit bounds what moves with the clock alone (a
# review or a report becoming overdue, a payment coming due): at most a minute late.
COUNTS_SECONDS = 60


def work_queues(*, now: dt.datetime, today: dt.date) -> list[WorkQueue]:
    """Every queue in the order of a grant's life, with its count (eight queries whatever the numbers, none
    while the counts are in the cache)."""
    key = f"workspace:queue-counts:{versions.current()}:{today.isoformat()}"
    counts = cache.get(key)
    if counts is None:
        counts = _counts(now=now, today=today)
        cache.set(key, counts, COUNTS_SECONDS)
    applications = reverse("grants:staff_applications")
    queues = [
        WorkQueue(key, queue.label, counts[key], f"{applications}?{urlencode({'queue': key})}")
        for key, queue in APPLICATION_QUEUES.items()
    ]
    award_list = reverse("grants:award_list")
    queues += [
        WorkQueue(flag.value, label, counts[flag.value], f"{award_list}?{urlencode({'flag': flag.value})}")
        for flag, label in AWARD_QUEUE_LABELS.items()
    ]
    queues += [
        WorkQueue("reports_to_review", _("Reports submitted for review"), counts["reports_to_review"],
                  reverse("reporting:review_queue")),
        WorkQueue("reports_overdue", _("Reports overdue"), counts["reports_overdue"],
                  reverse("reporting:portfolio") + "#overdue"),
        WorkQueue("conversations", _("Conversations waiting: unread messages or unanswered questions"),
                  counts["conversations"], reverse("grants:conversation_queue")),
    ]
    return queues


def _counts(*, now: dt.datetime, today: dt.date) -> dict[str, int]:
    counts = {key: queue.applications(now).count() for key, queue in APPLICATION_QUEUES.items()}
    flags = awards.tracking_flag_counts(today=today)
    counts.update({flag.value: flags[flag] for flag in AWARD_QUEUE_LABELS})
    counts["reports_to_review"] = reporting.reports_for_review().count()
    counts["reports_overdue"] = reporting.overdue_periods(filters=reporting.PortfolioFilters(), today=today).count()
    counts["conversations"] = conversations.threads_for_staff().count()
    return counts
