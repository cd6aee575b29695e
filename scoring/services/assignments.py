"""Who reviews what: automatic assignment over the whole call, and staff adding or removing one reviewer on one
application. Each reads the phase from the call's locked row, then locks the pool (scoring.services.balance)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.models import Application, Call
from grants.kernel.audit import audit, transition
from grants.kernel.errors import ServiceError, TransitionError
from grants.organizations.models import Membership, User
from scoring import notifications
from scoring.enums import AssignmentStatus, ReviewStatus
from scoring.models import Assignment, PoolMember, Review
from scoring.phases import switchboard_for_update
from scoring.selectors.reviewable import reviewable_applications
from scoring.services.balance import (
    AssignmentResult,
    assignable_reviewers,
    assignment_for_update,
    due_date,
    pool_for_update,
    rebalance,
)


def _refuse_unless_assigning(call_id: int) -> Call:
    """The call, its row locked, once its phase lets staff change assignments."""
    board = switchboard_for_update(call_id)
    if not board.staff_may_assign:
        raise TransitionError(_("Assignments can change only while screening or reviewing."))
    return board.call


def assignments_auto(*, call: Call, by: User, now: dt.datetime | None = None) -> AssignmentResult:
    """Give every eligible application its reviewers, balancing the load across the pool."""
    now = now or timezone.now()
    with transaction.atomic():
        call = _refuse_unless_assigning(call.pk)
        pool = pool_for_update(call=call)
        if pool.review_due_at is None or pool.review_due_at <= now:
            raise ServiceError(
                _("Set a date in the future by which reviews are due before assigning reviewers.")
            )
        if not assignable_reviewers(pool=pool):
            raise ServiceError(
                _("The pool has no reviewers who can be assigned. Add reviewers first.")
                if not pool.requires_indigenous_panel
                else _("The call requires Indigenous review panel members, and the pool has none.")
            )
        if not reviewable_applications(call=call).exists():
            raise ServiceError(_("No application has been screened eligible yet."))
        result = rebalance(pool=pool, by=by, now=now, trigger="auto")
        if pool.auto_assigned_at is None:
            pool.auto_assigned_at = now
            pool.save(update_fields=["auto_assigned_at"])
    return result


def assignment_add(
    *,
    application: Application,
    reviewer: User,
    by: User,
    due_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Assignment:
    """Staff add one reviewer to one application by hand (a removed assignment comes back)."""
    now = now or timezone.now()
    with transaction.atomic():
        call = _refuse_unless_assigning(application.call_id)
        pool = pool_for_update(call=call)
        if not PoolMember.objects.filter(pool=pool, reviewer=reviewer).exists():
            raise ServiceError(_("Add %(person)s to the call's pool first.") % {"person": reviewer})
        if (
            pool.requires_indigenous_panel
            and not PoolMember.objects.filter(pool=pool, reviewer=reviewer, indigenous_panel=True).exists()
        ):
            raise ServiceError(_("This call requires members of the Indigenous review panel."))
        if not reviewable_applications(call=call).filter(pk=application.pk).exists():
            raise ServiceError(_("Only applications screened eligible are reviewed."))
        if Membership.objects.filter(organization_id=application.organization_id, user=reviewer).exists():
            raise ServiceError(
                _("%(person)s is a member of the applicant organization.") % {"person": reviewer}
            )
        assignment = (
            Assignment.objects.select_for_update().filter(application=application, reviewer=reviewer).first()
        )
        due = due_at or due_date(pool=pool, now=now)
        if assignment is None:
            assignment = Assignment.objects.create(
                call=call,
                application=application,
                reviewer=reviewer,
                due_at=due,
                assigned_by=by,
                assigned_at=now,
            )
            audit(actor=by, obj=assignment, action="assignment.added", from_state="", to_state=assignment.status)
        elif assignment.status == AssignmentStatus.CONFLICT:
            raise ServiceError(
                _("%(person)s declared a conflict with this application.") % {"person": reviewer}
            )
        elif assignment.status in AssignmentStatus.ACTIVE:
            raise ServiceError(
                _("%(person)s is already assigned to this application.") % {"person": reviewer}
            )
        else:
            assignment.removed_at, assignment.removal_reason = None, ""
            assignment.declared_at, assignment.due_at, assignment.assigned_by, assignment.assigned_at = (
                None,
                due,
                by,
                now,
            )
            transition(
                assignment,
                to=AssignmentStatus.ASSIGNED,
                allowed=[AssignmentStatus.REMOVED],
                by=by,
                action="assignment.added",
                update_fields=["removed_at", "removal_reason", "declared_at", "due_at", "assigned_by", "assigned_at"],
            )
        notifications.notify_assigned(call=call, counts={reviewer.pk: 1}, due_at=due)
    return assignment


def assignment_remove(
    *, assignment: Assignment, by: User, reason: str, now: dt.datetime | None = None
) -> Assignment:
    """Staff take a reviewer off an application; with automatic assignment in use, another replaces them."""
    now = now or timezone.now()
    if not reason.strip():
        raise ServiceError(_("Give a reason for removing the reviewer."))
    with transaction.atomic():
        call = _refuse_unless_assigning(assignment.call_id)
        pool = pool_for_update(call=call)
        assignment = assignment_for_update(assignment_id=assignment.pk)
        assignment.removed_at, assignment.removal_reason = now, reason
        transition(
            assignment,
            to=AssignmentStatus.REMOVED,
            allowed=AssignmentStatus.ACTIVE,
            by=by,
            action="assignment.removed",
            refusal=_("This reviewer is no longer assigned."),
            update_fields=["removed_at", "removal_reason"],
            reason=reason,
        )
        if Review.objects.filter(assignment=assignment, status=ReviewStatus.SUBMITTED).exists():
            raise TransitionError(_("This review has been submitted; reopen it first if it must not count."))
        if pool.auto_assigned_at:
            rebalance(pool=pool, by=by, now=now, trigger="assignment_removed")
    return assignment
