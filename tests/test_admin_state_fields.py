"""The back office cannot change state (issue 17): a walk over every registered ModelAdmin, its add and change forms,
its inlines and its list, as an administrator, finds no state field that can be edited; the state changes staff need
are the portal's pages and admin actions calling its services; roles, staff and superuser status follow the rules."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse

from grants.applications.models import Call
from grants.kernel.models import AuditEntry
from grants.organizations.models import Membership, User
from scoring.models import Rubric
from tests.factories import CallFactory, MembershipFactory, UserFactory
from tests.grants.setup.factories import complete_criterion

# Fields that hold where something stands in its life: only services write them.
STATE_FIELDS = {
    "status",
    "review_phase",
    "outcome",
    "decision",
    "role",
    "is_staff",
    "is_superuser",
    "reference",
    "snapshot",
    "submitted_at",
    "released_at",
    "accepted_at",
    "report_accepted_at",
    "superseded_at",
    "locked_at",
}


# Not states: configuration that happens to share a name.
NOT_STATE = {
    ("DecisionReasonTemplate", "outcome"),  # which decision a reason template is written for
}


def _editable(form_class, model) -> set[str]:
    return {name for name in set(form_class.base_fields) & STATE_FIELDS if (model.__name__, name) not in NOT_STATE}


@pytest.mark.parametrize("who", ["administrator", "superuser"])
def test_no_model_admin_lets_a_state_field_be_edited(rf, administrator, who):
    request = rf.get("/admin/")
    request.user = administrator if who == "administrator" else UserFactory(is_superuser=True, is_staff=True)
    checked, found = [], []
    for model, model_admin in admin.site._registry.items():
        checked.append(model.__name__)
        # Django's user admin shows its add form for no object; the others are asked about no object in particular.
        unsaved = model() if isinstance(model_admin, UserAdmin) else None
        where = model.__name__
        if set(model_admin.list_editable) & STATE_FIELDS:
            found.append(f"{where} list: {set(model_admin.list_editable) & STATE_FIELDS}")
        if model_admin.has_add_permission(request):
            if fields := _editable(model_admin.get_form(request, None, change=False), model):
                found.append(f"{where} add form: {fields}")
        if model_admin.has_change_permission(request, unsaved):
            fields = _editable(model_admin.get_form(request, unsaved, change=True), model)
            if request.user.is_superuser and model is User:
                fields -= {"is_superuser"}  # a superuser grants superuser status (audited)
            if fields:
                found.append(f"{where} change form: {fields}")
        for inline in model_admin.get_inline_instances(request, unsaved):
            if inline.has_change_permission(request, unsaved) or inline.has_add_permission(request, unsaved):
                if fields := _editable(inline.get_formset(request, unsaved).form, inline.model):
                    found.append(f"{where} inline {inline.model.__name__}: {fields}")
    assert found == [], "\n".join(found)
    # The walk reached the models that have a state (a registration renamed away would go unchecked); rubrics are
    # written on the call's set-up page, no longer here.
    assert {"Call", "Application", "Award", "User", "Organization"} <= set(checked)
    assert "Rubric" not in checked


def test_a_call_is_published_on_its_set_up_page_with_its_audit_entry(login, program_officer):
    call = CallFactory(status=Call.Status.DRAFT)
    complete_criterion(Rubric.objects.create(call=call))
    client = login(program_officer)
    assert client.get(reverse("admin:applications_call_change", args=[call.pk])).status_code == 200
    assert client.post(reverse("admin:applications_call_change", args=[call.pk]), {}).status_code == 403
    response = client.post(reverse("setup:call_publish", args=[call.pk]), follow=True)
    assert "The call is published" in response.content.decode()
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    entry = AuditEntry.objects.get(action="call.published")
    assert (entry.actor, entry.from_state, entry.to_state) == (program_officer, "draft", "published")
    # Again: refused with the call's state named, nothing written twice.
    response = client.post(reverse("setup:call_publish", args=[call.pk]), follow=True)
    assert "Only a draft call can be published" in response.content.decode()
    assert AuditEntry.objects.filter(action="call.published").count() == 1


@pytest.mark.parametrize("model", ["applications_call", "applications_application", "awards_award"])
def test_calls_applications_and_awards_are_read_only_in_the_back_office(login, administrator, model):
    client = login(administrator)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_an_administrator_cannot_make_anyone_a_superuser_nor_tick_staff_status(login, administrator):
    # The hole: an administrator ticked is_superuser on their own account.
    client = login(administrator)
    url = reverse("admin:grants_user_change", args=[administrator.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page
    data = {
        "email": administrator.email, "first_name": "A", "last_name": "B", "language": "en", "is_active": "on",
        "roles": ["administrator"], "is_superuser": "on", "is_staff": "on",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00",
    }
    assert client.post(url, data).status_code == 302
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    # A superuser's account is shown, not editable: no changing their password or address.
    superuser = UserFactory(is_superuser=True, is_staff=True)
    superuser_url = reverse("admin:grants_user_change", args=[superuser.pk])
    assert 'name="email"' not in client.get(superuser_url).content.decode()
    assert client.post(superuser_url, {**data, "email": "taken@example.org"}).status_code == 403


def test_staff_status_follows_the_role_an_administrator_grants(login, administrator):
    person = UserFactory()
    client = login(administrator)
    url = reverse("admin:grants_user_change", args=[person.pk])
    data = {
        "email": person.email, "first_name": "P", "last_name": "O", "language": "fr", "is_active": "on",
        "roles": ["program_officer"], "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00",
    }
    assert client.post(url, data).status_code == 302
    person = User.objects.get(pk=person.pk)
    assert person.is_staff and person.role_names == {"program_officer"}
    entry = AuditEntry.objects.get(action="user.roles_changed")
    assert (entry.actor, entry.from_state, entry.to_state) == (administrator, "", "program_officer")
    assert client.post(url, {**data, "roles": ["reviewer"]}).status_code == 302
    person = User.objects.get(pk=person.pk)
    assert not person.is_staff and person.role_names == {"reviewer"}
    assert not Group.objects.filter(name="is_superuser").exists()


def test_a_superuser_grants_superuser_status_audited(db, client):
    boss = UserFactory(is_superuser=True, is_staff=True)
    person = UserFactory()
    client.force_login(boss)
    url = reverse("admin:grants_user_change", args=[person.pk])
    data = {
        "email": person.email, "first_name": "P", "last_name": "O", "language": "en", "is_active": "on",
        "is_superuser": "on", "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00",
    }
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.is_superuser and person.is_staff
    entry = AuditEntry.objects.get(action="user.superuser_changed")
    assert (entry.actor, entry.from_state, entry.to_state) == (boss, "false", "true")


def test_an_organization_never_loses_its_last_owner_in_the_back_office(db, client):
    owner = MembershipFactory(role=Membership.Role.OWNER)
    editor = MembershipFactory(organization=owner.organization, role=Membership.Role.EDITOR)
    organization = owner.organization
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("admin:grants_organization_change", args=[organization.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({
        "memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "2", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": owner.pk, "memberships-0-organization": organization.pk, "memberships-0-DELETE": "on",
        "memberships-1-id": editor.pk, "memberships-1-organization": organization.pk,
    })
    response = client.post(url, data)
    assert response.status_code == 200
    assert "An organization needs at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=owner.pk).exists()
    # The editor may go: through the service, audited.
    data.pop("memberships-0-DELETE")
    data["memberships-1-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Membership.objects.filter(pk=editor.pk).exists()
    assert AuditEntry.objects.filter(action="member.removed").count() == 1
    assert User.objects.filter(pk=editor.user_id).exists()

