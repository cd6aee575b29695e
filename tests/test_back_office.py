"""The back office (Django admin): program officers set up calls; administrators manage users and roles."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.applications.models import Call, Fund
from grants.documents.models import DocumentType
from grants.kernel.models import AuditEntry
from grants.organizations.models import Pillar
from tests.factories import CallFactory


@pytest.mark.parametrize(
    "url", ["admin:applications_call_changelist", "admin:applications_call_add", "admin:applications_fund_changelist"]
)
def test_program_officer_reaches_call_setup(login, program_officer, url):
    response = login(program_officer).get(reverse(url))
    assert response.status_code == 200


def test_program_officer_creates_a_call_with_every_field(login, program_officer):
    client = login(program_officer)
    opens = timezone.localtime(timezone.now() + dt.timedelta(days=1))
    closes = opens + dt.timedelta(days=30)
    data = {
        "fund": Fund.objects.get(code="ILIF").pk, "slug": "ilif-test",
        "title_en": "ILIF test call", "title_fr": "Appel test FIDA",
        "guidelines_en": "Guidelines", "guidelines_fr": "Lignes",
        "opens_at_0": opens.strftime("%Y-%m-%d"), "opens_at_1": "09:00:00",
        "closes_at_0": closes.strftime("%Y-%m-%d"), "closes_at_1": "17:00:00",
        "envelope": "500000", "min_request": "10000", "max_request": "100000", "max_term_years": "2",
        "eligible_organization_types": ["first_nation", "metis"],
        "pillars": [Pillar.objects.get(code="support").pk],
        "required_document_types": [DocumentType.objects.get(code="insurance").pk],
        "reviewers_per_application": "3", "blind_review": "on",
    }
    response = client.post(reverse("admin:applications_call_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call = Call.objects.get(slug="ilif-test")
    assert call.eligible_organization_types == ["first_nation", "metis"]
    assert call.blind_review and call.max_term_years == 2
    assert call.status == Call.Status.DRAFT  # published by the action, once it is ready
    assert timezone.localtime(call.closes_at).hour == 17  # entered and kept in Toronto time


def test_call_closing_before_opening_is_refused_with_a_message(login, program_officer):
    now = timezone.localtime()
    response = login(program_officer).post(reverse("admin:applications_call_add"), {
        "fund": Fund.objects.get(code="CSF").pk, "slug": "bad", "status": "draft", "review_phase": "screening",
        "title_en": "T", "title_fr": "T", "guidelines_en": "G", "guidelines_fr": "G",
        "opens_at_0": now.strftime("%Y-%m-%d"), "opens_at_1": "09:00:00",
        "closes_at_0": (now - dt.timedelta(days=1)).strftime("%Y-%m-%d"), "closes_at_1": "09:00:00",
        "envelope": "1000", "min_request": "10", "max_request": "100", "max_term_years": "1",
        "reviewers_per_application": "1",
    })
    assert response.status_code == 200
    assert "The call must close after it opens." in response.content.decode()
    assert not Call.objects.filter(slug="bad").exists()


def test_applicant_and_reviewer_cannot_enter_the_back_office(login, applicant, reviewer):
    for user in (applicant, reviewer):
        response = login(user).get(reverse("admin:applications_call_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_only_administrators_manage_users(login, program_officer, administrator):
    assert login(program_officer).get(reverse("admin:grants_user_changelist")).status_code == 403
    assert login(administrator).get(reverse("admin:grants_user_changelist")).status_code == 200
    assert login(administrator).get(reverse("admin:auth_group_changelist")).status_code == 200


def test_closing_a_call_early_in_the_back_office_is_audited(login, program_officer):
    call = CallFactory(title_en="Spring intake")
    response = login(program_officer).post(
        reverse("admin:applications_call_changelist"), {"action": "close_intake", "_selected_action": [call.pk]}
    )

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED and call.closes_at <= timezone.now()
    entries = AuditEntry.objects.filter(object_id=str(call.pk), content_type__model="call")
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in entries] == [
        ("call.closed", "published", "closed", program_officer)
    ]
    assert not call.is_open()
