"""A portal with something waiting in every one of staff's work queues, built through the services where the state
matters; dates that only time would move are moved in the database, as time would."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from grants.awards import services as award_services
from grants.awards.models import Award, Payment, ReportingPeriod
from grants.conversations import services as conversation_services
from grants.kernel.timeutils import local
from reporting import services as report_services
from tests.factories import CallFactory, MembershipFactory
from tests.grants.awards.award_factories import active_award, approved_quickly, award_for, close_call
from tests.reporting.factories import filled_report
from tests.scoring.factories import ClosedCallFactory, SubmittedApplicationFactory, assign, reviewer, rubric_for


def today() -> dt.date:
    return local(timezone.now()).date()


def payment_falls_due(payment: Payment) -> None:
    Payment.objects.filter(pk=payment.pk).update(due_date=today() - dt.timedelta(days=3))


def period_has_started(period: ReportingPeriod) -> None:
    """The period started a month ago: its report can be submitted, and is not due yet."""
    start = today() - dt.timedelta(days=30)
    ReportingPeriod.objects.filter(pk=period.pk).update(
        start_date=start, end_date=start + dt.timedelta(days=90), due_date=start + dt.timedelta(days=120)
    )


def period_is_past(period: ReportingPeriod) -> None:
    """The period ended and its report was due a week ago."""
    end = today() - dt.timedelta(days=30)
    ReportingPeriod.objects.filter(pk=period.pk).update(
        start_date=end - dt.timedelta(days=90), end_date=end, due_date=today() - dt.timedelta(days=7)
    )


@dataclass
class Work:
    to_screen: object
    review_overdue: object
    staged: object
    approved: object
    offered: Award
    payment_due: Award
    payment_waiting: Award
    report_submitted: object
    report_overdue: Award
    conversation: object  # a thread with a message staff have not read


def waiting_work(*, officer) -> Work:
    """One item in each queue, and each item in its queue only."""
    call = ClosedCallFactory()
    rubric_for(call)
    to_screen = SubmittedApplicationFactory(call=call, screened=False, title="Waiting for screening")
    # Its organization writes first, so the awards' entries below are the most recent activity.
    conversation = conversation_services.thread_for(subject=to_screen)
    writer = MembershipFactory(organization=to_screen.organization).user
    conversation_services.message_send(thread=conversation, body="Our budget letter is attached.", by=writer)
    review_overdue = SubmittedApplicationFactory(call=call, title="Late review")
    assign(review_overdue, reviewer(), due_in_days=-2)
    staged = SubmittedApplicationFactory(call=call, title="Decision staged")
    award_services.decision_approve(
        application=staged, by=officer, override_reason="The panel met before the last review was in."
    )

    decided_call = close_call(CallFactory())
    approved, offered_app, due_app, waiting_app, submitted_app, overdue_app = approved_quickly(
        call=decided_call, count=6
    )
    offered = award_for(offered_app, officer=officer)

    def active(application):
        return active_award(application, officer=officer, owner=application.organization.memberships.get().user)

    payment_due = active(due_app)
    payment_falls_due(payment_due.payments.get(number=1))

    payment_waiting = active(waiting_app)
    award_services.payment_release(
        payment=payment_waiting.payments.get(number=1), by=officer, early_reason="Start-up costs."
    )
    payment_falls_due(payment_waiting.payments.get(number=2))  # it waits for the first period's report

    reported = active(submitted_app)
    owner = submitted_app.organization.memberships.get().user
    period_has_started(reported.reporting_periods.get(number=1))
    report_submitted = report_services.report_submit(report=filled_report(award=reported, by=owner), by=owner)

    report_overdue = active(overdue_app)
    period_is_past(report_overdue.reporting_periods.get(number=1))
    return Work(
        to_screen, review_overdue, staged, approved, offered, payment_due, payment_waiting, report_submitted,
        report_overdue, conversation,
    )


@pytest.fixture
def work(program_officer):
    return waiting_work(officer=program_officer)

