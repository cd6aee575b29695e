"""Staff's screening pages: decide, list, release to the applicants."""

import pytest
from django.urls import reverse

from grants.applications.models import Call
from scoring.models import Screening
from tests.factories import MembershipFactory
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
)


def test_staff_screen_and_release_from_the_pages(
    client, db, program_officer, mailoutbox, worker_after
):
    call = ClosedCallFactory(review_phase=Call.ReviewPhase.SCREENING)
    app = SubmittedApplicationFactory(call=call, screened="", organization=MembershipFactory().organization)
    client.force_login(program_officer)
    url = reverse("scoring:screening_decide", args=[call.slug, app.pk])
    response = client.post(url, {"decision": "ineligible", "reason": ""})
    assert "Give the reason the application is ineligible." in response.content.decode()
    client.post(url, {"decision": "ineligible", "reason": "Outside Ontario."})
    listing = client.get(reverse("scoring:screening_list", args=[call.slug])).content.decode()
    assert "Outside Ontario." in listing and "not released" in listing
    applicant = app.organization.memberships.get().user
    client.force_login(applicant)
    page = client.get(reverse("grants:application_detail", args=[app.pk])).content.decode()
    assert "Outside Ontario." not in page and "ineligible" not in page.lower()
    client.force_login(program_officer)
    with worker_after():
        released = client.post(reverse("scoring:screening_release", args=[call.slug]), follow=True)
    assert "1 screening decision was released; the applicant was told" in released.content.decode()
    assert Screening.objects.get(application=app).released_at is not None
    assert mailoutbox[0].to == [applicant.email] and "Outside Ontario." in mailoutbox[0].body
    client.force_login(applicant)
    assert (
        "ineligible"
        in client.get(reverse("grants:application_detail", args=[app.pk])).content.decode().lower()
    )


@pytest.mark.parametrize("rows", [3, 60])
def test_screening_list(client, review_call, program_officer, rows, django_assert_max_num_queries):
    for i in range(rows):
        SubmittedApplicationFactory(call=review_call, screened="" if i % 2 else "eligible")
    client.force_login(program_officer)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("scoring:screening_list", args=[review_call.slug]))
    assert response.content.count(b"data-screening-row") == min(rows, 25)


def test_a_decision_returns_to_the_page_it_came_from_on_this_site_only(client, db, program_officer):
    call = ClosedCallFactory(review_phase=Call.ReviewPhase.SCREENING)
    first, second = (SubmittedApplicationFactory(call=call, screened="") for _ in range(2))
    client.force_login(program_officer)
    listing = reverse("scoring:screening_list", args=[call.slug])
    response = client.post(
        reverse("scoring:screening_decide", args=[call.slug, first.pk]),
        {"decision": "eligible", "reason": "", "next": f"{listing}?page=2"},
    )
    assert response["Location"] == f"{listing}?page=2"
    response = client.post(
        reverse("scoring:screening_decide", args=[call.slug, second.pk]),
        {"decision": "eligible", "reason": "", "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == listing


def test_releasing_after_the_review_is_decided_is_refused_on_the_page(client, review_call, program_officer):
    SubmittedApplicationFactory(call=review_call)
    Call.objects.filter(pk=review_call.pk).update(review_phase=Call.ReviewPhase.DECIDED)
    client.force_login(program_officer)
    response = client.post(reverse("scoring:screening_release", args=[review_call.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("scoring:screening_list", args=[review_call.slug])
    assert "The review of this call is decided." in response.content.decode()
