"""Assignments: automatic (complete, balanced, never a member of the applicant), by hand, and removed by staff."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from grants.applications.models import Fund
from grants.kernel.errors import ServiceError, TransitionError
from scoring import services
from scoring.models import Assignment
from tests.factories import MembershipFactory
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    assign,
    pool_with,
    reviewer,
    rubric_for,
    submitted_review,
)


def test_automatic_assignment_is_complete_balanced_and_never_uses_a_member_of_the_applicant(
    review_call, program_officer, mailoutbox, worker_after
):
    people = [reviewer() for _ in range(5)]
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(7)]
    MembershipFactory(
        organization=apps[0].organization, user=people[0]
    )  # a reviewer who belongs to an applicant
    SubmittedApplicationFactory(call=review_call, screened="")  # not screened: not assigned
    pool_with(review_call, people, by=program_officer)
    with worker_after():
        result = services.assignments_auto(call=review_call, by=program_officer)
    assert result.added == 14 and not result.short
    active = list(Assignment.objects.filter(call=review_call, status__in=Assignment.Status.ACTIVE))
    per_app = Counter(a.application_id for a in active)
    assert set(per_app) == {a.pk for a in apps} and set(per_app.values()) == {2}
    assert not any(a.application_id == apps[0].pk and a.reviewer_id == people[0].pk for a in active)
    loads = Counter(a.reviewer_id for a in active)
    assert max(loads.values()) - min(loads[p.pk] for p in people) <= 1
    # One e-mail per reviewer, naming no applicant.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert all(apps[0].organization.legal_name not in m.body for m in mailoutbox)


def test_ilif_pools_use_only_indigenous_review_panel_members(db, program_officer):
    call = ClosedCallFactory(fund=Fund.objects.get(code="ILIF"), reviewers_per_application=1)
    rubric_for(call)
    SubmittedApplicationFactory(call=call)
    panel, other = reviewer(), reviewer()
    services.pool_update_settings(
        call=call, by=program_officer, values={"review_due_at": timezone.now() + dt.timedelta(days=5)}
    )
    services.pool_add_reviewer(call=call, reviewer=panel, by=program_officer, indigenous_panel=True)
    services.pool_add_reviewer(call=call, reviewer=other, by=program_officer)
    assert call.reviewer_pool.requires_indigenous_panel
    services.assignments_auto(call=call, by=program_officer)
    assert list(Assignment.objects.values_list("reviewer", flat=True)) == [panel.pk]


def test_manual_assignment_refuses_members_of_the_applicant_and_conflicts(review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    insider, outsider = reviewer(), reviewer()
    MembershipFactory(organization=app.organization, user=insider)
    pool_with(review_call, [insider, outsider], by=program_officer)
    with pytest.raises(ServiceError, match="member of the applicant"):
        services.assignment_add(application=app, reviewer=insider, by=program_officer)
    assignment = services.assignment_add(application=app, reviewer=outsider, by=program_officer)
    services.conflict_declare(
        assignment=assignment, by=outsider, has_conflict=True, reason="Former employee."
    )
    with pytest.raises(ServiceError, match="conflict"):
        services.assignment_add(application=app, reviewer=outsider, by=program_officer)


def test_staff_remove_an_assignment_with_a_reason_but_not_a_submitted_review(review_call, program_officer):
    app = SubmittedApplicationFactory(call=review_call)
    assignment = assign(app, reviewer())
    submitted_review(assignment, [2, 2])
    with pytest.raises(TransitionError, match="submitted"):
        services.assignment_remove(assignment=assignment, by=program_officer, reason="Late.")
    other = assign(app, reviewer(), status=Assignment.Status.ASSIGNED)
    services.assignment_remove(assignment=other, by=program_officer, reason="Unavailable until June.")
    other.refresh_from_db()
    assert other.status == Assignment.Status.REMOVED and other.removal_reason == "Unavailable until June."
