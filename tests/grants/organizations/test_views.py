"""Organizations: registration, profile, invitations, members and switching the organization in use."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.kernel.models import AuditEntry
from grants.organizations import services as organization_services
from grants.organizations.models import Invitation, Membership, Organization, OrganizationType, Region
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.grants.helpers import flash, page_text


def registration(**overrides) -> dict:
    data = {
        "legal_name": "Harbour Light Youth Services",
        "operating_name": "",
        "type": OrganizationType.NON_PROFIT,
        "registration_number": "1234567",
        "street_address": "12 Front Street",
        "city": "Kingston",
        "postal_code": "K7L 1A1",
        "region": str(Region.objects.get(code="east").pk),
        "phone": "613-555-0199",
        "email": "office@harbourlight.example.org",
        "website": "harbourlight.example.org",
        "mandate": "Prevention workshops for youth.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def newcomer(db):
    """A signed-up person with no organization yet."""
    return UserFactory(email="newcomer@example.org")


# --- Registration -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org_type", "number", "stored"),
    [
        (OrganizationType.NON_PROFIT, "1234567", "1234567"),
        (OrganizationType.NON_PROFIT, "123456789 RC 0001", "123456789RC0001"),
        (OrganizationType.CHARITY, "123456789RR0001", "123456789RR0001"),
        (OrganizationType.INDIGENOUS_ORGANIZATION, "", ""),
        (OrganizationType.FIRST_NATION, "175", "175"),
        (OrganizationType.METIS, "", ""),
        (OrganizationType.INUIT, "", ""),
        (OrganizationType.MUNICIPALITY, "", ""),
        (OrganizationType.OTHER, "1234567890", "1234567890"),
    ],
)
def test_every_organization_type_registers_and_its_creator_becomes_owner(
    client, newcomer, org_type, number, stored
):
    client.force_login(newcomer)

    response = client.post(
        reverse("grants:organization_register"), registration(type=org_type, registration_number=number)
    )

    organization = Organization.objects.get(legal_name="Harbour Light Youth Services")
    assert response.status_code == 302
    assert response.url == reverse("grants:organization_detail", args=[organization.pk])
    assert (organization.type, organization.registration_number) == (org_type, stored)
    assert organization.website == "https://harbourlight.example.org"
    assert Membership.objects.get(organization=organization).user == newcomer
    assert Membership.objects.get(organization=organization).role == Membership.Role.OWNER
    newcomer.refresh_from_db()
    assert newcomer.current_organization == organization
    assert AuditEntry.objects.filter(
        action="organization.registered", object_id=str(organization.pk)
    ).exists()
    detail = client.get(response.url)
    assert "Harbour Light Youth Services is registered. You are its owner." in page_text(detail)
    assert "Working for <strong>Harbour Light Youth Services</strong>" in detail.content.decode()


@pytest.mark.parametrize(
    ("org_type", "number", "message"),
    [
        (OrganizationType.CHARITY, "12345", "Enter a charity registration number such as 123456789RR0001."),
        (
            OrganizationType.CHARITY,
            "123456789RC0001",
            "Enter a charity registration number such as 123456789RR0001.",
        ),
        (OrganizationType.CHARITY, "", "Enter the registration number."),
        (OrganizationType.FIRST_NATION, "1750", "Enter a three-digit band number such as 123."),
        (OrganizationType.FIRST_NATION, "", "Enter the registration number."),
        (OrganizationType.NON_PROFIT, "12345", "Enter an Ontario corporation number (7 or 10 digits)"),
    ],
)
def test_registration_number_must_fit_the_type(client, newcomer, org_type, number, message):
    client.force_login(newcomer)

    response = client.post(
        reverse("grants:organization_register"), registration(type=org_type, registration_number=number)
    )

    assert response.status_code == 200
    text = page_text(response)
    assert message in text
    assert text.count(message) == 2, "once in the error summary, once beside the field"
    assert "['" not in text and "']" not in text, "the message, not a Python list"
    assert 'value="Harbour Light Youth Services"' in response.content.decode(), "what was typed is kept"
    assert not Organization.objects.filter(legal_name="Harbour Light Youth Services").exists()


@pytest.mark.parametrize("postal_code", ["V6B 1A1", "H2X 1Y4", "12345", "K1A 0B"])
def test_postal_code_must_be_in_ontario(client, newcomer, postal_code):
    client.force_login(newcomer)

    response = client.post(reverse("grants:organization_register"), registration(postal_code=postal_code))

    assert response.status_code == 200
    assert "Enter an Ontario postal code, for example K1A 0B1." in page_text(response)
    assert not Organization.objects.exists()


def test_the_registration_number_is_labelled_as_required_for_some_types(client, newcomer):
    client.force_login(newcomer)

    text = page_text(client.get(reverse("grants:organization_register")))

    label = re.search(r"Registration or charity number \([^)]*\)", text).group(0)
    assert label == "Registration or charity number (required for charities, non-profits and First Nations)"


def test_postal_code_is_normalized(client, newcomer):
    client.force_login(newcomer)

    client.post(reverse("grants:organization_register"), registration(postal_code="k7l1a1"))

    assert Organization.objects.get().postal_code == "K7L 1A1"


def test_indigenous_led_attestation_records_who_and_when(client, newcomer):
    client.force_login(newcomer)
    before = timezone.now()

    client.post(
        reverse("grants:organization_register"),
        registration(
            type=OrganizationType.INDIGENOUS_ORGANIZATION, registration_number="", indigenous_led="on"
        ),
    )

    organization = Organization.objects.get()
    assert organization.indigenous_led
    assert organization.indigenous_led_attested_by == newcomer
    assert before <= organization.indigenous_led_attested_at <= timezone.now()
    assert "Yes (attested" in page_text(
        client.get(reverse("grants:organization_detail", args=[organization.pk]))
    )


def test_registering_requires_signing_in(client, db):
    response = client.get(reverse("grants:organization_register"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Profile ----------------------------------------------------------------------------------------------


def test_owner_edits_the_profile_and_a_new_attestation_is_recorded(client, applicant, organization):
    client.force_login(applicant)
    data = registration(
        legal_name=organization.legal_name, indigenous_led="on", mandate="Outreach in the north."
    )

    response = client.post(reverse("grants:organization_edit", args=[organization.pk]), data)

    assert response.status_code == 302
    assert "The organization's profile is saved." in flash(response)
    organization.refresh_from_db()
    assert organization.mandate == "Outreach in the north."
    assert organization.indigenous_led_attested_by == applicant

    # Withdrawing the attestation clears who and when.
    client.post(reverse("grants:organization_edit", args=[organization.pk]), {**data, "indigenous_led": ""})
    organization.refresh_from_db()
    assert (organization.indigenous_led, organization.indigenous_led_attested_by) == (False, None)
    assert organization.indigenous_led_attested_at is None


def test_an_editor_cannot_edit_the_profile(client, organization):
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    client.force_login(editor)

    assert client.get(reverse("grants:organization_edit", args=[organization.pk])).status_code == 403
    response = client.post(reverse("grants:organization_edit", args=[organization.pk]), registration())
    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.legal_name != "Harbour Light Youth Services"
    detail = client.get(reverse("grants:organization_detail", args=[organization.pk]))
    assert reverse("grants:organization_edit", args=[organization.pk]) not in detail.content.decode()


def test_a_bad_edit_keeps_what_was_typed(client, applicant, organization):
    client.force_login(applicant)

    response = client.post(
        reverse("grants:organization_edit", args=[organization.pk]),
        registration(legal_name="Renamed Services", phone="555"),
    )

    assert response.status_code == 200
    assert "Enter a 10-digit telephone number, for example 416-555-0123." in page_text(response)
    assert 'value="Renamed Services"' in response.content.decode()
    organization.refresh_from_db()
    assert organization.legal_name != "Renamed Services"


# --- Invitations ------------------------------------------------------------------------------------------


def accept_path(message) -> str:
    link = re.search(r"https?://\S+/invitations/\S+/", message.body)
    assert link, message.body
    return re.sub(r"^https?://[^/]+", "", link.group(0))


def invite(client, organization, email="colleague@example.org", role=Membership.Role.EDITOR):
    return client.post(
        reverse("grants:organization_invite", args=[organization.pk]), {"email": email, "role": role}
    )


def test_owner_invites_a_colleague_who_accepts(
    client, applicant, organization, mailoutbox, worker_after
):
    client.force_login(applicant)
    with worker_after():
        response = invite(client, organization, email="Colleague@Example.org")

    assert response.status_code == 302
    assert "An invitation was sent to colleague@example.org." in flash(response)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["colleague@example.org"]
    assert organization.legal_name in mailoutbox[0].subject
    path = accept_path(mailoutbox[0])
    assert "colleague@example.org" in page_text(
        client.get(reverse("grants:organization_detail", args=[organization.pk]))
    )

    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    page = client.get(path)
    assert page.status_code == 200
    assert f"Join {organization.legal_name} as Editor?" in page_text(page)
    accepted = client.post(path)

    assert accepted.status_code == 302
    assert f"You are now a member of {organization.legal_name}." in flash(accepted)
    membership = Membership.objects.get(organization=organization, user=colleague)
    assert membership.role == Membership.Role.EDITOR
    colleague.refresh_from_db()
    assert colleague.current_organization == organization


def test_an_anonymous_visitor_is_asked_to_sign_in_with_the_invited_address(client, applicant, organization):
    invitation = organization_services.invitation_create(
        organization=organization, email="colleague@example.org", role=Membership.Role.EDITOR, by=applicant
    )

    response = client.get(reverse("grants:invitation_accept", args=[invitation.token]))

    assert response.status_code == 200
    text = page_text(response)
    assert f"You were invited to join {organization.legal_name} as colleague@example.org." in text
    assert f"{reverse('account_login')}?next=" in response.content.decode()
    assert client.post(reverse("grants:invitation_accept", args=[invitation.token])).status_code == 200
    assert not Membership.objects.filter(user__email="colleague@example.org").exists()


@pytest.fixture
def invitation(applicant, organization):
    return organization_services.invitation_create(
        organization=organization, email="colleague@example.org", role=Membership.Role.EDITOR, by=applicant
    )


def refused(client, token: str, message: str):
    """Following the link already says why, without offering to accept; accepting anyway is refused too."""
    url = reverse("grants:invitation_accept", args=[token])
    opened = client.get(url)
    assert opened.status_code == 400
    assert message in page_text(opened)
    assert "Accept the invitation" not in page_text(opened)
    response = client.post(url)
    assert response.status_code == 400
    assert message in page_text(response)
    return response


def test_an_expired_invitation_is_refused(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)

    refused(client, invitation.token, "This invitation expired on")
    assert not Membership.objects.filter(user=colleague).exists()


def test_an_invitation_works_once(client, invitation, organization):
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    client.post(reverse("grants:invitation_accept", args=[invitation.token]))
    Membership.objects.filter(user=colleague).delete()

    refused(client, invitation.token, "This invitation has already been used.")
    assert not Membership.objects.filter(user=colleague).exists()


def test_a_replaced_invitation_is_refused_and_the_new_one_works(client, invitation, applicant, organization):
    newer = organization_services.invitation_create(
        organization=organization, email="colleague@example.org", role=Membership.Role.OWNER, by=applicant
    )
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)

    refused(client, invitation.token, "This invitation was replaced by a newer one.")
    assert not Membership.objects.filter(user=colleague).exists()

    client.post(reverse("grants:invitation_accept", args=[newer.token]))
    assert Membership.objects.get(user=colleague).role == Membership.Role.OWNER


def test_an_invitation_for_another_address_is_refused(client, invitation, other_applicant):
    client.force_login(other_applicant)

    refused(
        client,
        invitation.token,
        "This invitation was sent to colleague@example.org, but you are signed in as "
        f"{other_applicant.email}.",
    )
    assert not Membership.objects.filter(user=other_applicant, organization=invitation.organization).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None, "the rightful person can still use it"


def test_an_expired_link_says_so_before_signing_in(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))

    response = client.get(reverse("grants:invitation_accept", args=[invitation.token]))

    assert response.status_code == 400
    assert "This invitation expired on" in page_text(response)
    assert "Sign in with the invited e-mail address" not in page_text(response)


def test_an_unknown_invitation_link_is_refused(client, applicant):
    client.force_login(applicant)
    refused(client, "not-a-real-token", "This invitation link is not valid.")


def test_inviting_an_existing_member_is_refused(client, applicant, organization, mailoutbox):
    client.force_login(applicant)

    response = invite(client, organization, email=applicant.email.upper())

    assert response.status_code == 200
    assert "This person is already a member of the organization." in page_text(response)
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_an_editor_cannot_invite(client, organization):
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    client.force_login(editor)

    assert invite(client, organization).status_code == 403
    assert not Invitation.objects.exists()


# --- Members ----------------------------------------------------------------------------------------------


def test_owner_removes_a_member(client, applicant, organization):
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR)
    client.force_login(applicant)

    response = client.post(reverse("grants:membership_remove", args=[organization.pk, editor.pk]))

    assert response.status_code == 302
    assert f"{editor.user.email} no longer has access." in flash(response)
    assert not Membership.objects.filter(pk=editor.pk).exists()
    client.force_login(editor.user)
    assert client.get(reverse("grants:organization_detail", args=[organization.pk])).status_code == 403


def test_the_last_owner_cannot_be_removed(client, applicant, organization):
    client.force_login(applicant)
    own = Membership.objects.get(user=applicant)

    response = client.post(reverse("grants:membership_remove", args=[organization.pk, own.pk]))

    assert "An organization needs at least one owner. Make someone else an owner first." in flash(response)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_an_owner_can_leave_when_another_owner_remains(client, applicant, organization):
    MembershipFactory(organization=organization, role=Membership.Role.OWNER)
    own = Membership.objects.get(user=applicant)
    client.force_login(applicant)

    client.post(reverse("grants:membership_remove", args=[organization.pk, own.pk]))

    assert not Membership.objects.filter(pk=own.pk).exists()


def test_an_editor_cannot_remove_members(client, applicant, organization):
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    client.force_login(editor)
    owner = Membership.objects.get(user=applicant)

    assert (
        client.post(reverse("grants:membership_remove", args=[organization.pk, owner.pk])).status_code == 403
    )
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_a_membership_of_another_organization_cannot_be_removed_through_mine(
    client, applicant, organization, other_applicant
):
    theirs = Membership.objects.get(user=other_applicant)
    client.force_login(applicant)

    response = client.post(reverse("grants:membership_remove", args=[organization.pk, theirs.pk]))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


# --- Switching organization -------------------------------------------------------------------------------


def working_for(response) -> str:
    match = re.search(r'<option value="(\d+)" selected>([^<]+)</option>', response.content.decode())
    assert match, "the header offers a choice of organization"
    return html.unescape(match.group(2))


def test_switching_organization_changes_the_header(client, applicant, organization):
    second = OrganizationFactory(legal_name="Zeta Community Services")
    MembershipFactory(organization=second, user=applicant, role=Membership.Role.EDITOR)
    client.force_login(applicant)
    assert working_for(client.get(reverse("grants:dashboard"))) == organization.legal_name

    response = client.post(
        reverse("grants:organization_switch"),
        {"organization": second.pk, "next": reverse("grants:call_list")},
    )

    assert response.status_code == 302
    assert response.url == reverse("grants:call_list")
    assert "You are now working for Zeta Community Services." in flash(response)
    assert working_for(client.get(reverse("grants:dashboard"))) == "Zeta Community Services"


def test_switching_to_an_organization_i_am_not_in_is_refused(
    client, applicant, organization, other_applicant
):
    client.force_login(applicant)
    theirs = other_applicant.memberships.get().organization

    response = client.post(reverse("grants:organization_switch"), {"organization": theirs.pk})

    assert response.status_code == 403
    applicant.refresh_from_db()
    assert applicant.current_organization != theirs
    header = client.get(reverse("grants:dashboard")).content.decode()
    assert f"Working for <strong>{organization.legal_name}</strong>" in header
    assert theirs.legal_name not in header


def test_switching_never_redirects_off_site(client, applicant, organization):
    client.force_login(applicant)

    response = client.post(
        reverse("grants:organization_switch"),
        {"organization": organization.pk, "next": "https://evil.example/"},
    )

    assert response.url == reverse("grants:dashboard")


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_switching_with_a_bad_organization_is_not_a_server_error(client, applicant, value):
    client.force_login(applicant)

    response = client.post(reverse("grants:organization_switch"), {"organization": value})

    assert response.status_code == 404


def test_every_column_of_the_members_table_has_a_visible_header(client, applicant, organization):
    MembershipFactory(organization=organization, role=Membership.Role.EDITOR)
    client.force_login(applicant)

    page = client.get(reverse("grants:organization_detail", args=[organization.pk])).content.decode()

    table = re.search(r"<h2>Members</h2>.*?</thead>", page, re.S).group(0)
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert headers == ["Name", "E-mail", "Role", "Access"]


def test_the_header_reads_organizations_only_on_pages_that_show_them(client, applicant, organization, program_officer):
    """The context processor is lazy: staff's pages, whose header has no organization switcher, never query the
    person's organizations; an applicant's header still names the one in use."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grants.accounts.demo import give_demo_authenticator

    give_demo_authenticator(program_officer)
    client.force_login(program_officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("scoring:call_list")).status_code == 200
    assert not [q for q in queries.captured_queries if "grants_membership" in q["sql"]]
    client.force_login(applicant)
    header = html.unescape(client.get(reverse("grants:dashboard")).content.decode())
    assert f"Working for <strong>{organization.legal_name}</strong>" in header
