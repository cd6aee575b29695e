"""A call's lifecycle, its status and review phase kept in step by their only writer: review starts once, a call
is decided once nothing in it waits for a decision, and each change is one audit entry."""

from __future__ import annotations

import pytest
from django.db import transaction

from grants.applications import lifecycle, services
from grants.applications.models import Call
from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from grants.setup import services as setup
from scoring.models import Rubric
from tests.factories import CallFactory, UserFactory, submitted_application
from tests.grants.setup.factories import complete_criterion


@pytest.fixture
def officer(db):
    return UserFactory(roles=["program_officer"])


def history(call: Call) -> list[tuple[str, str, str]]:
    entries = AuditEntry.objects.filter(content_type__model="call", object_id=str(call.pk)).order_by("id")
    return [(e.action, e.from_state, e.to_state) for e in entries]


def change(call: Call, do):
    """Run a lifecycle function on the call read with its row locked, as services do; the call as stored after."""
    with transaction.atomic():
        result = do(Call.objects.select_for_update().get(pk=call.pk))
    call.refresh_from_db()
    return result


def test_leaving_screening_puts_the_call_in_review_once(db, officer):
    call = CallFactory(status=Call.Status.CLOSED)

    left = change(call, lambda c: lifecycle.set_review_phase(c, phase=Call.ReviewPhase.REVIEWING, by=officer))
    change(call, lambda c: lifecycle.set_review_phase(c, phase=Call.ReviewPhase.MODERATION, by=officer))

    assert left == Call.ReviewPhase.SCREENING
    assert (call.status, call.review_phase) == (Call.Status.IN_REVIEW, Call.ReviewPhase.MODERATION)
    assert history(call) == [
        ("review.phase_changed", "screening", "reviewing"),
        ("call.in_review", "closed", "in_review"),
        ("review.phase_changed", "reviewing", "moderation"),
    ]


def test_screening_while_the_call_is_open_leaves_its_status(db, officer):
    call = CallFactory(review_phase=Call.ReviewPhase.REVIEWING)

    change(call, lambda c: lifecycle.set_review_phase(c, phase=Call.ReviewPhase.SCREENING, by=officer))

    assert (call.status, call.review_phase) == (Call.Status.PUBLISHED, Call.ReviewPhase.SCREENING)
    assert history(call) == [("review.phase_changed", "reviewing", "screening")]


def test_the_phase_it_is_already_in_is_refused_with_the_callers_message(db, officer):
    call = CallFactory(status=Call.Status.IN_REVIEW, review_phase=Call.ReviewPhase.REVIEWING)

    with pytest.raises(TransitionError, match="Reviewing has already started."):
        change(call, lambda c: lifecycle.set_review_phase(
            c, phase=Call.ReviewPhase.REVIEWING, by=officer, refusal="Reviewing has already started."))

    assert history(call) == []


def test_a_call_is_decided_only_once_nothing_in_it_waits_for_a_decision(db, officer):
    call = CallFactory()
    application = submitted_application(call=call)

    assert change(call, lambda c: lifecycle.close_if_decided(c, by=officer)) is False
    assert call.status == Call.Status.PUBLISHED

    services.application_withdraw(application=application, by=application.submitted_by)

    assert change(call, lambda c: lifecycle.close_if_decided(c, by=officer)) is True
    assert change(call, lambda c: lifecycle.close_if_decided(c, by=officer)) is False
    assert call.status == Call.Status.DECIDED
    assert history(call) == [("call.decided", "published", "decided")]


def test_staff_publish_a_draft_and_close_its_intake_early_each_audited_once(db, officer):
    call = CallFactory(status=Call.Status.DRAFT)
    complete_criterion(Rubric.objects.create(call=call))

    setup.call_publish(call_id=call.pk, by=officer)
    with pytest.raises(TransitionError, match="Only a draft call can be published"):
        setup.call_publish(call_id=call.pk, by=officer)
    services.call_close_intake(call=call, by=officer)
    with pytest.raises(TransitionError, match="Only a published call can be closed"):
        services.call_close_intake(call=call, by=officer)

    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED and not call.is_open()
    assert history(call) == [("call.published", "draft", "published"), ("call.closed", "published", "closed")]
