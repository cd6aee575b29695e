"""A reviewer's review: saved as typed, submitted once complete, locked until staff reopen it, only while scoring
is open."""

import pytest

from grants.applications.models import Call
from grants.kernel.errors import IncompleteError, ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from scoring import services
from scoring.models import Review, Score
from scoring.services import ScoreInput
from tests.scoring.factories import (
    SubmittedApplicationFactory,
    assign,
    reviewer,
    score_inputs,
)


def test_an_incomplete_submission_is_saved_and_reports_what_is_missing(review_call, criteria):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    with pytest.raises(IncompleteError) as error:
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores={criteria[0].pk: ScoreInput(value=0)},
            overall_comment="Typed text.",
            recommendation="",
            submit=True,
        )
    fields = {p.field for p in error.value.problems}
    assert fields == {f"comment_{criteria[0].pk}", f"score_{criteria[1].pk}", "recommendation"}
    review = Review.objects.get(assignment=assignment)
    assert review.status == Review.Status.DRAFT and review.overall_comment == "Typed text."
    assert Score.objects.get(review=review, criterion=criteria[0]).value == 0


def test_not_applicable_only_where_allowed_and_never_everywhere(review_call, criteria):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    with pytest.raises(ServiceError, match="must be scored"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=score_inputs(criteria, None, 3),
            overall_comment="",
            recommendation="fund",
            submit=False,
        )
    with pytest.raises(ServiceError, match="between 0 and 5"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=score_inputs(criteria, 6, 3),
            overall_comment="",
            recommendation="fund",
            submit=False,
        )
    review = services.review_save(
        assignment=assignment,
        by=assignment.reviewer,
        scores=score_inputs(criteria, 3, None),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    assert review.status == Review.Status.SUBMITTED
    assert Score.objects.get(review=review, criterion=criteria[1]).is_na


def test_a_submitted_review_is_locked_until_staff_reopen_it(
    review_call, criteria, program_officer, mailoutbox, worker_after
):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    review = services.review_save(
        assignment=assignment,
        by=assignment.reviewer,
        scores=score_inputs(criteria, 3, 3),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    with pytest.raises(TransitionError, match="submitted"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=score_inputs(criteria, 1, 1),
            overall_comment="",
            recommendation="fund",
            submit=False,
        )
    with worker_after():
        services.review_reopen(review=review, by=program_officer, reason="Score 2 contradicts your comment.")
    assert Review.objects.get(pk=review.pk).status == Review.Status.DRAFT
    assert mailoutbox[0].to == [assignment.reviewer.email]
    assert "Score 2 contradicts your comment." in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="review.reopened", actor=program_officer).exists()


def test_scoring_is_only_open_in_the_reviewing_phase(review_call, criteria):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    Call.objects.filter(pk=review_call.pk).update(review_phase="moderation")
    assignment.call.refresh_from_db()
    with pytest.raises(TransitionError, match="Scoring is closed"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=score_inputs(criteria, 3, 3),
            overall_comment="",
            recommendation="fund",
            submit=True,
        )


def test_the_phase_checked_is_the_one_the_call_has_now_not_the_one_the_page_read(review_call, criteria):
    assignment = assign(SubmittedApplicationFactory(call=review_call), reviewer())
    assert assignment.call.review_phase == "reviewing"  # what the scoring page read
    Call.objects.filter(pk=review_call.pk).update(review_phase="moderation")  # staff closed scoring since
    with pytest.raises(TransitionError, match="Scoring is closed"):
        services.review_save(
            assignment=assignment,
            by=assignment.reviewer,
            scores=score_inputs(criteria, 3, 3),
            overall_comment="",
            recommendation="fund",
            submit=True,
        )
    assert not Review.objects.filter(assignment=assignment).exists()
