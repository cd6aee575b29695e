"""Building decided applications and awards for the issue-5 tests, through the real services where it
matters."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from grants.applications.models import Application, BudgetLine, Call
from grants.awards import selectors, services
from grants.awards.models import Award
from grants.kernel.timeutils import TORONTO, fiscal_years_between
from scoring.models import Assignment, Review, Screening
from tests.factories import ApplicationFactory, CallFactory, MembershipFactory, UserFactory, submitted_application

_references = itertools.count(1)


def close_call(call: Call) -> Call:
    """Move a call's deadline into the past, as time would."""
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - dt.timedelta(days=60), closes_at=now - dt.timedelta(days=1), status=Call.Status.CLOSED
    )
    call.refresh_from_db()
    return call


OVERRIDE = "Decided before the review, for this test."


def reviewed(application: Application, *, reviews: int | None = None) -> Application:
    """Screened eligible (released) with `reviews` submitted reviews (the call's required number by default),
    written straight to the database as the scoring services would leave them."""
    now = timezone.now()
    Screening.objects.create(
        application=application, decision=Screening.Decision.ELIGIBLE, decided_at=now, released_at=now
    )
    Application.objects.filter(pk=application.pk).update(status=Application.Status.ELIGIBLE)
    for _ in range(application.call.reviewers_per_application if reviews is None else reviews):
        assignment = Assignment.objects.create(
            call=application.call,
            application=application,
            reviewer=UserFactory(roles=["reviewer"]),
            status=Assignment.Status.ACCEPTED,
            declared_at=now,
            due_at=now,
        )
        Review.objects.create(
            assignment=assignment, status=Review.Status.SUBMITTED, recommendation="fund", submitted_at=now
        )
    application.refresh_from_db()
    return application


def decided(applications, *, officer, outcome: str = "approved") -> list[Application]:
    """Approve (or decline) and release, through the services; the applications were not reviewed, so staff
    record an override."""
    stage = services.decision_approve if outcome == "approved" else services.decision_decline
    for application in applications:
        stage(application=application, by=officer, override_reason=OVERRIDE)
    services.decisions_release(call=applications[0].call, by=officer)
    return [Application.objects.get(pk=a.pk) for a in applications]


def approved_quickly(
    *, call: Call, count: int = 1, amount: Decimal = Decimal("100000"), years: int = 2, organization=None
) -> list[Application]:
    """Approved applications written straight to the database (for pages that list many awards): each with
    a reference, a two-year budget and the term it asked for, but no wizard answers."""
    start = dt.date(call.closes_at.year + 1, 4, 1)
    end = dt.date(start.year + years, 3, 31)
    applications = []
    for _ in range(count):
        number = next(_references)
        application = ApplicationFactory(
            call=call,
            organization=organization or MembershipFactory().organization,
            status=Application.Status.APPROVED,
            reference=f"{call.fund.code}-2099-{number:04d}",
            title=f"Project {number}",
            start_date=start,
            end_date=end,
        )
        fiscal_years = fiscal_years_between(start, end)
        share = (amount / len(fiscal_years)).quantize(Decimal("0.01"))
        for i, year in enumerate(fiscal_years):
            last = i == len(fiscal_years) - 1
            BudgetLine.objects.create(
                application=application,
                category="program",
                fiscal_year=year,
                amount=amount - share * (len(fiscal_years) - 1) if last else share,
            )
        applications.append(application)
    return applications


def terms_for(application: Application, **overrides) -> services.AwardTerms:
    """Award terms that match the request: its term, its amount per fiscal year, medium risk."""
    years = selectors.requested_by_year(application=application)
    terms = {
        "start_date": application.start_date,
        "end_date": application.end_date,
        "years": years,
        "risk_level": "medium",
        "signing_name": "Alex Martin",
        "signing_title": "Executive Director",
        "signing_email": "alex@example.org",
        "conditions_en": "",
        "conditions_fr": "",
        "difference_reason_en": "",
        "difference_reason_fr": "",
    }
    terms.update(overrides)
    return services.AwardTerms(**terms)


def award_for(application: Application, *, officer, **overrides) -> Award:
    return services.award_create(application=application, by=officer, terms=terms_for(application, **overrides))


def active_award(application: Application, *, officer, owner, **overrides) -> Award:
    """An award whose first agreement the organization's owner has accepted."""
    award = award_for(application, officer=officer, **overrides)
    services.agreement_accept(
        agreement=award.agreements.get(),
        by=owner,
        signer_name="Alex Martin",
        signer_title="Executive Director",
    )
    award.refresh_from_db()
    return award


# --- Fixtures (imported by the test modules that use them) ---------------------------------------


@pytest.fixture
def approved_application(organization, program_officer):
    """The `applicant`'s organization's application, submitted, then approved and released after the call
    closed."""
    call = CallFactory()
    application = submitted_application(organization=organization, call=call)
    close_call(call)
    return decided([application], officer=program_officer)[0]


@pytest.fixture
def award(approved_application, program_officer):
    """An offered award: its first agreement waits for the organization's acceptance."""
    return award_for(approved_application, officer=program_officer)


def on_day(day: dt.date):
    """Travel to 10:00 in Toronto on `day`, the clock running: payments are released on or after their due date,
    reports submitted once their period has started."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=TORONTO), tick=True)


@pytest.fixture
def accepted_award(approved_application, program_officer, applicant):
    """An active award, accepted before its term started (so nothing was paid yet); the test then runs two weeks
    into the term, when the advance is due."""
    award = active_award(approved_application, officer=program_officer, owner=applicant)
    with on_day(award.start_date + dt.timedelta(days=14)):
        yield award
