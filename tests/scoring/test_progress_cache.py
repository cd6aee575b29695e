"""The call's overview and assignment page are kept in the cache (scoring/selectors/progress.py): a service's
change shows on the next view, and a page read from the cache costs a fixed handful of queries."""

import pytest
from django.urls import reverse

from scoring import services
from tests.scoring.factories import SubmittedApplicationFactory, assign, pool_with, reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(review_call, program_officer):
    people = [reviewer() for _ in range(3)]
    application = SubmittedApplicationFactory(call=review_call)
    pool_with(review_call, people, by=program_officer)
    assign(application, people[0])
    return application, people


def test_an_assignment_added_shows_on_the_next_view_of_both_pages(client, review_call, program_officer, assigned):
    application, people = assigned
    client.force_login(program_officer)
    overview = reverse("scoring:call_overview", args=[review_call.slug])
    assignments = reverse("scoring:assignments", args=[review_call.slug])
    assert "0 of 1 submitted" in client.get(overview).content.decode()
    assert "<strong>1</strong> assignments" in client.get(assignments).content.decode()

    services.assignment_add(application=application, reviewer=people[1], by=program_officer)

    assert "0 of 2 submitted" in client.get(overview).content.decode()
    page = client.get(assignments).content.decode()
    assert "<strong>2</strong> assignments" in page
    assert people[1].email in page or people[1].get_full_name() in page


@pytest.mark.parametrize("rows", [2, 30])
def test_a_cached_overview_costs_the_same_whatever_the_call(client, review_call, program_officer, rows,
                                                            django_assert_max_num_queries):
    people = [reviewer() for _ in range(3)]
    pool_with(review_call, people, by=program_officer)
    for i in range(rows):
        assign(SubmittedApplicationFactory(call=review_call), people[i % 3])
    client.force_login(program_officer)
    overview = reverse("scoring:call_overview", args=[review_call.slug])
    client.get(overview)
    # The session, the user, the call (with its pool and rubric), the version token and the cached figures.
    with django_assert_max_num_queries(5):
        response = client.get(overview)
    assert f"0 of {rows} submitted" in response.content.decode()


def test_a_page_past_the_end_is_the_last_page(client, review_call, program_officer, assigned):
    client.force_login(program_officer)
    response = client.get(reverse("scoring:assignments", args=[review_call.slug]) + "?page=99")
    assert response.status_code == 200
    assert response.content.count(b"data-assignment-row") == 1


def test_a_first_draft_counts_in_progress_on_the_next_view(client, review_call, program_officer, assigned):
    application, people = assigned
    second = assign(application, people[1])
    draft = {"scores": {}, "overall_comment": "", "recommendation": "", "submit": False}
    services.review_save(assignment=application.assignments.get(reviewer=people[0]), by=people[0], **draft)
    client.force_login(program_officer)
    assignments = reverse("scoring:assignments", args=[review_call.slug])
    assert "<strong>1</strong> in progress" in client.get(assignments).content.decode()

    services.review_save(assignment=second, by=people[1], **draft)  # the rubric is already locked: no audit

    assert "<strong>2</strong> in progress" in client.get(assignments).content.decode()
