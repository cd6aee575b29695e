"""The call's assignments completed and balanced: the pool's row lock, the reviewers who may be assigned, and
the planner (scoring.planner) run over the database. The pool, assignment, conflict and screening services
rebalance through here once staff have run automatic assignment."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from grants.applications.models import Call
from grants.kernel.audit import audit
from grants.kernel.errors import TransitionError
from grants.organizations.models import Membership, User
from scoring import notifications
from scoring.enums import AssignmentStatus
from scoring.models import Assignment, PoolMember, ReviewerPool
from scoring.planner import plan_assignments
from scoring.selectors.reviewable import reviewable_applications

# A reviewer given an application late (after a conflict or a removal) gets at least this long.
MINIMUM_REVIEW_TIME = dt.timedelta(days=7)


@dataclass
class AssignmentResult:
    added: int
    moved: int
    short: dict[int, int]


def pool_for_update(*, call: Call) -> ReviewerPool:
    """The call's pool, created with the fund's defaults on first use, locked for this transaction. Its lock
    serializes every change to the call's assignments. Only the pool's row: a caller that checks the phase has
    locked the call's row first (scoring.phases.switchboard_for_update)."""
    pool, _created = ReviewerPool.objects.get_or_create(
        call=call, defaults={"requires_indigenous_panel": call.fund.requires_indigenous_led}
    )
    return ReviewerPool.objects.select_for_update(of=("self",)).select_related("call__fund").get(pk=pool.pk)


def assignable_reviewers(*, pool: ReviewerPool) -> list[int]:
    """The ids of the pool's reviewers who may be given applications."""
    members = PoolMember.objects.filter(pool=pool, reviewer__is_active=True)
    if pool.requires_indigenous_panel:
        members = members.filter(indigenous_panel=True)
    return list(members.order_by("reviewer_id").values_list("reviewer_id", flat=True))


def assignment_for_update(*, assignment_id: int) -> Assignment:
    """The assignment, row-locked. Balancing may have handed an undeclared one to someone else meanwhile."""
    locked = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
    if locked is None:
        raise TransitionError(
            _(
                "This application is no longer assigned to this reviewer: it was given to "
                "another reviewer to balance the load."
            )
        )
    return locked


def due_date(*, pool: ReviewerPool, now: dt.datetime) -> dt.datetime:
    """When a late assignment is due: the call's due date, or at least MINIMUM_REVIEW_TIME from now."""
    return max(pool.review_due_at or now + MINIMUM_REVIEW_TIME, now + MINIMUM_REVIEW_TIME)


def rebalance(*, pool: ReviewerPool, by: User | None, now: dt.datetime, trigger: str) -> AssignmentResult:
    """Complete and balance the call's assignments. The caller holds the pool's row lock (pool_for_update)."""
    call = pool.call
    applications = list(
        reviewable_applications(call=call).order_by("pk").values_list("pk", "organization_id")
    )
    app_ids = [pk for pk, _org in applications]
    reviewers = assignable_reviewers(pool=pool)
    rows = list(
        Assignment.objects.filter(call=call).values_list("pk", "application_id", "reviewer_id", "status")
    )
    existing = [(app, rev) for _pk, app, rev, status in rows if status in AssignmentStatus.ACTIVE]
    movable = [(app, rev) for _pk, app, rev, status in rows if status == AssignmentStatus.ASSIGNED]
    forbidden = {(app, rev) for _pk, app, rev, status in rows if status not in AssignmentStatus.ACTIVE}
    apps_by_org = defaultdict(list)
    for pk, org in applications:
        apps_by_org[org].append(pk)
    for org, user in Membership.objects.filter(
        organization_id__in=apps_by_org, user_id__in=reviewers
    ).values_list("organization_id", "user_id"):
        forbidden.update((app, user) for app in apps_by_org[org])

    plan = plan_assignments(
        applications=app_ids,
        reviewers=reviewers,
        per_application=call.reviewers_per_application,
        existing=existing,
        movable=movable,
        forbidden=forbidden,
    )
    by_pair = {(app, rev): pk for pk, app, rev, _status in rows}
    if plan.remove:
        Assignment.objects.filter(
            pk__in=[by_pair[p] for p in plan.remove], status=AssignmentStatus.ASSIGNED
        ).delete()
    # Staff's own run gives the call's due date, which they have just set in the future; a rebalance after a
    # conflict or a removal hands out work late, so it gives at least MINIMUM_REVIEW_TIME.
    due = pool.review_due_at if trigger == "auto" else due_date(pool=pool, now=now)
    created = Assignment.objects.bulk_create(
        Assignment(
            call=call, application_id=app, reviewer_id=rev, due_at=due, assigned_by=by, assigned_at=now
        )
        for app, rev in sorted(plan.add)
    )
    if plan.add or plan.remove:
        audit(
            actor=by,
            obj=pool,
            action="assignments.balanced",
            trigger=trigger,
            added=sorted([a, r] for a, r in plan.add),
            removed=sorted([a, r] for a, r in plan.remove),
            short={str(k): v for k, v in plan.short.items()},
        )
    if created:
        new_by_reviewer: dict[int, int] = defaultdict(int)
        for assignment in created:
            new_by_reviewer[assignment.reviewer_id] += 1
        notifications.notify_assigned(call=call, counts=dict(new_by_reviewer), due_at=due)
    return AssignmentResult(added=len(plan.add), moved=len(plan.remove), short=plan.short)
