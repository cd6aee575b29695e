"""Reads for the review: querysets with the annotations their pages need, and the ranking.

- reviewable.py: the applications under review and the live assignments on them
- reviewer.py: a reviewer's assignments, counts, scores and the other reviews
- staff.py: staff's pages of a call (progress, screening, pool, assignments, one application's reviews)
- ranking.py: the ranking in one SQL statement
- progress.py: a call's review figures and assignment page, cached until the next change

Callers write `from scoring import selectors; selectors.ranking(...)`: the public functions are re-exported here
(so `selectors.ranking` is the function; its module is imported as scoring.selectors.ranking).
"""

from scoring.selectors.progress import assignment_page, call_figures
from scoring.selectors.ranking import RankingPage, RankingRow, ranking, ranking_filters
from scoring.selectors.reviewable import live_assignments, reviewable_applications, to_do_assignments
from scoring.selectors.reviewer import (
    assignment_for_reviewer,
    other_reviews,
    reviewer_assignments,
    reviewer_counts,
    rubric_criteria,
    scores_of,
)
from scoring.selectors.staff import (
    application_for_staff,
    application_reviews,
    applications_to_screen,
    applications_with_reviews_overdue,
    assignment_rows,
    call_for_staff,
    call_progress,
    calls_for_review,
    earlier_calls_with_rubrics,
    pool_members,
    pool_of,
    pool_reviewers,
    reviewers_not_in_pool,
    reviewers_to_add,
    rubric_of,
    screening_counts,
    screening_rows,
    short_of_reviewers,
    submitted_review_count,
)

__all__ = [
    "assignment_page",
    "call_figures",
    "RankingPage",
    "RankingRow",
    "application_for_staff",
    "application_reviews",
    "applications_to_screen",
    "applications_with_reviews_overdue",
    "assignment_for_reviewer",
    "assignment_rows",
    "call_for_staff",
    "call_progress",
    "calls_for_review",
    "earlier_calls_with_rubrics",
    "live_assignments",
    "other_reviews",
    "pool_members",
    "pool_of",
    "pool_reviewers",
    "ranking",
    "ranking_filters",
    "reviewable_applications",
    "reviewer_assignments",
    "reviewer_counts",
    "reviewers_not_in_pool",
    "reviewers_to_add",
    "rubric_criteria",
    "rubric_of",
    "scores_of",
    "screening_counts",
    "screening_rows",
    "short_of_reviewers",
    "submitted_review_count",
    "to_do_assignments",
]
