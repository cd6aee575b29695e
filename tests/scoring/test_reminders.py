"""Reminders of late reviews: once per interval, by the command cron runs."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from scoring import services
from scoring.models import Assignment
from tests.scoring.factories import (
    SubmittedApplicationFactory,
    assign,
    reviewer,
    submitted_review,
)


def test_late_reviewers_are_reminded_once_per_interval(
    review_call, mailoutbox, worker_after
):
    late = reviewer(email="late@example.org")
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(2)]
    for app in apps:
        assign(app, late, due_in_days=-1)
    submitted_review(
        assign(SubmittedApplicationFactory(call=review_call), reviewer(), due_in_days=-1), [3, 3]
    )
    assign(SubmittedApplicationFactory(call=review_call), reviewer(), due_in_days=10)  # not due yet
    with worker_after():
        assert services.reminders_send() == 1
    assert [m.to for m in mailoutbox] == [["late@example.org"]]
    assert all(app.reference in mailoutbox[0].body for app in apps)
    with worker_after():
        assert services.reminders_send() == 0
        assert (
            services.reminders_send(now=timezone.now() + services.REMINDER_INTERVAL + dt.timedelta(minutes=1))
            == 1
        )
    assert len(mailoutbox) == 2


def test_the_reminder_command_runs(review_call, mailoutbox):
    assign(SubmittedApplicationFactory(call=review_call), reviewer(), due_in_days=-2)
    call_command("send_review_reminders", stdout=io.StringIO())
    assert Assignment.objects.filter(last_reminded_at__isnull=False).count() == 1
