"""A reviewer's review: the scores saved as typed, submitted once complete (the first saved review locks the
rubric), and sent back to the reviewer by staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.kernel import versions
from grants.kernel.audit import transition
from grants.kernel.errors import IncompleteError, ServiceError, TransitionError
from grants.organizations.models import User
from scoring import notifications
from scoring.enums import AssignmentStatus, ReviewStatus, RubricStatus
from scoring.models import Assignment, Criterion, Review, Rubric, Score
from scoring.phases import switchboard_for_update
from scoring.services.totals import refresh_review_totals


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


def lock_rubric(*, rubric: Rubric, by: User, now: dt.datetime) -> None:
    """The first saved review locks a draft rubric (locked row): every review is scored against the same
    criteria."""
    if rubric.status == RubricStatus.DRAFT:
        rubric.locked_at = now
        transition(
            rubric,
            to=RubricStatus.LOCKED,
            allowed=[RubricStatus.DRAFT],
            by=by,
            action="rubric.locked",
            update_fields=["locked_at"],
        )


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
    problems: list[Problem] = []
    with transaction.atomic():
        if not switchboard_for_update(assignment.call_id).reviewers_may_score:
            raise TransitionError(_("Scoring is closed for this call."))
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.reviewer_id != by.pk or assignment.status != AssignmentStatus.ACCEPTED:
            raise TransitionError(
                _("Only the assigned reviewer, after declaring no conflict, can score this application.")
            )
        rubric = Rubric.objects.select_for_update().filter(call_id=assignment.call_id).first()
        if rubric is None or not rubric.accepts_reviews:
            raise TransitionError(
                _("The coordination office is changing the rubric. Your review is kept; try again later.")
            )
        criteria = list(rubric.criteria.all())
        review, created = Review.objects.select_for_update().get_or_create(assignment=assignment)
        if created:
            versions.changed()  # not audited, but staff's cached progress counts it "in progress" from now on
        if review.is_submitted:
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
        lock_rubric(rubric=rubric, by=by, now=now)
        if submit:
            problems = review_problems(criteria=criteria, scores=scores, recommendation=recommendation)
            if not problems:
                review.submitted_at = now
                transition(
                    review,
                    to=ReviewStatus.SUBMITTED,
                    allowed=[ReviewStatus.DRAFT],
                    by=by,
                    action="review.submitted",
                    update_fields=["submitted_at"],
                )
                refresh_review_totals(review_ids=[review.pk])
                review.refresh_from_db(fields=["total"])
    if problems:
        raise IncompleteError(_("Your review is saved, but it cannot be submitted yet."), problems=problems)
    return review


def reopen_review(*, review: Review, by: User, reason: str) -> None:
    """Send a submitted review (locked row) back to its reviewer as a draft."""
    review.submitted_at, review.total = None, None
    transition(
        review,
        to=ReviewStatus.DRAFT,
        allowed=[ReviewStatus.SUBMITTED],
        by=by,
        action="review.reopened",
        refusal=_("Only a submitted review can be reopened."),
        update_fields=["submitted_at", "total"],
        reason=reason,
    )


def review_reopen(*, review: Review, by: User, reason: str) -> Review:
    """Staff send a submitted review back to its reviewer, with a reason."""
    if not reason.strip():
        raise ServiceError(_("Give a reason for reopening; the reviewer receives it."))
    with transaction.atomic():
        if not switchboard_for_update(review.assignment.call_id).reviewers_may_score:
            raise TransitionError(
                _("Reviews can be reopened only in the reviewing phase, when the reviewer can change them.")
            )
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("assignment__reviewer", "assignment__application")
            .get(pk=review.pk)
        )
        reopen_review(review=review, by=by, reason=reason)
        if review.assignment.status != AssignmentStatus.ACCEPTED:
            raise TransitionError(_("The reviewer is no longer assigned."))
        notifications.notify_reviews_reopened(reviews=[review], reason=reason)
    return review
