"""The review phase changes: the checks each phase needs, and a decided review stays decided."""

import datetime as dt

import pytest
from django.utils import timezone

from grants.applications.models import Call
from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from scoring import services
from tests.scoring.factories import (
    ClosedCallFactory,
    rubric_for,
)


def test_reviewing_needs_a_rubric_and_a_closed_call(db, program_officer):
    call = ClosedCallFactory(review_phase=Call.ReviewPhase.SCREENING, status=Call.Status.CLOSED)
    with pytest.raises(TransitionError, match="rubric"):
        services.call_phase_change(call=call, phase="reviewing", by=program_officer)
    rubric_for(call)
    services.call_phase_change(call=call, phase="reviewing", by=program_officer)
    call.refresh_from_db()
    assert (call.review_phase, call.status) == ("reviewing", Call.Status.IN_REVIEW)
    assert AuditEntry.objects.filter(
        action="review.phase_changed", from_state="screening", to_state="reviewing"
    ).exists()

    open_call = ClosedCallFactory(review_phase="screening", closes_at=timezone.now() + dt.timedelta(days=3))
    rubric_for(open_call)
    with pytest.raises(TransitionError, match="open until"):
        services.call_phase_change(call=open_call, phase="reviewing", by=program_officer)


def test_a_decided_review_stays_decided(review_call, program_officer):
    services.call_phase_change(call=review_call, phase="decided", by=program_officer)
    with pytest.raises(TransitionError, match="decided"):
        services.call_phase_change(call=review_call, phase="moderation", by=program_officer)
