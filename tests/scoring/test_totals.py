"""Each submitted review's stored total (scoring/services/totals.py) equals the total recomputed from its scores,
after every service that changes scores or a review's state; drafts store none; the ranking reads them, and its
cached page is never older than the last change."""

import random
from decimal import Decimal

import pytest

from grants.applications.models import Call
from scoring import selectors, services
from scoring.models import Review
from scoring.selectors.ranking import compute_ranking
from scoring.services.totals import refresh_review_totals
from tests.scoring.factories import SubmittedApplicationFactory, assign, reviewer, score_inputs


def recomputed(review: Review) -> float | None:
    """The total from the scores, written out independently of the SQL that stores it."""
    if review.status != Review.Status.SUBMITTED:
        return None
    scored = [s for s in review.scores.select_related("criterion") if not s.is_na and s.value is not None]
    weights = sum(float(s.criterion.weight) for s in scored)
    return 100 * sum(
        float(s.criterion.weight) * (s.value - s.criterion.scale_min) / (s.criterion.scale_max - s.criterion.scale_min)
        for s in scored
    ) / weights


def assert_ranking_fresh(call):
    """The ranking's cached page is the one its statement computes now."""
    call = selectors.call_for_staff(slug=call.slug)
    shown = selectors.ranking(call=call)
    fresh = compute_ranking(
        call=call, pool=selectors.pool_of(call=call), basis="mean", pillar=None, region=None, population=None,
        page=1, per_page=50,
    )
    assert shown == fresh


def assert_totals_stored(call):
    assert_ranking_fresh(call)
    reviews = list(Review.objects.filter(assignment__call=call))
    assert reviews
    for review in reviews:
        expected = recomputed(review)
        if expected is None:
            assert review.total is None, review.status
        else:
            assert review.total == pytest.approx(expected, abs=1e-9)


def test_stored_totals_follow_every_scoring_service(review_call, criteria, program_officer):
    rng = random.Random(13)
    assignments = [assign(SubmittedApplicationFactory(call=review_call), reviewer()) for _ in range(3)]

    def submit(assignment):
        values = (rng.randint(1, 5), rng.choice((None, 0, 2, 5)))
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=score_inputs(criteria, *values),
            overall_comment="",
            recommendation="fund",
            submit=True,
        )

    for assignment in assignments:
        submit(assignment)
    assert_totals_stored(review_call)
    steps = 0
    for _ in range(12):
        submitted = list(Review.objects.filter(assignment__call=review_call, status=Review.Status.SUBMITTED))
        drafts = list(Review.objects.filter(assignment__call=review_call, status=Review.Status.DRAFT))
        action = rng.choice(["reopen", "rubric", "resubmit"])
        if action == "reopen" and submitted:
            services.review_reopen(review=rng.choice(submitted), by=program_officer, reason="Check score 2.")
        elif action == "rubric" and submitted:
            rubric = review_call.rubric
            services.rubric_reopen(rubric=rubric, by=program_officer, reason="Weights change.")
            assert_totals_stored(review_call)
            first = rubric.criteria.order_by("position").first()
            first.weight = rng.choice((1, 2, 3))  # changed while no review is submitted
            first.save(update_fields=["weight"])
            services.rubric_relock(rubric=rubric, by=program_officer)
        elif drafts:
            submit(rng.choice(drafts).assignment)
        else:
            continue
        steps += 1
        assert_totals_stored(review_call)
    assert steps >= 6
    for review in Review.objects.filter(assignment__call=review_call, status=Review.Status.DRAFT):
        submit(review.assignment)
    assert_totals_stored(review_call)
    # A consensus score moves the ranking too.
    services.call_phase_change(call=review_call, phase=Call.ReviewPhase.MODERATION, by=program_officer)
    first = assignments[0].application
    services.moderation_record(application=first, by=program_officer, score=Decimal("99"), reason="Panel.")
    assert_ranking_fresh(review_call)
    services.moderation_clear(application=first, by=program_officer, reason="Withdrawn.")
    assert_ranking_fresh(review_call)
    # The ranking's means are the means of those totals.
    page = selectors.ranking(call=selectors.call_for_staff(slug=review_call.slug))
    by_application = {row.id: row.mean for row in page.rows}
    for review in Review.objects.filter(assignment__call=review_call).select_related("assignment"):
        assert by_application[review.assignment.application_id] == pytest.approx(recomputed(review))


def test_refresh_clears_the_total_of_a_draft(review_call, criteria):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    review = services.review_save(
        assignment=assignment,
        by=assignment.reviewer,
        scores=score_inputs(criteria, 4, None),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    assert review.total == pytest.approx(80.0)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.DRAFT, submitted_at=None)
    refresh_review_totals(review_ids=[review.pk])
    assert Review.objects.get(pk=review.pk).total is None
