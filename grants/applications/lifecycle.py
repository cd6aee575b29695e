"""A call's lifecycle: the only writer of Call.status and Call.review_phase once the call exists.

The status is where the call stands for everyone (draft, published, closed, in review, decided); while it is in
review, the review phase says what reviewers and staff may do (scoring.phases reads it). The two are kept in
step here and nowhere else: review starts (status in review) when the phase first leaves screening, and a call is
decided once no application in it is still waiting for a decision. Staff publish a call and close its intake early
(grants.setup's call_publish, once the call is complete, and services.call_close_intake). Each function takes the
call read with its row locked, inside the caller's transaction, and writes one audit entry per field it changes.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from grants.applications.enums import ApplicationStatus, CallStatus, ReviewPhase
from grants.applications.models import Application, Call
from grants.kernel.audit import transition

# Statuses a call may be in when its review phase changes, and the status each phase leaves it in.
PHASE_STATUS = {
    ReviewPhase.SCREENING: None,  # screening may start while the call is open: the status stays as it is
    ReviewPhase.REVIEWING: CallStatus.IN_REVIEW,
    ReviewPhase.MODERATION: CallStatus.IN_REVIEW,
    ReviewPhase.DECIDED: CallStatus.IN_REVIEW,
}


def set_review_phase(call: Call, *, phase: str, by, refusal: str | None = None) -> str:
    """Move the locked call to `phase` (its checks are the caller's: scoring.services.phases); review starts
    with the first phase after screening. Returns the phase it left."""
    previous = transition(
        call, field="review_phase", to=phase, allowed=[p for p in ReviewPhase.values if p != phase], by=by,
        action="review.phase_changed", refusal=refusal,
    )
    status = PHASE_STATUS[ReviewPhase(phase)]
    if status is not None and call.status in (CallStatus.PUBLISHED, CallStatus.CLOSED):
        transition(call, to=status, allowed=(CallStatus.PUBLISHED, CallStatus.CLOSED), by=by, action="call.in_review")
    return previous


def close_if_decided(call: Call, *, by) -> bool:
    """Once no application of the locked call waits for a decision, the call is decided. Returns whether it
    changed."""
    if call.status == CallStatus.DECIDED:
        return False
    if Application.objects.filter(call=call, status__in=ApplicationStatus.DECIDABLE).exists():
        return False
    transition(call, to=CallStatus.DECIDED, allowed=[s for s in CallStatus.values if s != CallStatus.DECIDED],
               by=by, action="call.decided")
    return True


def publish(call: Call, *, by) -> None:
    """A draft call goes public (the locked call): it opens to applicants at its opening time."""
    transition(call, to=CallStatus.PUBLISHED, allowed=(CallStatus.DRAFT,), by=by, action="call.published",
               refusal=_("Only a draft call can be published; %(call)s is %(status)s.") % {
                   "call": call, "status": call.get_status_display().lower()})


def close_intake(call: Call, *, by, now: dt.datetime) -> None:
    """Staff close a published call's intake now (the locked call): no application can be started or submitted
    after this, whatever its closing time said; the closing time becomes now if it was later."""
    if call.closes_at > now:
        call.closes_at = now
    transition(call, to=CallStatus.CLOSED, allowed=(CallStatus.PUBLISHED,), by=by, action="call.closed",
               update_fields=["closes_at"],
               refusal=_("Only a published call can be closed; %(call)s is %(status)s.") % {
                   "call": call, "status": call.get_status_display().lower()})
