"""Staff's eligibility decisions: recorded one by one, kept from the applicant, then released for the whole
call (each application becomes eligible or ineligible, and its organization is told)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application, Call
from grants.kernel.audit import audit, transition
from grants.kernel.errors import ServiceError, TransitionError
from grants.organizations.models import User
from scoring import notifications
from scoring.enums import AssignmentStatus, ScreeningDecision
from scoring.models import Assignment, ReviewerPool, Screening
from scoring.phases import switchboard_for_update
from scoring.services.balance import pool_for_update, rebalance


def screening_decide(
    *, application: Application, decision: str, reason: str, by: User, now: dt.datetime | None = None
) -> Screening:
    """Record staff's eligibility decision; the applicant sees nothing until the call's decisions are
    released."""
    now = now or timezone.now()
    reason = reason.strip()
    if decision not in ScreeningDecision.values:
        raise ServiceError(_("Choose eligible or ineligible."))
    if decision == ScreeningDecision.INELIGIBLE and not reason:
        raise ServiceError(_("Give the reason the application is ineligible; the applicant will read it."))
    with transaction.atomic():
        board = switchboard_for_update(application.call_id)
        if not board.staff_may_screen:
            raise TransitionError(_("Screening is closed for this call."))
        call = board.call
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SUBMITTED:
            raise TransitionError(
                _(
                    "Only a submitted application whose screening is not yet released can be screened; "
                    "this one is %(status)s."
                )
                % {"status": application.get_status_display().lower()}
            )
        screening = Screening.objects.select_for_update().filter(application=application).first()
        previous = screening.decision if screening else ""
        if screening is None:
            screening = Screening(application=application)
        screening.decision, screening.reason, screening.decided_by, screening.decided_at = (
            decision,
            reason,
            by,
            now,
        )
        screening.save()
        audit(
            actor=by,
            obj=application,
            action="application.screened",
            from_state=previous,
            to_state=decision,
            reason=reason,
        )
        if previous == ScreeningDecision.ELIGIBLE and decision == ScreeningDecision.INELIGIBLE:
            # The reviewers lose the application with it; the screening's audit entry says why.
            Assignment.objects.filter(application=application, status__in=AssignmentStatus.ACTIVE).update(
                status=AssignmentStatus.REMOVED, removed_at=now, removal_reason=_("Screened ineligible.")
            )
        pool = ReviewerPool.objects.filter(call=call).first()
        if previous != decision and pool and pool.auto_assigned_at:
            rebalance(pool=pool_for_update(call=call), by=by, now=now, trigger="screened")
    return screening


def screening_release(*, call: Call, by: User, now: dt.datetime | None = None) -> int:
    """Tell applicants the outcome of screening: their applications become eligible or ineligible."""
    now = now or timezone.now()
    released = []
    with transaction.atomic():
        if not switchboard_for_update(call.pk).staff_may_change_states:
            raise TransitionError(_("The review of this call is decided."))
        screenings = list(
            Screening.objects.select_for_update()
            .select_related("application")
            .filter(
                application__call=call,
                released_at__isnull=True,
                application__status=ApplicationStatus.SUBMITTED,
            )
        )
        for screening in screenings:
            transition(
                screening.application,
                to=ApplicationStatus.ELIGIBLE if screening.is_eligible else ApplicationStatus.INELIGIBLE,
                allowed=[ApplicationStatus.SUBMITTED],
                by=by,
                action="application.screening_released",
                reason=screening.reason,
            )
            screening.released_at = now
            screening.save(update_fields=["released_at"])
            released.append(screening)
        notifications.notify_screening_released(screenings=released)
    return len(released)
