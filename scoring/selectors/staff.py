"""Reads for staff's pages of a call's review: the calls, progress and screening counts, the assignment and pool
pages with their per-row figures, one application's reviews. Each list annotates what its page shows, so that a
page costs the same number of queries whatever its number of rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from grants.applications.enums import ApplicationStatus, CallStatus
from grants.applications.models import Application, Call
from grants.applications.selectors import requested_total_subquery
from grants.kernel.queries import correlated_count
from grants.kernel.roles import Role
from grants.organizations.models import User
from scoring.enums import AssignmentStatus, ReviewStatus, ScreeningDecision
from scoring.models import Assignment, Criterion, PoolMember, Review, ReviewerPool, Rubric, Score
from scoring.phases import PHASES
from scoring.selectors.reviewable import live_assignments, reviewable_applications


def _count(queryset, column: str = "call", outer: str = "pk"):
    """A correlated COUNT(*) subquery (grants.kernel.queries), by call unless told."""
    return correlated_count(queryset, column, outer)


# --- Calls --------------------------------------------------------------------------------------


def calls_for_review() -> QuerySet[Call]:
    in_the_running = Application.objects.exclude(status__in=ApplicationStatus.NOT_REVIEWABLE)
    return (
        Call.objects.exclude(status=CallStatus.DRAFT)
        .select_related("fund", "rubric")
        .annotate(
            submitted_count=_count(in_the_running),
            eligible_count=_count(in_the_running.filter(screening__decision=ScreeningDecision.ELIGIBLE)),
            reviews_submitted=_count(
                Review.objects.filter(status=ReviewStatus.SUBMITTED, assignment__status=AssignmentStatus.ACCEPTED),
                "assignment__call",
            ),
            assignments_active=_count(Assignment.objects.filter(status__in=AssignmentStatus.ACTIVE)),
        )
        .order_by("-closes_at")
    )


def call_for_staff(*, slug: str) -> Call:
    return Call.objects.select_related("fund", "rubric", "reviewer_pool").get(slug=slug)


def pool_of(*, call: Call) -> ReviewerPool:
    """The call's pool, or an unsaved one with the defaults when staff have not set it up yet."""
    try:
        return call.reviewer_pool
    except ReviewerPool.DoesNotExist:
        return ReviewerPool(call=call, requires_indigenous_panel=call.fund.requires_indigenous_led)


def rubric_of(*, call: Call) -> Rubric | None:
    try:
        return call.rubric
    except Rubric.DoesNotExist:
        return None


def submitted_review_count(*, call: Call) -> int:
    """How many reviews reopening the rubric would send back."""
    return Review.objects.filter(assignment__call=call, status=ReviewStatus.SUBMITTED).count()


def earlier_calls_with_rubrics(*, call: Call) -> QuerySet[Call]:
    return (
        Call.objects.exclude(pk=call.pk)
        .filter(Exists(Criterion.objects.filter(rubric__call=OuterRef("pk"))))
        .select_related("fund")
        .order_by("-closes_at")
    )


def call_progress(*, call: Call, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    live = live_assignments(Assignment.objects.filter(call=call))
    submitted = Q(review__status=ReviewStatus.SUBMITTED)
    counts = live.aggregate(
        active=Count("pk"),
        to_declare=Count("pk", filter=Q(status=AssignmentStatus.ASSIGNED)),
        not_started=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED, review__isnull=True)),
        in_progress=Count(
            "pk", filter=Q(status=AssignmentStatus.ACCEPTED, review__status=ReviewStatus.DRAFT)
        ),
        submitted=Count("pk", filter=submitted),
        overdue=Count("pk", filter=Q(due_at__lt=now) & ~submitted),
    )
    counts["conflicts"] = Assignment.objects.filter(call=call, status=AssignmentStatus.CONFLICT).count()
    return counts


# --- Screening ----------------------------------------------------------------------------------


def applications_to_screen() -> QuerySet[Application]:
    """Submitted applications nobody has screened yet, in the calls whose phase lets staff screen (staff's work
    queue; each call's screening page lists its own)."""
    return Application.objects.filter(
        status=ApplicationStatus.SUBMITTED,
        screening__isnull=True,
        call__review_phase__in=[phase for phase, rules in PHASES.items() if rules.staff_may_screen],
    )


def screening_rows(*, call: Call) -> QuerySet[Application]:
    return (
        Application.objects.filter(call=call)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("organization", "screening__decided_by")
        .defer("snapshot")  # the submitted form, never shown in a list
        .annotate(requested=requested_total_subquery())
        .order_by("reference")
    )


def screening_counts(*, call: Call) -> dict[str, int]:
    return (
        Application.objects.filter(call=call)
        .exclude(status=ApplicationStatus.DRAFT)
        .aggregate(
            total=Count("pk"),
            undecided=Count("pk", filter=Q(screening__isnull=True, status=ApplicationStatus.SUBMITTED)),
            eligible=Count("pk", filter=Q(screening__decision=ScreeningDecision.ELIGIBLE)),
            ineligible=Count("pk", filter=Q(screening__decision=ScreeningDecision.INELIGIBLE)),
            unreleased=Count(
                "pk",
                filter=Q(
                    screening__isnull=False,
                    screening__released_at__isnull=True,
                    status=ApplicationStatus.SUBMITTED,
                ),
            ),
        )
    )


# --- Reviewers and assignments ------------------------------------------------------------------


def assignment_rows(*, call: Call, now: dt.datetime | None = None) -> QuerySet[Application]:
    """Each application under review with its reviewers, for the assignment and progress page."""
    now = now or timezone.now()
    assignments = (
        Assignment.objects.filter(status__in=AssignmentStatus.SHOWN_TO_STAFF)
        .select_related("reviewer", "review")
        .order_by("status", "reviewer__last_name", "reviewer__email")
    )
    active = Assignment.objects.filter(status__in=AssignmentStatus.ACTIVE)
    return (
        reviewable_applications(call=call)
        .select_related("organization")
        .defer("snapshot")  # the submitted form, never shown in a list
        .annotate(
            reviewer_count=_count(active, "application"),
            submitted_count=_count(active.filter(review__status=ReviewStatus.SUBMITTED), "application"),
            overdue_count=_count(
                active.filter(due_at__lt=now).exclude(review__status=ReviewStatus.SUBMITTED), "application"
            ),
        )
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="reviewers"))
        .order_by("reviewer_count", "reference")
    )


def applications_with_reviews_overdue(*, now: dt.datetime | None = None) -> QuerySet[Application]:
    """Applications with a live assignment past its due date and no submitted review, in the calls whose phase
    still lets reviewers declare or score (staff's work queue)."""
    now = now or timezone.now()
    late = live_assignments(Assignment.objects.filter(application=OuterRef("pk"), due_at__lt=now)).exclude(
        review__status=ReviewStatus.SUBMITTED
    )
    open_phases = [p for p, rules in PHASES.items() if rules.reviewers_may_declare or rules.reviewers_may_score]
    return Application.objects.filter(Exists(late), call__review_phase__in=open_phases)


def short_of_reviewers(*, call: Call) -> int:
    active = Assignment.objects.filter(status__in=AssignmentStatus.ACTIVE)
    return (
        reviewable_applications(call=call)
        .annotate(n=_count(active, "application"))
        .filter(n__lt=call.reviewers_per_application)
        .count()
    )


def pool_members(*, call: Call, now: dt.datetime | None = None) -> QuerySet[PoolMember]:
    now = now or timezone.now()
    # Each count is correlated on the member's reviewer, not on the member's own id.
    live = live_assignments(Assignment.objects.filter(call=call))
    return (
        PoolMember.objects.filter(pool__call=call)
        .select_related("reviewer")
        .annotate(
            load=_count(live, "reviewer", "reviewer_id"),
            submitted=_count(live.filter(review__status=ReviewStatus.SUBMITTED), "reviewer", "reviewer_id"),
            overdue=_count(
                live.filter(due_at__lt=now).exclude(review__status=ReviewStatus.SUBMITTED), "reviewer", "reviewer_id"
            ),
        )
    )


def reviewers_not_in_pool(*, call: Call) -> QuerySet[User]:
    return (
        User.objects.filter(groups__name=Role.REVIEWER.value, is_active=True)
        .exclude(pool_memberships__pool__call=call)
        .order_by("last_name", "first_name", "email")
    )


def pool_reviewers(*, call: Call) -> QuerySet[User]:
    """The reviewers in the call's pool: those staff may assign by hand."""
    return User.objects.filter(pool_memberships__pool__call=call)


def reviewers_to_add(*, call: Call, assignments: list[Assignment]) -> QuerySet[User]:
    """The pool's reviewers not yet on an application whose `assignments` are given; one removed may come
    back."""
    taken = [a.reviewer_id for a in assignments if a.status != AssignmentStatus.REMOVED]
    return pool_reviewers(call=call).exclude(pk__in=taken)


# --- One application ----------------------------------------------------------------------------


def application_reviews(*, application: Application) -> list[Assignment]:
    """Every assignment of an application with its review and scores, for staff."""
    return list(
        Assignment.objects.filter(application=application)
        .select_related("reviewer", "review")
        .prefetch_related(Prefetch("review__scores", queryset=Score.objects.select_related("criterion")))
        .order_by("status", "reviewer__last_name", "reviewer__email")
    )


def application_for_staff(*, call: Call, pk: int) -> Application:
    return (
        Application.objects.filter(call=call)
        .select_related("organization", "screening", "moderation__recorded_by")
        .annotate(requested=requested_total_subquery())
        .get(pk=pk)
    )
