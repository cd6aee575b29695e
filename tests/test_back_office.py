"""The back office (Django admin): reference lists for program officers, users and roles for administrators; calls are
set up in the portal (grants.setup)."""


import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from grants.applications.models import Call
from grants.kernel.models import AuditEntry
from grants.setup import services as setup
from scoring.models import Rubric
from tests.factories import ApplicationFactory, CallFactory, MembershipFactory
from tests.grants.setup.factories import complete_criterion


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


def test_the_audit_log_reads_in_words_in_either_language(login, program_officer):
    call = CallFactory(status=Call.Status.DRAFT)
    complete_criterion(Rubric.objects.create(call=call))
    setup.call_update(call_id=call.pk, by=program_officer, data={"max_request": 150000, "title_fr": "Nouveau"})
    setup.call_publish(call_id=call.pk, by=program_officer)
    client = login(program_officer)
    url = reverse("admin:kernel_auditentry_changelist")

    english = client.get(url).content.decode()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Call published: Draft → Published" in english and ">call.published<" not in english
    assert "Appel publié\u00a0: Ébauche → Publié" in french and "Appel modifié" in french
    changed = AuditEntry.objects.get(action="call.changed")
    page = client.get(reverse("admin:kernel_auditentry_change", args=[changed.pk])).content.decode()
    assert "fields: max_request, title_fr" in page and '{"fields"' not in page


def test_roles_are_shown_without_permission_rows(login, administrator):
    client = login(administrator)
    group = Group.objects.get(name="program_officer")

    listing = client.get(reverse("admin:auth_group_changelist"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    page = client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()

    assert "Agent de programme" in listing
    assert "Program officer" in page and 'name="permissions"' not in page and "Can add" not in page
    assert client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "x"}).status_code == 403
