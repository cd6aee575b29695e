"""The reviewer's declaration: a conflict removes their access and hands the application on; no conflict opens it."""

from collections import Counter

import pytest

from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.models import AuditEntry
from scoring import services
from scoring.models import Assignment
from tests.scoring.factories import (
    SubmittedApplicationFactory,
    assign,
    pool_with,
    reviewer,
)


def test_a_declared_conflict_removes_access_and_hands_the_application_to_another_reviewer(
    review_call, program_officer
):
    people = [reviewer() for _ in range(3)]
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(3)]
    pool_with(review_call, people, by=program_officer)
    services.assignments_auto(call=review_call, by=program_officer)
    conflicted = Assignment.objects.filter(application=apps[0]).first()
    with pytest.raises(ServiceError, match="Describe the conflict"):
        services.conflict_declare(assignment=conflicted, by=conflicted.reviewer, has_conflict=True, reason="")
    services.conflict_declare(
        assignment=conflicted, by=conflicted.reviewer, has_conflict=True, reason="My sister chairs its board."
    )
    conflicted.refresh_from_db()
    assert conflicted.status == Assignment.Status.CONFLICT
    assert not conflicted.reviewer.has_perm("scoring.score_application", conflicted)
    assert not conflicted.reviewer.has_perm("scoring.declare_conflict", conflicted)
    reviewers = set(
        Assignment.objects.filter(application=apps[0], status__in=Assignment.Status.ACTIVE).values_list(
            "reviewer_id", flat=True
        )
    )
    assert len(reviewers) == 2 and conflicted.reviewer_id not in reviewers
    loads = Counter(
        Assignment.objects.filter(call=review_call, status__in=Assignment.Status.ACTIVE).values_list(
            "reviewer_id", flat=True
        )
    )
    assert sorted(loads.values()) == [2, 2, 2]
    entry = AuditEntry.objects.get(action="assignment.conflict_declared")
    assert (entry.actor, entry.to_state, entry.details["reason"]) == (
        conflicted.reviewer,
        "conflict",
        "My sister chairs its board.",
    )
    # A conflict cannot be taken back.
    with pytest.raises(TransitionError):
        services.conflict_declare(assignment=conflicted, by=conflicted.reviewer, has_conflict=False)


def test_declaring_no_conflict_is_audited_and_only_the_reviewer_may_declare(review_call):
    assignment = assign(
        SubmittedApplicationFactory(call=review_call), reviewer(), status=Assignment.Status.ASSIGNED
    )
    with pytest.raises(TransitionError):
        services.conflict_declare(assignment=assignment, by=reviewer(), has_conflict=False)
    services.conflict_declare(assignment=assignment, by=assignment.reviewer, has_conflict=False)
    assert AuditEntry.objects.filter(
        action="assignment.no_conflict", actor=assignment.reviewer, to_state="accepted"
    ).exists()
