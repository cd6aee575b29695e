"""Staff's ranking page: its cost whatever the number of rows, and the way on to decisions."""

import pytest
from django.urls import reverse

from tests.scoring.factories import (
    SubmittedApplicationFactory,
    assign,
    reviewer,
    submitted_review,
)


@pytest.mark.parametrize("rows", [3, 60])
def test_ranking_page(client, review_call, program_officer, rows, django_assert_max_num_queries):
    people = [reviewer() for _ in range(3)]
    for i in range(rows):
        app = SubmittedApplicationFactory(call=review_call, budget=100000 + i)
        submitted_review(assign(app, people[i % 3]), [i % 6, 3])
        submitted_review(assign(app, people[(i + 1) % 3]), [(i + 2) % 6, None])
    client.force_login(program_officer)
    url = reverse("scoring:ranking", args=[review_call.slug])
    with django_assert_max_num_queries(30):  # computed, and written to the (database) cache
        first = client.get(url)
    with django_assert_max_num_queries(12):  # from the cache
        response = client.get(url)
    assert first.content.count(b"data-ranking-row") == min(rows, 50)
    assert response.content.count(b"data-ranking-row") == min(rows, 50)
    assert response.content.count(b"data-funding-line") == 1
    with django_assert_max_num_queries(30):
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
