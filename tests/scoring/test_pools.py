"""The reviewer pool: a reviewer leaving it loses their unfinished work, which goes to others."""

from collections import Counter

from django.utils import timezone

from scoring import services
from scoring.models import Assignment
from tests.scoring.factories import (
    SubmittedApplicationFactory,
    pool_with,
    reviewer,
    submitted_review,
)


def test_removing_a_reviewer_from_the_pool_withdraws_unfinished_work_and_rebalances(
    review_call, program_officer
):
    people = [reviewer() for _ in range(4)]
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(4)]
    pool_with(review_call, people, by=program_officer)
    services.assignments_auto(call=review_call, by=program_officer)
    leaving = people[0]
    done = Assignment.objects.filter(reviewer=leaving).first()
    Assignment.objects.filter(pk=done.pk).update(
        status=Assignment.Status.ACCEPTED, declared_at=timezone.now()
    )
    submitted_review(done, [3, 3])
    withdrawn = services.pool_remove_reviewer(call=review_call, reviewer=leaving, by=program_officer)
    assert withdrawn == 1
    assert Assignment.objects.get(pk=done.pk).status == Assignment.Status.ACCEPTED  # submitted work stays
    per_app = Counter(
        Assignment.objects.filter(call=review_call, status__in=Assignment.Status.ACTIVE).values_list(
            "application_id", flat=True
        )
    )
    assert all(per_app[a.pk] == 2 for a in apps)
