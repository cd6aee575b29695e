"""Reminders and overdue notices (reporting/services/notices.py, command send_report_reminders): each sent once
however often cron runs, none for a filed report, and one the mail server could not take goes out once it is
back (the queue retries it)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from reporting import services
from reporting.models import ProgressReport, ReportNotice
from tests.reporting.factories import filled_report
from tests.tasks import run_worker

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture(autouse=True)
def _award_mail_sent(award, mailoutbox):
    """The award's own e-mails (offer, acceptance) go out first: these tests count the notices."""
    run_worker()
    mailoutbox.clear()


def _command() -> str:
    out = StringIO()
    call_command("send_report_reminders", stdout=out)
    return out.getvalue()


def test_reminder_command_sends_each_notice_once(award, applicant, mailoutbox):
    first_due = award.reporting_periods.get(number=1).due_date  # 2027-07-30
    # Three weeks before: nothing yet.
    with time_machine.travel(dt.datetime(2027, 7, 9, 9, tzinfo=TORONTO), tick=False):
        assert _command() == "reminders: 0, overdue notices: 0, failed (retried next run): 0\n"
    # Ten days before: one reminder, however often cron runs.
    with time_machine.travel(dt.datetime(2027, 7, 20, 9, tzinfo=TORONTO), tick=False):
        assert _command() == "reminders: 1, overdue notices: 0, failed (retried next run): 0\n"
        assert _command() == "reminders: 0, overdue notices: 0, failed (retried next run): 0\n"
        run_worker()
    assert len(mailoutbox) == 1
    assert "due on" in mailoutbox[0].body and award.reference in mailoutbox[0].subject
    # The day after the due date: one overdue notice, once.
    with time_machine.travel(dt.datetime(2027, 7, 31, 9, tzinfo=TORONTO), tick=False):
        assert _command() == "reminders: 0, overdue notices: 1, failed (retried next run): 0\n"
        assert _command() == "reminders: 0, overdue notices: 0, failed (retried next run): 0\n"
        run_worker()
    assert len(mailoutbox) == 2
    assert "overdue" in mailoutbox[1].subject
    assert str(first_due.year) in mailoutbox[1].body


def test_a_submitted_report_gets_no_overdue_notice(award, applicant, mailoutbox):
    services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    run_worker()
    mailoutbox.clear()  # the officer's "report submitted"
    with time_machine.travel(dt.datetime(2027, 7, 31, 9, tzinfo=TORONTO), tick=False):
        assert _command() == "reminders: 0, overdue notices: 0, failed (retried next run): 0\n"
        run_worker()
    assert mailoutbox == []
    assert ProgressReport.objects.get().status == ProgressReport.Status.SUBMITTED


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_notice_the_mail_server_could_not_take_goes_out_once_it_is_back(award, applicant, settings, mailoutbox):
    settings.TASK_RETRY_DELAYS = [60]
    with time_machine.travel(dt.datetime(2027, 7, 20, 9, tzinfo=TORONTO), tick=False) as traveller:
        settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"
        assert _command() == "reminders: 1, overdue notices: 0, failed (retried next run): 0\n"
        run_worker()
        assert ReportNotice.objects.count() == 1  # recorded with its e-mail's task: neither goes without the other
        assert _command() == "reminders: 0, overdue notices: 0, failed (retried next run): 0\n"

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        traveller.shift(dt.timedelta(minutes=2))
        run_worker()
    assert len(mailoutbox) == 1
