"""Staff's pool and assignment pages: what they cost whatever the number of rows, and their actions with
their refusals."""

import re

import pytest
from django.urls import reverse

from scoring.models import Assignment, PoolMember
from tests.scoring.factories import (
    SubmittedApplicationFactory,
    assign,
    pool_with,
    reviewer,
    submitted_review,
)


@pytest.mark.parametrize("rows", [3, 60])
def test_assignments_and_pool(client, review_call, program_officer, rows, django_assert_max_num_queries):
    people = [reviewer() for _ in range(max(3, rows // 10))]
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(rows)]
    pool_with(review_call, people, by=program_officer)
    for i, app in enumerate(apps):
        assign(app, people[i % len(people)])
        assign(app, people[(i + 1) % len(people)], status=Assignment.Status.ASSIGNED)
    client.force_login(program_officer)
    page = reverse("scoring:assignments", args=[review_call.slug])
    with django_assert_max_num_queries(23):  # computed, and kept in the cache (scoring/selectors/progress.py)
        response = client.get(page)
    assert response.content.count(b"data-assignment-row") == min(rows, 25)
    # From the cache: the session, the user, the call, the version token and the cached page.
    with django_assert_max_num_queries(5):
        response = client.get(page)
    assert response.content.count(b"data-assignment-row") == min(rows, 25)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("scoring:pool", args=[review_call.slug]))
    assert response.content.count(b"data-member-row") == len(people)


def test_staff_add_and_remove_pool_reviewers_and_a_refusal_is_explained(client, review_call, program_officer):
    person = reviewer()
    client.force_login(program_officer)
    pool_page = reverse("scoring:pool", args=[review_call.slug])
    response = client.post(reverse("scoring:pool_add", args=[review_call.slug]), {"reviewer": person.pk})
    assert response["Location"] == pool_page
    assert PoolMember.objects.filter(pool__call=review_call, reviewer=person).exists()
    remove = reverse("scoring:pool_remove", args=[review_call.slug, person.pk])
    client.post(remove)
    assert not PoolMember.objects.filter(pool__call=review_call, reviewer=person).exists()
    response = client.post(remove, follow=True)
    assert response.redirect_chain[-1][0] == pool_page
    assert "is not in this call&#x27;s pool." in response.content.decode()


def test_automatic_assignment_refused_without_a_due_date_says_why(client, review_call, program_officer):
    SubmittedApplicationFactory(call=review_call)
    client.force_login(program_officer)
    response = client.post(reverse("scoring:assignments_auto", args=[review_call.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("scoring:assignments", args=[review_call.slug])
    assert "Set a date in the future by which reviews are due" in response.content.decode()
    assert not Assignment.objects.filter(call=review_call).exists()


def test_the_pool_shows_each_reviewers_own_assignments(client, review_call, program_officer):
    """Each count is the reviewer's, whatever the pool member's own id (it once matched only when both were
    equal, so every reviewer showed 0 assigned)."""
    busy, idle = reviewer(), reviewer()
    pool_with(review_call, [busy, idle], by=program_officer)
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(3)]
    assign(apps[0], busy, due_in_days=-1)
    submitted_review(assign(apps[1], busy), [3, 3])
    assign(apps[2], busy, status=Assignment.Status.ASSIGNED)
    client.force_login(program_officer)

    response = client.get(reverse("scoring:pool", args=[review_call.slug]))

    rows = {
        person: re.search(rf"<tr data-member-row>\s*<td>{re.escape(person.get_full_name())}.*?</tr>",
                          response.content.decode(), re.S).group(0)
        for person in (busy, idle)
    }
    counts = {person: re.findall(r'<td class="num">(\d+)</td>', row) for person, row in rows.items()}
    assert counts == {busy: ["3", "1", "1"], idle: ["0", "0", "0"]}  # assigned, submitted, overdue
