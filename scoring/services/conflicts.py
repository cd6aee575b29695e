"""A reviewer's declaration on an assigned application: no conflict (they may then read and score it) or a
conflict (they lose it at once and, with automatic assignment in use, another reviewer gets it)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.kernel.audit import transition
from grants.kernel.errors import ServiceError, TransitionError
from grants.organizations.models import User
from scoring.enums import AssignmentStatus
from scoring.models import Assignment
from scoring.phases import switchboard_for_update
from scoring.services.balance import assignment_for_update, pool_for_update, rebalance


def conflict_declare(
    *, assignment: Assignment, by: User, has_conflict: bool, reason: str = "", now: dt.datetime | None = None
) -> Assignment:
    """The reviewer's declaration. A conflict removes their access at once and, with automatic
    assignment in use, hands the application to another reviewer."""
    now = now or timezone.now()
    reason = reason.strip()
    if has_conflict and not reason:
        raise ServiceError(
            _("Describe the conflict: your relationship with the organization or the project.")
        )
    with transaction.atomic():
        board = switchboard_for_update(assignment.call_id)
        if not board.reviewers_may_declare:
            raise TransitionError(_("Declarations are closed for this call."))
        pool = pool_for_update(call=board.call)
        assignment = assignment_for_update(assignment_id=assignment.pk)
        if assignment.reviewer_id != by.pk:
            raise TransitionError(_("Only the assigned reviewer can make this declaration."))
        if assignment.status == AssignmentStatus.ACCEPTED and not has_conflict:
            raise TransitionError(_("You have already declared that you have no conflict."))
        assignment.declared_at = now
        if has_conflict:
            assignment.conflict_reason = reason
        transition(
            assignment,
            to=AssignmentStatus.CONFLICT if has_conflict else AssignmentStatus.ACCEPTED,
            allowed=AssignmentStatus.ACTIVE,
            by=by,
            action="assignment.conflict_declared" if has_conflict else "assignment.no_conflict",
            refusal=_("You are no longer assigned to this application."),
            update_fields=["conflict_reason", "declared_at"],
            **({"reason": reason} if has_conflict else {}),
        )
        if has_conflict and pool.auto_assigned_at:
            rebalance(pool=pool, by=None, now=now, trigger="conflict_declared")
    return assignment
