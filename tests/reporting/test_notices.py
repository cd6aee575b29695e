"""Report schedule per risk level, one-off reports, and the reminder command's idempotence."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.urls import reverse

from reporting.models import ProgressReport, ReportNotice
from tests.reporting.factories import filled_report, funded_award

TORONTO = ZoneInfo("America/Toronto")


@pytest.mark.parametrize(
    ("risk", "expected", "first_due"),
    [
        # Term April 2027 to March 2029: quarters for high risk; for medium the first half-year quarterly,
        # then half-years; for low half-years only. Each is due 30 days after its period; the last is final.
        ("high", 8, "July 30, 2027"),
        ("medium", 5, "July 30, 2027"),
        ("low", 4, "Oct. 30, 2027"),
    ],
)
def test_reports_due_follow_the_risk_level(
    login, applicant, organization, program_officer, risk, expected, first_due
):
    funded_award(organization=organization, officer=program_officer, owner=applicant, risk=risk)
    response = login(applicant).get(reverse("reporting:report_list"))
    assert response.status_code == 200
    assert response.content.count(b"data-report-row") == expected
    rows = response.content.decode().split("data-report-row")
    assert "Final report" in rows[-1] or "final report" in rows[-1]
    assert "final report" not in rows[1]
    assert first_due in rows[1]


def test_staff_ask_for_a_one_off_report(
    login, award, applicant, program_officer, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(program_officer)
    url = reverse("reporting:report_request", args=[award.pk])
    response = client.post(
        url,
        {
            "title": "Impact of the summer campaign",
            "start_date": "2027-06-01",
            "end_date": "2027-05-01",
            "due": "2027-05-02",
        },
    )
    assert response.status_code == 200
    assert "must end on or after" in response.content.decode()
    assert 'value="Impact of the summer campaign"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Impact of the summer campaign",
                "start_date": "2027-06-01",
                "end_date": "2027-08-31",
                "due": "2027-09-30",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert "Impact of the summer campaign" in mailoutbox[0].body

    page = login(applicant).get(reverse("reporting:report_list")).content.decode()
    assert "Impact of the summer campaign" in page
    assert page.count("data-report-row") == 6


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
    assert len(mailoutbox) == 1
    assert "due on" in mailoutbox[0].body and award.reference in mailoutbox[0].subject
    # The day after the due date: one overdue notice, once.
    with time_machine.travel(dt.datetime(2027, 7, 31, 9, tzinfo=TORONTO), tick=False):
        assert _command() == "reminders: 0, overdue notices: 1, failed (retried next run): 0\n"
        assert _command() == "reminders: 0, overdue notices: 0, failed (retried next run): 0\n"
    assert len(mailoutbox) == 2
    assert "overdue" in mailoutbox[1].subject
    assert str(first_due.year) in mailoutbox[1].body


def test_a_submitted_report_gets_no_overdue_notice(award, applicant, mailoutbox):
    from reporting import services

    services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    with time_machine.travel(dt.datetime(2027, 7, 31, 9, tzinfo=TORONTO), tick=False):
        assert _command() == "reminders: 0, overdue notices: 0, failed (retried next run): 0\n"
    assert mailoutbox == []
    assert ProgressReport.objects.get().status == ProgressReport.Status.SUBMITTED


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_notice_that_could_not_be_sent_is_sent_by_the_next_run(award, applicant, settings, mailoutbox):
    with time_machine.travel(dt.datetime(2027, 7, 20, 9, tzinfo=TORONTO), tick=False):
        settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"
        with pytest.raises(CommandError, match="1 notices could not be sent"):
            _command()
        assert not ReportNotice.objects.exists()

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert _command() == "reminders: 1, overdue notices: 0, failed (retried next run): 0\n"
        assert _command() == "reminders: 0, overdue notices: 0, failed (retried next run): 0\n"
    assert len(mailoutbox) == 1
