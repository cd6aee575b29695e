"""Writes for the review of a call. One keyword-only function per state change: it checks the phase and
the transition, writes an audit entry and sends its notification once the transaction commits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications import lifecycle
from grants.applications.models import Application, Call
from grants.kernel.audit import audit
from grants.kernel.errors import IncompleteError, ServiceError, TransitionError
from grants.kernel.roles import Role
from grants.kernel.timeutils import format_local
from grants.organizations.models import Membership, User
from scoring import notifications
from scoring.models import (
    Assignment,
    Criterion,
    Moderation,
    PoolMember,
    Review,
    ReviewerPool,
    Rubric,
    Score,
    Screening,
)
from scoring.phases import Phase, switchboard
from scoring.planner import plan_assignments

# A reviewer given an application late (after a conflict or a removal) gets at least this long.
MINIMUM_REVIEW_TIME = dt.timedelta(days=7)
REMINDER_INTERVAL = dt.timedelta(days=3)

REVIEWABLE_EXCLUDED = (Application.Status.DRAFT, Application.Status.WITHDRAWN)


def reviewable_applications(*, call: Call):
    """The applications of a call that are reviewed and ranked: screened eligible, still in the running."""
    return Application.objects.filter(call=call, screening__decision=Screening.Decision.ELIGIBLE).exclude(
        status__in=REVIEWABLE_EXCLUDED
    )


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise TransitionError(message)


# --- Phases -------------------------------------------------------------------------------------


def call_phase_change(*, call: Call, phase: str, by: User, now: dt.datetime | None = None) -> Call:
    now = now or timezone.now()
    if phase not in Phase.values:
        raise ServiceError(_("Choose one of the review phases."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        previous = call.review_phase
        if phase == previous:
            raise TransitionError(
                _("The call is already in the %(phase)s phase.") % {"phase": Phase(phase).label.lower()}
            )
        if previous == Phase.DECIDED:
            raise TransitionError(_("The review of this call is decided; its phase can no longer change."))
        if phase != Phase.SCREENING and now < call.closes_at:
            raise TransitionError(
                _("The call is open until %(time)s; review starts after it closes.")
                % {"time": format_local(call.closes_at)}
            )
        if phase == Phase.REVIEWING:
            rubric = Rubric.objects.filter(call=call).first()
            if rubric is None or not rubric.criteria.exists():
                raise TransitionError(
                    _("Set up the rubric before reviewing starts: reviewers score against it.")
                )
        lifecycle.set_review_phase(call, phase=phase, by=by)
    return call


# --- Rubric -------------------------------------------------------------------------------------


def rubric_copy(*, call: Call, source: Call, by: User) -> Rubric:
    """Replace the call's criteria with those of an earlier call's rubric."""
    if source.pk == call.pk:
        raise ServiceError(_("Choose another call to copy from."))
    source_rubric = Rubric.objects.filter(call=source).prefetch_related("criteria").first()
    if source_rubric is None or not source_rubric.criteria.all():
        raise ServiceError(_("%(call)s has no rubric to copy.") % {"call": source})
    with transaction.atomic():
        rubric, _created = Rubric.objects.select_for_update().get_or_create(call=call)
        _refuse_unless(
            rubric.is_editable, _("The rubric is locked because reviews have been saved. Reopen it first.")
        )
        if Review.objects.filter(assignment__call=call).exists():
            raise TransitionError(
                _(
                    "Reviews have been saved against this rubric; change its criteria one by one "
                    "instead of replacing them."
                )
            )
        rubric.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(
                rubric=rubric,
                position=c.position,
                name_en=c.name_en,
                name_fr=c.name_fr,
                description_en=c.description_en,
                description_fr=c.description_fr,
                guidance_en=c.guidance_en,
                guidance_fr=c.guidance_fr,
                weight=c.weight,
                scale_min=c.scale_min,
                scale_max=c.scale_max,
                allows_na=c.allows_na,
            )
            for c in source_rubric.criteria.all()
        )
        rubric.copied_from = source
        rubric.save(update_fields=["copied_from"])
        audit(
            actor=by,
            obj=rubric,
            action="rubric.copied",
            source_call=source.slug,
            criteria=len(source_rubric.criteria.all()),
        )
    return rubric


def _lock_rubric(*, rubric: Rubric, by: User, now: dt.datetime) -> None:
    if rubric.status == Rubric.Status.DRAFT:
        rubric.status, rubric.locked_at = Rubric.Status.LOCKED, now
        rubric.save(update_fields=["status", "locked_at"])
        audit(
            actor=by,
            obj=rubric,
            action="rubric.locked",
            from_state=Rubric.Status.DRAFT,
            to_state=rubric.status,
        )


def rubric_reopen(*, rubric: Rubric, by: User, reason: str) -> Rubric:
    """Open a locked rubric for changes. Submitted reviews go back to their reviewers, since their
    scores were given against the old criteria; reviewers cannot save until staff lock it again."""
    if not reason.strip():
        raise ServiceError(
            _("Give a reason for changing the rubric; the reviewers whose reviews reopen receive it.")
        )
    board = switchboard(rubric.call)
    _refuse_unless(
        board.staff_may_change_states,
        _("The review of this call is decided; the rubric can no longer change."),
    )
    with transaction.atomic():
        rubric = Rubric.objects.select_for_update().select_related("call").get(pk=rubric.pk)
        _refuse_unless(
            rubric.status == Rubric.Status.LOCKED, _("The rubric is not locked; it can be changed as it is.")
        )
        reviews = list(
            Review.objects.select_for_update()
            .select_related("assignment__reviewer", "assignment__application")
            .filter(assignment__call=rubric.call, status=Review.Status.SUBMITTED)
        )
        for review in reviews:
            _reopen_review(review=review, by=by, reason=reason)
        rubric.status, rubric.locked_at = Rubric.Status.REOPENED, None
        rubric.save(update_fields=["status", "locked_at"])
        audit(
            actor=by,
            obj=rubric,
            action="rubric.reopened",
            from_state=Rubric.Status.LOCKED,
            to_state=rubric.status,
            reason=reason,
            reviews_reopened=len(reviews),
        )
        transaction.on_commit(lambda: notifications.notify_reviews_reopened(reviews=reviews, reason=reason))
    return rubric


def rubric_relock(*, rubric: Rubric, by: User, now: dt.datetime | None = None) -> Rubric:
    now = now or timezone.now()
    with transaction.atomic():
        rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
        _refuse_unless(
            rubric.status == Rubric.Status.REOPENED,
            _("Only a rubric reopened for changes can be locked again."),
        )
        if not rubric.criteria.exists():
            raise ServiceError(_("Add at least one criterion before locking the rubric."))
        rubric.status, rubric.locked_at = Rubric.Status.LOCKED, now
        rubric.save(update_fields=["status", "locked_at"])
        audit(
            actor=by,
            obj=rubric,
            action="rubric.relocked",
            from_state=Rubric.Status.REOPENED,
            to_state=rubric.status,
        )
    return rubric


# --- Reviewer pool ------------------------------------------------------------------------------


def pool_for_update(*, call: Call) -> ReviewerPool:
    """The call's pool, created with the fund's defaults on first use, locked for this transaction."""
    pool, _created = ReviewerPool.objects.get_or_create(
        call=call, defaults={"requires_indigenous_panel": call.fund.requires_indigenous_led}
    )
    return ReviewerPool.objects.select_for_update().select_related("call__fund").get(pk=pool.pk)


def pool_update_settings(*, call: Call, by: User, values: dict) -> ReviewerPool:
    allowed = {
        "requires_indigenous_panel",
        "review_due_at",
        "disagreement_threshold",
        "other_reviews_while_reviewing",
    }
    with transaction.atomic():
        pool = pool_for_update(call=call)
        changed = {}
        for name, value in values.items():
            if name not in allowed:
                raise ValueError(name)
            if getattr(pool, name) != value:
                changed[name] = str(value)
                setattr(pool, name, value)
        pool.full_clean()
        pool.save()
        if changed:
            audit(actor=by, obj=pool, action="pool.settings_changed", **changed)
    return pool


def pool_add_reviewer(*, call: Call, reviewer: User, by: User, indigenous_panel: bool = False) -> PoolMember:
    if not reviewer.has_role(Role.REVIEWER):
        raise ServiceError(
            _("%(person)s does not have the reviewer role. An administrator can give it.")
            % {"person": reviewer}
        )
    with transaction.atomic():
        pool = pool_for_update(call=call)
        member, created = PoolMember.objects.get_or_create(
            pool=pool, reviewer=reviewer, defaults={"indigenous_panel": indigenous_panel, "added_by": by}
        )
        if not created and member.indigenous_panel != indigenous_panel:
            member.indigenous_panel = indigenous_panel
            member.save(update_fields=["indigenous_panel"])
        audit(
            actor=by,
            obj=pool,
            action="pool.reviewer_added" if created else "pool.reviewer_updated",
            reviewer=reviewer.email,
            indigenous_panel=indigenous_panel,
        )
    return member


def pool_remove_reviewer(*, call: Call, reviewer: User, by: User, now: dt.datetime | None = None) -> int:
    """Take a reviewer out of the pool. Their reviews not yet submitted are withdrawn from them and, once
    automatic assignment is in use, given to others; submitted reviews stay. Returns how many were
    withdrawn."""
    now = now or timezone.now()
    with transaction.atomic():
        pool = pool_for_update(call=call)
        member = PoolMember.objects.filter(pool=pool, reviewer=reviewer).first()
        if member is None:
            raise ServiceError(_("%(person)s is not in this call's pool.") % {"person": reviewer})
        withdrawn = Assignment.objects.filter(
            call=call, reviewer=reviewer, status__in=Assignment.ACTIVE
        ).exclude(review__status=Review.Status.SUBMITTED)
        count = withdrawn.update(
            status=Assignment.Status.REMOVED,
            removed_at=now,
            removal_reason=_("Removed from the reviewer pool."),
        )
        member.delete()
        audit(
            actor=by,
            obj=pool,
            action="pool.reviewer_removed",
            reviewer=reviewer.email,
            assignments_withdrawn=count,
        )
        if pool.auto_assigned_at:
            _rebalance(pool=pool, by=by, now=now, trigger="reviewer_removed")
    return count


# --- Assignment ---------------------------------------------------------------------------------


@dataclass
class AssignmentResult:
    added: int
    moved: int
    short: dict[int, int]


def _pool_reviewers(pool: ReviewerPool) -> list[int]:
    members = PoolMember.objects.filter(pool=pool, reviewer__is_active=True)
    if pool.requires_indigenous_panel:
        members = members.filter(indigenous_panel=True)
    return list(members.order_by("reviewer_id").values_list("reviewer_id", flat=True))


def _rebalance(*, pool: ReviewerPool, by: User | None, now: dt.datetime, trigger: str) -> AssignmentResult:
    """Complete and balance the call's assignments. The caller holds the pool's row lock, which
    serializes every change to the call's assignments."""
    call = pool.call
    applications = list(
        reviewable_applications(call=call).order_by("pk").values_list("pk", "organization_id")
    )
    app_ids = [pk for pk, _org in applications]
    reviewers = _pool_reviewers(pool)
    rows = list(
        Assignment.objects.filter(call=call).values_list("pk", "application_id", "reviewer_id", "status")
    )
    existing = [(app, rev) for _pk, app, rev, status in rows if status in Assignment.ACTIVE]
    movable = [(app, rev) for _pk, app, rev, status in rows if status == Assignment.Status.ASSIGNED]
    forbidden = {(app, rev) for _pk, app, rev, status in rows if status not in Assignment.ACTIVE}
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
            pk__in=[by_pair[p] for p in plan.remove], status=Assignment.Status.ASSIGNED
        ).delete()
    due = (
        max(pool.review_due_at or now + MINIMUM_REVIEW_TIME, now + MINIMUM_REVIEW_TIME)
        if trigger != "auto"
        else pool.review_due_at
    )
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
        transaction.on_commit(
            lambda: notifications.notify_assigned(call=call, counts=dict(new_by_reviewer), due_at=due)
        )
    return AssignmentResult(added=len(plan.add), moved=len(plan.remove), short=plan.short)


def _locked(assignment: Assignment) -> Assignment:
    """The assignment, row-locked. Balancing may have handed an undeclared one to someone else meanwhile."""
    locked = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if locked is None:
        raise TransitionError(
            _(
                "This application is no longer assigned to this reviewer: it was given to "
                "another reviewer to balance the load."
            )
        )
    return locked


def assignments_auto(*, call: Call, by: User, now: dt.datetime | None = None) -> AssignmentResult:
    """Give every eligible application its reviewers, balancing the load across the pool."""
    now = now or timezone.now()
    _refuse_unless(
        switchboard(call).staff_may_assign, _("Assignments can change only while screening or reviewing.")
    )
    with transaction.atomic():
        pool = pool_for_update(call=call)
        if pool.review_due_at is None or pool.review_due_at <= now:
            raise ServiceError(
                _("Set a date in the future by which reviews are due before assigning reviewers.")
            )
        if not _pool_reviewers(pool):
            raise ServiceError(
                _("The pool has no reviewers who can be assigned. Add reviewers first.")
                if not pool.requires_indigenous_panel
                else _("The call requires Indigenous review panel members, and the pool has none.")
            )
        if not reviewable_applications(call=call).exists():
            raise ServiceError(_("No application has been screened eligible yet."))
        result = _rebalance(pool=pool, by=by, now=now, trigger="auto")
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
    call = application.call
    _refuse_unless(
        switchboard(call).staff_may_assign, _("Assignments can change only while screening or reviewing.")
    )
    with transaction.atomic():
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
        due = due_at or max(pool.review_due_at or now + MINIMUM_REVIEW_TIME, now + MINIMUM_REVIEW_TIME)
        if assignment is None:
            assignment = Assignment.objects.create(
                call=call,
                application=application,
                reviewer=reviewer,
                due_at=due,
                assigned_by=by,
                assigned_at=now,
            )
            previous = ""
        elif assignment.status == Assignment.Status.CONFLICT:
            raise ServiceError(
                _("%(person)s declared a conflict with this application.") % {"person": reviewer}
            )
        elif assignment.status in Assignment.ACTIVE:
            raise ServiceError(
                _("%(person)s is already assigned to this application.") % {"person": reviewer}
            )
        else:
            previous = assignment.status
            assignment.status, assignment.removed_at, assignment.removal_reason = (
                Assignment.Status.ASSIGNED,
                None,
                "",
            )
            assignment.declared_at, assignment.due_at, assignment.assigned_by, assignment.assigned_at = (
                None,
                due,
                by,
                now,
            )
            assignment.save()
        audit(
            actor=by,
            obj=assignment,
            action="assignment.added",
            from_state=previous,
            to_state=assignment.status,
        )
        transaction.on_commit(
            lambda: notifications.notify_assigned(call=call, counts={reviewer.pk: 1}, due_at=due)
        )
    return assignment


def assignment_remove(
    *, assignment: Assignment, by: User, reason: str, now: dt.datetime | None = None
) -> Assignment:
    """Staff take a reviewer off an application; with automatic assignment in use, another replaces them."""
    now = now or timezone.now()
    if not reason.strip():
        raise ServiceError(_("Give a reason for removing the reviewer."))
    _refuse_unless(
        switchboard(assignment.call).staff_may_assign,
        _("Assignments can change only while screening or reviewing."),
    )
    with transaction.atomic():
        pool = pool_for_update(call=assignment.call)
        assignment = _locked(assignment)
        _refuse_unless(assignment.status in Assignment.ACTIVE, _("This reviewer is no longer assigned."))
        if Review.objects.filter(assignment=assignment, status=Review.Status.SUBMITTED).exists():
            raise TransitionError(_("This review has been submitted; reopen it first if it must not count."))
        previous = assignment.status
        assignment.status, assignment.removed_at, assignment.removal_reason = (
            Assignment.Status.REMOVED,
            now,
            reason,
        )
        assignment.save(update_fields=["status", "removed_at", "removal_reason"])
        audit(
            actor=by,
            obj=assignment,
            action="assignment.removed",
            from_state=previous,
            to_state=assignment.status,
            reason=reason,
        )
        if pool.auto_assigned_at:
            _rebalance(pool=pool, by=by, now=now, trigger="assignment_removed")
    return assignment


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
    _refuse_unless(
        switchboard(assignment.call).reviewers_may_declare, _("Declarations are closed for this call.")
    )
    with transaction.atomic():
        pool = pool_for_update(call=assignment.call)
        assignment = _locked(assignment)
        if assignment.reviewer_id != by.pk:
            raise TransitionError(_("Only the assigned reviewer can make this declaration."))
        previous = assignment.status
        if previous == Assignment.Status.ACCEPTED and not has_conflict:
            raise TransitionError(_("You have already declared that you have no conflict."))
        if previous not in Assignment.ACTIVE:
            raise TransitionError(_("You are no longer assigned to this application."))
        assignment.declared_at = now
        if has_conflict:
            assignment.status, assignment.conflict_reason = Assignment.Status.CONFLICT, reason
        else:
            assignment.status = Assignment.Status.ACCEPTED
        assignment.save(update_fields=["status", "conflict_reason", "declared_at"])
        audit(
            actor=by,
            obj=assignment,
            action="assignment.conflict_declared" if has_conflict else "assignment.no_conflict",
            from_state=previous,
            to_state=assignment.status,
            **({"reason": reason} if has_conflict else {}),
        )
        if has_conflict and pool.auto_assigned_at:
            _rebalance(pool=pool, by=None, now=now, trigger="conflict_declared")
    return assignment


# --- Reviews ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    value: int | None = None
    is_na: bool = False
    comment: str = ""


@dataclass(frozen=True)
class Problem:
    field: str
    label: str
    message: str


def review_problems(
    *, criteria: list[Criterion], scores: dict[int, ScoreInput], recommendation: str
) -> list[Problem]:
    """What keeps a review from being submitted; the scoring page shows the same list."""
    problems = []
    for criterion in criteria:
        given = scores.get(criterion.pk, ScoreInput())
        if given.value is None and not given.is_na:
            problems.append(Problem(f"score_{criterion.pk}", criterion.name, _("Choose a score.")))
        elif given.value == criterion.scale_min and not given.comment.strip():
            problems.append(
                Problem(
                    f"comment_{criterion.pk}",
                    criterion.name,
                    _("A score of %(score)s is the lowest: explain it in a comment.")
                    % {"score": criterion.scale_min},
                )
            )
    if criteria and all(scores.get(c.pk, ScoreInput()).is_na for c in criteria):
        problems.append(
            Problem(
                f"score_{criteria[0].pk}",
                criteria[0].name,
                _("At least one criterion must be scored; they cannot all be not applicable."),
            )
        )
    if not recommendation:
        problems.append(Problem("recommendation", _("Recommendation"), _("Choose a recommendation.")))
    return problems


def review_save(
    *,
    assignment: Assignment,
    by: User,
    scores: dict[int, ScoreInput],
    overall_comment: str,
    recommendation: str,
    submit: bool,
    now: dt.datetime | None = None,
) -> Review:
    """Save what the reviewer typed; with `submit`, also submit it when complete.

    An incomplete submission is still saved as a draft before IncompleteError reports what is missing,
    so nothing typed is lost.
    """
    now = now or timezone.now()
    _refuse_unless(switchboard(assignment.call).reviewers_may_score, _("Scoring is closed for this call."))
    problems: list[Problem] = []
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.reviewer_id != by.pk or assignment.status != Assignment.Status.ACCEPTED:
            raise TransitionError(
                _("Only the assigned reviewer, after declaring no conflict, can score this application.")
            )
        rubric = Rubric.objects.select_for_update().filter(call_id=assignment.call_id).first()
        if rubric is None or not rubric.accepts_reviews:
            raise TransitionError(
                _("The coordination office is changing the rubric. Your review is kept; try again later.")
            )
        criteria = list(rubric.criteria.all())
        review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
        if review.status == Review.Status.SUBMITTED:
            raise TransitionError(
                _("This review has been submitted. The coordination office can reopen it if it must change.")
            )
        for criterion in criteria:
            given = scores.get(criterion.pk, ScoreInput())
            if given.value is not None and given.value not in criterion.score_range:
                raise ServiceError(
                    _("A score for “%(criterion)s” must be between %(low)s and %(high)s.")
                    % {"criterion": criterion.name, "low": criterion.scale_min, "high": criterion.scale_max}
                )
            if given.is_na and not criterion.allows_na:
                raise ServiceError(_("“%(criterion)s” must be scored.") % {"criterion": criterion.name})
            Score.objects.update_or_create(
                review=review,
                criterion=criterion,
                defaults={
                    "value": None if given.is_na else given.value,
                    "is_na": given.is_na,
                    "comment": given.comment,
                },
            )
        review.overall_comment, review.recommendation = overall_comment, recommendation
        review.save(update_fields=["overall_comment", "recommendation", "updated_at"])
        _lock_rubric(rubric=rubric, by=by, now=now)
        if submit:
            problems = review_problems(criteria=criteria, scores=scores, recommendation=recommendation)
            if not problems:
                review.status, review.submitted_at = Review.Status.SUBMITTED, now
                review.save(update_fields=["status", "submitted_at", "updated_at"])
                audit(
                    actor=by,
                    obj=review,
                    action="review.submitted",
                    from_state=Review.Status.DRAFT,
                    to_state=review.status,
                )
    if problems:
        raise IncompleteError(_("Your review is saved, but it cannot be submitted yet."), problems=problems)
    return review


def _reopen_review(*, review: Review, by: User, reason: str) -> None:
    review.status, review.submitted_at = Review.Status.DRAFT, None
    review.save(update_fields=["status", "submitted_at", "updated_at"])
    audit(
        actor=by,
        obj=review,
        action="review.reopened",
        from_state=Review.Status.SUBMITTED,
        to_state=review.status,
        reason=reason,
    )


def review_reopen(*, review: Review, by: User, reason: str) -> Review:
    """Staff send a submitted review back to its reviewer, with a reason."""
    if not reason.strip():
        raise ServiceError(_("Give a reason for reopening; the reviewer receives it."))
    _refuse_unless(
        switchboard(review.assignment.call).reviewers_may_score,
        _("Reviews can be reopened only in the reviewing phase, when the reviewer can change them."),
    )
    with transaction.atomic():
        review = (
            Review.objects.select_for_update()
            .select_related("assignment__reviewer", "assignment__application")
            .get(pk=review.pk)
        )
        _refuse_unless(
            review.status == Review.Status.SUBMITTED, _("Only a submitted review can be reopened.")
        )
        _refuse_unless(
            review.assignment.status == Assignment.Status.ACCEPTED, _("The reviewer is no longer assigned.")
        )
        _reopen_review(review=review, by=by, reason=reason)
        transaction.on_commit(lambda: notifications.notify_reviews_reopened(reviews=[review], reason=reason))
    return review


# --- Screening ----------------------------------------------------------------------------------


def screening_decide(
    *, application: Application, decision: str, reason: str, by: User, now: dt.datetime | None = None
) -> Screening:
    """Record staff's eligibility decision; the applicant sees nothing until the call's decisions are
    released."""
    now = now or timezone.now()
    reason = reason.strip()
    if decision not in Screening.Decision.values:
        raise ServiceError(_("Choose eligible or ineligible."))
    if decision == Screening.Decision.INELIGIBLE and not reason:
        raise ServiceError(_("Give the reason the application is ineligible; the applicant will read it."))
    _refuse_unless(switchboard(application.call).staff_may_screen, _("Screening is closed for this call."))
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        _refuse_unless(
            application.status == Application.Status.SUBMITTED,
            _(
                "Only a submitted application whose screening is not yet released can be screened; "
                "this one is %(status)s."
            )
            % {"status": application.get_status_display().lower()},
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
        if previous == Screening.Decision.ELIGIBLE and decision == Screening.Decision.INELIGIBLE:
            Assignment.objects.filter(application=application, status__in=Assignment.ACTIVE).update(
                status=Assignment.Status.REMOVED, removed_at=now, removal_reason=_("Screened ineligible.")
            )
        pool = ReviewerPool.objects.filter(call=application.call).first()
        if previous != decision and pool and pool.auto_assigned_at:
            _rebalance(pool=pool_for_update(call=application.call), by=by, now=now, trigger="screened")
    return screening


def screening_release(*, call: Call, by: User, now: dt.datetime | None = None) -> int:
    """Tell applicants the outcome of screening: their applications become eligible or ineligible."""
    now = now or timezone.now()
    _refuse_unless(switchboard(call).staff_may_change_states, _("The review of this call is decided."))
    released = []
    with transaction.atomic():
        screenings = list(
            Screening.objects.select_for_update()
            .select_related("application")
            .filter(
                application__call=call,
                released_at__isnull=True,
                application__status=Application.Status.SUBMITTED,
            )
        )
        for screening in screenings:
            application = screening.application
            application.status = (
                Application.Status.ELIGIBLE
                if screening.decision == Screening.Decision.ELIGIBLE
                else Application.Status.INELIGIBLE
            )
            application.save(update_fields=["status", "updated_at"])
            screening.released_at = now
            screening.save(update_fields=["released_at"])
            audit(
                actor=by,
                obj=application,
                action="application.screening_released",
                from_state=Application.Status.SUBMITTED,
                to_state=application.status,
                reason=screening.reason,
            )
            released.append(screening)
        transaction.on_commit(lambda: notifications.notify_screening_released(screenings=released))
    return len(released)


# --- Moderation ---------------------------------------------------------------------------------


def moderation_record(
    *, application: Application, score: Decimal, reason: str, by: User, now: dt.datetime | None = None
) -> Moderation:
    now = now or timezone.now()
    if not reason.strip():
        raise ServiceError(_("Record the panel's reason for the consensus score."))
    if not Decimal(0) <= score <= Decimal(100):
        raise ServiceError(_("A consensus score is between 0 and 100."))
    score = score.quantize(Decimal("0.01"))
    _refuse_unless(
        switchboard(application.call).staff_may_moderate,
        _("Consensus scores are recorded in the moderation phase."),
    )
    if not reviewable_applications(call=application.call).filter(pk=application.pk).exists():
        raise ServiceError(_("Only applications screened eligible are ranked."))
    with transaction.atomic():
        moderation = Moderation.objects.select_for_update().filter(application=application).first()
        previous = str(moderation.consensus_score) if moderation else ""
        moderation = moderation or Moderation(application=application)
        moderation.consensus_score, moderation.reason = score, reason.strip()
        moderation.recorded_by, moderation.recorded_at = by, now
        moderation.save()
        audit(
            actor=by,
            obj=application,
            action="application.consensus_recorded",
            from_state=previous,
            to_state=str(score),
            reason=moderation.reason,
        )
    return moderation


def moderation_clear(*, application: Application, by: User, reason: str) -> None:
    if not reason.strip():
        raise ServiceError(_("Record why the consensus score is withdrawn."))
    _refuse_unless(
        switchboard(application.call).staff_may_moderate,
        _("Consensus scores are changed in the moderation phase."),
    )
    with transaction.atomic():
        moderation = Moderation.objects.select_for_update().filter(application=application).first()
        if moderation is None:
            raise ServiceError(_("There is no consensus score to withdraw."))
        previous = str(moderation.consensus_score)
        moderation.delete()
        audit(
            actor=by,
            obj=application,
            action="application.consensus_withdrawn",
            from_state=previous,
            to_state="",
            reason=reason.strip(),
        )


# --- Reminders ----------------------------------------------------------------------------------


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail each reviewer whose reviews are late, at most once every REMINDER_INTERVAL. Safe to run
    as often as cron likes. Returns the number of reviewers reminded."""
    now = now or timezone.now()
    with transaction.atomic():
        late = list(
            Assignment.objects.select_for_update(of=("self",))
            .select_related("application", "call", "reviewer")
            .filter(
                status__in=Assignment.ACTIVE,
                due_at__lt=now,
                call__review_phase=Phase.REVIEWING,
                application__screening__decision=Screening.Decision.ELIGIBLE,
            )
            .exclude(application__status__in=REVIEWABLE_EXCLUDED)
            .exclude(review__status=Review.Status.SUBMITTED)
            .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_INTERVAL))
            .order_by("reviewer_id", "due_at", "pk")
        )
        by_reviewer: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in late:
            by_reviewer[assignment.reviewer_id].append(assignment)
        Assignment.objects.filter(pk__in=[a.pk for a in late]).update(last_reminded_at=now)
        for assignments in by_reviewer.values():
            audit(
                actor=None,
                obj=assignments[0].reviewer,
                action="review.reminder_sent",
                assignments=[a.pk for a in assignments],
            )
        transaction.on_commit(
            lambda: [notifications.notify_late(assignments=a) for a in by_reviewer.values()]
        )
    return len(by_reviewer)
