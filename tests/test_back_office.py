"""The back office (Django admin): reference lists for program officers, users and roles for administrators; calls are
set up in the portal (grants.setup)."""


import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from grants.applications.models import Call
from grants.kernel.models import AuditEntry
from tests.factories import ApplicationFactory, CallFactory, MembershipFactory


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


def test_no_back_office_page_offers_officers_a_lookup_they_cannot_open(login, program_officer):
    """The magnifier of a raw-id field opens a list; officers saw one for lists refused to them (403)."""
    MembershipFactory()
    ApplicationFactory(call=CallFactory())
    client = login(program_officer)
    opened = 0
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        first = model.objects.order_by("pk").first()
        for url in [reverse(f"{name}_changelist"), *([reverse(f"{name}_change", args=[first.pk])] if first else [])]:
            response = client.get(url)
            assert response.status_code in (200, 403), url
            if response.status_code == 200:
                opened += 1
                assert "related-lookup" not in response.content.decode(), url
    assert opened > 10
