"""Rubrics are written on the call's set-up page, not in the back office."""

from django.urls import reverse

from tests.scoring.factories import ClosedCallFactory


def test_the_rubric_page_sends_staff_to_the_call_set_up_page(client, db, program_officer):
    call = ClosedCallFactory()
    client.force_login(program_officer)

    page = client.get(reverse("scoring:rubric", args=[call.slug])).content.decode()

    assert reverse("setup:call_detail", args=[call.pk]) in page
    assert "/admin/" not in page.split("<main", 1)[1]
    assert client.get("/admin/scoring/rubric/").status_code == 404
