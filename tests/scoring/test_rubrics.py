"""The rubric: locked by the first saved review, reopened (its reviews go back) and locked again, copied from an
earlier call."""

from decimal import Decimal

import pytest

from grants.kernel.errors import ServiceError, TransitionError
from scoring import services
from scoring.models import Review, Rubric, Score
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    assign,
    reviewer,
    rubric_for,
    score_inputs,
    submitted_review,
)


def test_the_first_saved_review_locks_the_rubric_and_reopening_sends_reviews_back(
    review_call, criteria, program_officer, mailoutbox, worker_after
):
    app = SubmittedApplicationFactory(call=review_call)
    first, second = assign(app, reviewer(email="first@example.org")), assign(app, reviewer())
    services.review_save(
        assignment=first,
        by=first.reviewer,
        scores=score_inputs(criteria, 4, 3),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    rubric = Rubric.objects.get(call=review_call)
    assert rubric.status == Rubric.Status.LOCKED and not rubric.is_editable
    services.review_save(
        assignment=second,
        by=second.reviewer,
        scores=score_inputs(criteria, 2, None),
        overall_comment="",
        recommendation="",
        submit=False,
    )

    with pytest.raises(ServiceError, match="reason"):
        services.rubric_reopen(rubric=rubric, by=program_officer, reason=" ")
    with worker_after():
        services.rubric_reopen(rubric=rubric, by=program_officer, reason="Weights were wrong.")
    rubric.refresh_from_db()
    assert rubric.status == Rubric.Status.REOPENED
    assert Review.objects.get(assignment=first).status == Review.Status.DRAFT
    assert [m.to for m in mailoutbox] == [["first@example.org"]]
    assert "Weights were wrong." in mailoutbox[0].body and app.reference in mailoutbox[0].body

    # While staff change it, reviewers cannot save; what they typed is kept.
    with pytest.raises(TransitionError, match="changing the rubric"):
        services.review_save(
            assignment=first,
            by=first.reviewer,
            scores=score_inputs(criteria, 5, 5),
            overall_comment="",
            recommendation="fund",
            submit=True,
        )
    assert Score.objects.get(review__assignment=first, criterion=criteria[0]).value == 4
    services.rubric_relock(rubric=rubric, by=program_officer)
    services.review_save(
        assignment=first,
        by=first.reviewer,
        scores=score_inputs(criteria, 5, 5),
        overall_comment="",
        recommendation="fund",
        submit=True,
    )
    assert Review.objects.get(assignment=first).status == Review.Status.SUBMITTED


def test_copying_a_rubric_from_an_earlier_call(review_call, program_officer):
    later = ClosedCallFactory(review_phase="screening")
    rubric = services.rubric_copy(call=later, source=review_call, by=program_officer)
    assert [(c.name_en, c.weight, c.allows_na) for c in rubric.criteria.all()] == [
        ("Criterion 1", Decimal("2.00"), False),
        ("Criterion 2", Decimal("1.00"), True),
    ]
    assert rubric.copied_from == review_call
    with pytest.raises(ServiceError, match="no rubric"):
        services.rubric_copy(call=review_call, source=ClosedCallFactory(), by=program_officer)


def test_a_rubric_with_reviews_is_not_replaced_by_a_copy(review_call, criteria, program_officer):
    submitted_review(assign(SubmittedApplicationFactory(call=review_call), reviewer()), [3, 3])
    source = ClosedCallFactory()
    rubric_for(source)
    Rubric.objects.filter(call=review_call).update(status=Rubric.Status.LOCKED)
    with pytest.raises(TransitionError, match="locked"):
        services.rubric_copy(call=review_call, source=source, by=program_officer)
    Rubric.objects.filter(call=review_call).update(status=Rubric.Status.REOPENED)
    with pytest.raises(TransitionError, match="one by one"):
        services.rubric_copy(call=review_call, source=source, by=program_officer)
    assert review_call.rubric.criteria.count() == 2
