"""Reminders of late reviews: once per interval, by the command cron runs; recorded only once the mail server
took them."""

import datetime as dt
import io

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from grants.kernel import tasks
from scoring import services
from scoring.models import Assignment
from tests.scoring.factories import (
    SubmittedApplicationFactory,
    assign,
    reviewer,
    submitted_review,
)
from tests.tasks import run_worker


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
    with worker_after():
        assert (
            services.reminders_send(now=timezone.now() + services.REMINDER_INTERVAL + dt.timedelta(minutes=1))
            == 1
        )
    assert len(mailoutbox) == 1


def test_the_reminder_command_runs(review_call, mailoutbox):
    assign(SubmittedApplicationFactory(call=review_call), reviewer(), due_in_days=-2)
    call_command("send_review_reminders", stdout=io.StringIO())
    run_worker()
    assert Assignment.objects.filter(last_reminded_at__isnull=False).count() == 1


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_reminder_is_recorded_only_once_sent_and_sent_once_the_mail_server_is_back(
    review_call, mailoutbox, settings
):
    settings.TASK_RETRY_DELAYS = [0]  # one retry, at once: the server is still down then
    late = assign(SubmittedApplicationFactory(call=review_call), reviewer(email="late@example.org"), due_in_days=-2)
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"

    assert services.reminders_send() == 1
    run_worker(expect_failures=True)

    late.refresh_from_db()
    assert late.last_reminded_at is None  # not sent, so not recorded: the next run reminds again
    failed = DBTaskResult.objects.get(task_path="scoring.services.reminders.reminder_send")
    assert failed.status == "FAILED" and "mail server down" in failed.traceback
    assert len(failed.worker_ids) == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.task_rerun(result_id=failed.pk, by=None)
    run_worker()
    late.refresh_from_db()
    assert late.last_reminded_at is not None
    assert [m.to for m in mailoutbox] == [["late@example.org"]]
