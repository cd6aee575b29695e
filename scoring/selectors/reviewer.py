"""Reads for a reviewer's pages: their assignments and counts, the rubric they score against, their scores and,
when the phase allows, the other reviews of the same application."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from grants.applications.models import Call
from grants.kernel.queries import correlated_count
from grants.organizations.models import User
from scoring.enums import AssignmentStatus, ReviewStatus
from scoring.models import Assignment, Criterion, Review, Score
from scoring.selectors.reviewable import to_do_assignments


def reviewer_assignments(*, user: User) -> QuerySet[Assignment]:
    """A reviewer's live assignments, the soonest due first, each with how many of its rubric's criteria the
    review has scored (or marked not applicable) so far."""
    scored = Score.objects.filter(Q(value__isnull=False) | Q(is_na=True))
    return (
        to_do_assignments(Assignment.objects.filter(reviewer=user))
        .select_related("application__organization", "call", "review")
        .annotate(
            criteria_count=correlated_count(Criterion.objects.all(), "rubric__call", "call"),
            scored_count=correlated_count(scored, "review__assignment"),
        )
        .order_by("due_at", "application__reference")
    )


def reviewer_counts(*, user: User, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    submitted = Q(review__status=ReviewStatus.SUBMITTED)
    return to_do_assignments(Assignment.objects.filter(reviewer=user)).aggregate(
        assigned=Count("pk"),
        to_declare=Count("pk", filter=Q(status=AssignmentStatus.ASSIGNED)),
        declared=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED, review__isnull=True)),
        in_progress=Count(
            "pk", filter=Q(status=AssignmentStatus.ACCEPTED, review__status=ReviewStatus.DRAFT)
        ),
        submitted=Count("pk", filter=submitted),
        overdue=Count("pk", filter=Q(due_at__lt=now) & ~submitted),
    )


def assignment_for_reviewer(*, pk: int) -> Assignment:
    return Assignment.objects.select_related("application__organization", "call__fund", "review").get(pk=pk)


def rubric_criteria(*, call: Call) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric__call=call).order_by("position", "pk"))


def scores_of(*, review: Review | None) -> dict[int, Score]:
    if review is None:
        return {}
    return {s.criterion_id: s for s in review.scores.all()}


def other_reviews(*, assignment: Assignment) -> list[Review]:
    """The other submitted reviews of the same application, with their scores."""
    return list(
        Review.objects.filter(
            assignment__application_id=assignment.application_id,
            assignment__status=AssignmentStatus.ACCEPTED,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(assignment=assignment)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("submitted_at", "pk")
    )
