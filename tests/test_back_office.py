"""The back office (Django admin): reference lists for program officers, users and roles for administrators; calls are
set up in the portal (grants.setup)."""


import pytest
from django.urls import reverse
from django.utils import timezone

from grants.applications.models import Call
from grants.kernel.models import AuditEntry
from tests.factories import CallFactory


@pytest.mark.parametrize(
    "url", ["admin:applications_call_changelist", "admin:applications_fund_changelist", "admin:index"]
)
def test_program_officer_reaches_the_back_office(login, program_officer, url):
    response = login(program_officer).get(reverse(url))
    assert response.status_code == 200


def test_calls_are_set_up_in_the_portal_not_the_back_office(login, program_officer):
    call = CallFactory()
    client = login(program_officer)

    assert client.get(reverse("admin:applications_call_add")).status_code == 403
    page = client.get(reverse("admin:applications_call_changelist")).content.decode()
    assert reverse("setup:call_detail", args=[call.pk]) in page
    index = client.get(reverse("admin:index")).content.decode()
    assert "Rubrics" not in index and "Fiscal-year envelopes" not in index


def test_applicant_and_reviewer_cannot_enter_the_back_office(login, applicant, reviewer):
    for user in (applicant, reviewer):
        response = login(user).get(reverse("admin:applications_call_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_only_administrators_manage_users(login, program_officer, administrator):
    assert login(program_officer).get(reverse("admin:grants_user_changelist")).status_code == 403
    assert login(administrator).get(reverse("admin:grants_user_changelist")).status_code == 200
    assert login(administrator).get(reverse("admin:auth_group_changelist")).status_code == 200


def test_closing_a_call_early_on_its_set_up_page_is_audited(login, program_officer):
    call = CallFactory(title_en="Spring intake")
    response = login(program_officer).post(reverse("setup:call_close_intake", args=[call.pk]))

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED and call.closes_at <= timezone.now()
    entries = AuditEntry.objects.filter(object_id=str(call.pk), content_type__model="call")
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in entries] == [
        ("call.closed", "published", "closed", program_officer)
    ]
    assert not call.is_open()
