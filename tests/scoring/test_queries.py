"""List pages cost a fixed number of queries, whatever the number of rows."""

import pytest
from django.urls import reverse

from scoring.models import Assignment
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    assign,
    pool_with,
    reviewer,
    submitted_review,
)


@pytest.mark.parametrize("rows", [3, 60])
def test_reviewer_dashboard(client, review_call, rows, django_assert_max_num_queries):
    person = reviewer()
    for i in range(rows):
        assignment = assign(
            SubmittedApplicationFactory(call=review_call),
            person,
            status=Assignment.Status.ASSIGNED if i % 3 else Assignment.Status.ACCEPTED,
            due_in_days=-1 if i % 5 == 0 else 7,
        )
        if i % 3 == 0 and i % 2 == 0:
            submitted_review(assignment, [3, 3])
    client.force_login(person)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("scoring:dashboard"))
    assert response.content.count(b"data-assignment-row") == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 60])
def test_call_list(client, db, program_officer, rows, django_assert_max_num_queries):
    ClosedCallFactory.create_batch(rows)
    client.force_login(program_officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("scoring:call_list"))
    assert response.content.count(b"data-call-row") == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 60])
def test_screening_list(client, review_call, program_officer, rows, django_assert_max_num_queries):
    for i in range(rows):
        SubmittedApplicationFactory(call=review_call, screened="" if i % 2 else "eligible")
    client.force_login(program_officer)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("scoring:screening_list", args=[review_call.slug]))
    assert response.content.count(b"data-screening-row") == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 60])
def test_assignments_and_pool(client, review_call, program_officer, rows, django_assert_max_num_queries):
    people = [reviewer() for _ in range(max(3, rows // 10))]
    apps = [SubmittedApplicationFactory(call=review_call) for _ in range(rows)]
    pool_with(review_call, people, by=program_officer)
    for i, app in enumerate(apps):
        assign(app, people[i % len(people)])
        assign(app, people[(i + 1) % len(people)], status=Assignment.Status.ASSIGNED)
    client.force_login(program_officer)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("scoring:assignments", args=[review_call.slug]))
    assert response.content.count(b"data-assignment-row") == min(rows, 25)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("scoring:pool", args=[review_call.slug]))
    assert response.content.count(b"data-member-row") == len(people)


@pytest.mark.parametrize("rows", [3, 60])
def test_ranking_page(client, review_call, program_officer, rows, django_assert_max_num_queries):
    people = [reviewer() for _ in range(3)]
    for i in range(rows):
        app = SubmittedApplicationFactory(call=review_call, budget=100000 + i)
        submitted_review(assign(app, people[i % 3]), [i % 6, 3])
        submitted_review(assign(app, people[(i + 1) % 3]), [(i + 2) % 6, None])
    client.force_login(program_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("scoring:ranking", args=[review_call.slug]))
    assert response.content.count(b"data-ranking-row") == min(rows, 50)
    assert response.content.count(b"data-funding-line") == 1
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("scoring:ranking", args=[review_call.slug]) + "?page=999").status_code == 200
        )


def test_ranking_leads_to_decisions_in_ranking_order(client, review_call, program_officer):
    people = [reviewer() for _ in range(2)]
    apps = [SubmittedApplicationFactory(call=review_call, budget=100000 + i) for i in range(3)]
    for score, app in zip([1, 5, 3], apps, strict=True):
        submitted_review(assign(app, people[0]), [score, score])
    client.force_login(program_officer)
    page = client.get(reverse("scoring:ranking", args=[review_call.slug])).content.decode()
    best_first = ",".join(str(app.pk) for app in (apps[1], apps[2], apps[0]))
    link = f'{reverse("grants:call_decisions", args=[review_call.slug])}?order={best_first}'
    assert f'href="{link}"' in page
    decisions = client.get(link).content.decode()
    positions = [decisions.index(app.reference) for app in (apps[1], apps[2], apps[0])]
    assert positions == sorted(positions)
