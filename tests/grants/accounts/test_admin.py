"""Administrators help someone who lost both phone and recovery codes: in the back office they see who has
which authenticator (never its secret) and delete it; its owner then signs in with the password and sets up
a new app."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from grants.accounts.mfa import totp_secret
from grants.kernel.models import AuditEntry
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
CHANGELIST = "admin:mfa_authenticator_changelist"


@pytest.fixture
def locked_out(db):
    """A program officer with an authenticator app and recovery codes, both lost."""
    user = UserFactory(email="locked.out@example.org", roles=["program_officer"])
    RecoveryCodes.activate(user)
    return user


def app_of(user) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def test_an_administrator_sees_who_has_which_authenticator_and_no_secret(login, administrator, locked_out):
    app = app_of(locked_out)
    recovery = Authenticator.objects.get(user=locked_out, type=Authenticator.Type.RECOVERY_CODES)
    client = login(administrator)

    listing = client.get(reverse(CHANGELIST), {"q": "locked.out@"})
    detail = client.get(reverse("admin:mfa_authenticator_change", args=[app.pk]))

    assert listing.status_code == 200 and detail.status_code == 200
    page = listing.content.decode()
    assert page.count("locked.out@example.org") >= 2  # the app and the recovery codes, on two rows
    assert "admin@example.org" not in page  # the search leaves the administrator's own out
    for html in (page, detail.content.decode()):
        for secret in (totp_secret(app), app.data["secret"], recovery.data["seed"], "used_mask"):
            assert secret not in html
    # Nothing to add or edit: the detail page has no form fields, the list no add link.
    assert reverse("admin:mfa_authenticator_add") not in page
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
    assert client.post(reverse("admin:mfa_authenticator_change", args=[app.pk]), {"type": "totp"}).status_code == 403


def test_an_administrator_deletes_an_app_with_its_recovery_codes_and_it_is_audited(login, administrator, locked_out):
    app = app_of(locked_out)
    client = login(administrator)

    response = client.post(reverse("admin:mfa_authenticator_delete", args=[app.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=locked_out).exists()
    entries = AuditEntry.objects.filter(action="mfa.authenticator_removed")
    assert {(e.actor, e.target, e.details["type"]) for e in entries} == {
        (administrator, locked_out, "totp"),
        (administrator, locked_out, "recovery_codes"),
    }
    # The administrator's own app is untouched.
    assert app_of(administrator)


def test_deleting_several_from_the_list_audits_each_once(login, administrator, locked_out):
    other = UserFactory(roles=["reviewer"])
    chosen = Authenticator.objects.filter(user__in=[locked_out, other])
    client = login(administrator)

    response = client.post(reverse(CHANGELIST), {
        "action": "delete_selected", ACTION_CHECKBOX_NAME: [a.pk for a in chosen], "post": "yes",
    })

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user__in=[locked_out, other]).exists()
    assert AuditEntry.objects.filter(action="mfa.authenticator_removed").count() == 3


def test_program_officers_and_applicants_cannot_reach_authenticators(login, program_officer, applicant, locked_out):
    app = app_of(locked_out)
    client = login(program_officer)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.post(reverse("admin:mfa_authenticator_delete", args=[app.pk]), {"post": "yes"}).status_code == 403
    assert b"/admin/mfa/" not in client.get(reverse("admin:index")).content

    client = login(applicant)
    for url in (reverse(CHANGELIST), reverse("admin:mfa_authenticator_delete", args=[app.pk])):
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    assert Authenticator.objects.filter(user=locked_out).count() == 2
    assert not AuditEntry.objects.filter(action="mfa.authenticator_removed").exists()


def test_the_back_office_index_lists_authenticators_for_administrators(login, administrator):
    assert reverse(CHANGELIST).encode() in login(administrator).get(reverse("admin:index")).content


def test_after_the_reset_the_person_signs_in_with_the_password_and_is_sent_to_set_up_a_new_app(
    client, login, administrator, locked_out
):
    login(administrator).post(reverse("admin:mfa_authenticator_delete", args=[app_of(locked_out).pk]), {"post": "yes"})
    client.logout()

    response = client.post(reverse("account_login"), {"login": locked_out.email, "password": PASSWORD})

    assert response.status_code == 302 and response.url != reverse("mfa_authenticate")  # no code asked
    assert client.get(reverse("scoring:call_list")).url == reverse("mfa_activate_totp")
