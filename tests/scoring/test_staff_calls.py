"""Staff's list of calls and a call's overview: the phase changed from the page, a refusal explained."""

import pytest
from django.urls import reverse

from tests.scoring.factories import (
    ClosedCallFactory,
)


def test_staff_change_the_phase_and_a_refusal_is_explained(client, review_call, program_officer):
    client.force_login(program_officer)
    response = client.post(
        reverse("scoring:phase_change", args=[review_call.slug]), {"phase": "reviewing"}, follow=True
    )
    assert "already in the reviewing phase" in response.content.decode()
    client.post(reverse("scoring:phase_change", args=[review_call.slug]), {"phase": "moderation"})
    review_call.refresh_from_db()
    assert review_call.review_phase == "moderation"
    overview = client.get(reverse("scoring:call_overview", args=[review_call.slug])).content.decode()
    assert "Scoring is closed" in overview


@pytest.mark.parametrize("rows", [3, 60])
def test_call_list(client, db, program_officer, rows, django_assert_max_num_queries):
    ClosedCallFactory.create_batch(rows)
    client.force_login(program_officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("scoring:call_list"))
    assert response.content.count(b"data-call-row") == min(rows, 25)
