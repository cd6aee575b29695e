"""Every URL of the grants app, tried as each role: anonymous, a member of another organization, a member of
the organization concerned, and a program officer.

A URL added to grants/urls.py without a row here fails `test_every_grants_url_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from grants.applications import services
from grants.applications.demo import attach_documents, complete_application, sample_xlsx
from grants.conversations import services as conversation_services
from grants.documents.models import Document
from grants.organizations import services as organization_services
from grants.organizations.models import Membership
from tests.factories import CallFactory, MembershipFactory, UserFactory, submitted_application
from tests.grants.awards.award_factories import award_for, close_call, decided
from tests.urlnames import url_names

LOGIN = "login"  # expected: a redirect to the sign-in page that comes back here
ROLES = ("anonymous", "other", "member", "officer")


class World:
    """What the URLs point at, built only when a case asks for it."""

    def __init__(self, applicant, organization, other_applicant, program_officer):
        self.applicant, self.organization = applicant, organization
        self.other_applicant, self.program_officer = other_applicant, program_officer

    def user(self, role: str):
        return {
            "anonymous": None,
            "other": self.other_applicant,
            "member": self.applicant,
            "officer": self.program_officer,
        }[role]

    @cached_property
    def call(self):
        return CallFactory()

    @cached_property
    def draft(self):
        return services.application_start(organization=self.organization, call=self.call, by=self.applicant)

    @cached_property
    def complete_draft(self):
        return complete_application(self.draft, by=self.applicant)

    @cached_property
    def submitted(self):
        application = services.application_start(
            organization=self.organization, call=CallFactory(), by=self.applicant
        )
        complete_application(application, by=self.applicant)
        return services.application_submit(application=application, by=self.applicant)

    @cached_property
    def editor_membership(self):
        return MembershipFactory(organization=self.organization, role=Membership.Role.EDITOR)

    @cached_property
    def invitation(self):
        return organization_services.invitation_create(
            organization=self.organization,
            email="invitee@example.org",
            role=Membership.Role.EDITOR,
            by=self.applicant,
        )

    @cached_property
    def decided(self) -> dict:
        """A closed call with two of the organization's applications approved and released, one awarded."""
        call = CallFactory(allows_multiple_applications=True)
        applications = [
            submitted_application(organization=self.organization, call=call, by=self.applicant)
            for _ in range(2)
        ]
        close_call(call)
        awarded, approved = decided(applications, officer=self.program_officer)
        return {"call": call, "approved": approved, "award": award_for(awarded, officer=self.program_officer)}

    @cached_property
    def member_draft(self):
        """The member's unsent message on the submitted application's conversation."""
        thread = conversation_services.thread_for(subject=self.submitted)
        return conversation_services.draft_for(thread=thread, by=self.applicant)

    @cached_property
    def document(self) -> Document:
        attach_documents(self.draft, by=self.applicant)
        return self.draft.documents.get(status=Document.Status.CURRENT)


@dataclass(frozen=True)
class Case:
    name: str
    expect: dict[str, int | str]
    method: str = "GET"
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    data: Callable[[World], dict] = field(default=lambda w: {})


def everyone(status: int) -> dict:
    return dict.fromkeys(ROLES, status)


def signed_in(member: int | str, other: int | str = 403, officer: int | str = 403) -> dict:
    return {"anonymous": LOGIN, "other": other, "member": member, "officer": officer}


def upload_data(w: World) -> dict:
    return {"document_type": "budget-workbook", "file": ContentFile(sample_xlsx(), name="budget.xlsx")}


MATRIX = [
    Case("home", everyone(200)),
    Case("call_list", everyone(200)),
    Case("call_detail", everyone(200), kwargs=lambda w: {"slug": w.call.slug}),
    Case("call_eligibility", everyone(200), kwargs=lambda w: {"slug": w.call.slug}),
    # Starting for the member's organization: others are not in it, and staff do not apply.
    Case(
        "application_start",
        signed_in(302),
        method="POST",
        kwargs=lambda w: {"slug": w.call.slug},
        data=lambda w: {"organization": w.organization.pk},
    ),
    Case("dashboard", signed_in(200, other=200, officer=200)),
    Case("organization_register", signed_in(200, other=200, officer=200)),
    Case(
        "organization_switch",
        signed_in(302),
        method="POST",
        data=lambda w: {"organization": w.organization.pk},
    ),
    Case("organization_detail", signed_in(200, officer=200), kwargs=lambda w: {"pk": w.organization.pk}),
    Case("organization_edit", signed_in(200), kwargs=lambda w: {"pk": w.organization.pk}),
    Case("organization_invite", signed_in(200), kwargs=lambda w: {"pk": w.organization.pk}),
    # What the public sees about the organization, and the consent to publish: its owners decide. (This
    # organization is not Indigenous: consenting or withdrawing is refused with a message, back to the page.)
    Case("organization_publication_edit", signed_in(200), kwargs=lambda w: {"pk": w.organization.pk}),
    Case(
        "organization_publication_consent", signed_in(302), method="POST", kwargs=lambda w: {"pk": w.organization.pk}
    ),
    Case(
        "organization_publication_revoke", signed_in(302), method="POST", kwargs=lambda w: {"pk": w.organization.pk}
    ),
    Case(
        "membership_remove",
        signed_in(302),
        method="POST",
        kwargs=lambda w: {"pk": w.organization.pk, "membership_pk": w.editor_membership.pk},
    ),
    # Anyone may open an invitation link; accepting it needs the invited address (none of these people).
    Case(
        "invitation_accept",
        {"anonymous": 200, "other": 400, "member": 400, "officer": 400},
        method="POST",
        kwargs=lambda w: {"token": w.invitation.token},
    ),
    Case("application_detail", signed_in(200, officer=200), kwargs=lambda w: {"pk": w.submitted.pk}),
    # Staff read applications but never edit them: the wizard sends them to the application's page.
    Case("application_wizard", signed_in(302, officer=302), kwargs=lambda w: {"pk": w.draft.pk}),
    Case(
        "application_wizard_step",
        signed_in(200, officer=302),
        kwargs=lambda w: {"pk": w.draft.pk, "step": "project"},
    ),
    Case("application_submit", signed_in(302), method="POST", kwargs=lambda w: {"pk": w.complete_draft.pk}),
    Case("application_submitted", signed_in(200, officer=200), kwargs=lambda w: {"pk": w.submitted.pk}),
    Case("application_withdraw", signed_in(200), kwargs=lambda w: {"pk": w.submitted.pk}),
    Case("application_pdf", signed_in(200, officer=200), kwargs=lambda w: {"pk": w.submitted.pk}),
    Case("application_reopen", signed_in(403, officer=200), kwargs=lambda w: {"pk": w.submitted.pk}),
    Case("application_extend", signed_in(403, officer=200), kwargs=lambda w: {"pk": w.draft.pk}),
    Case(
        "document_upload",
        signed_in(302),
        method="POST",
        kwargs=lambda w: {"pk": w.draft.pk},
        data=upload_data,
    ),
    # The two steps of a direct upload answer in JSON; the member's request is understood (here refused
    # as incomplete), the others' are not even read.
    Case("document_presign", signed_in(400), method="POST", kwargs=lambda w: {"pk": w.draft.pk}),
    Case("document_confirm", signed_in(400), method="POST", kwargs=lambda w: {"pk": w.draft.pk}),
    Case("document_remove", signed_in(302), method="POST", kwargs=lambda w: {"pk": w.document.pk}),
    Case("document_download", signed_in(200, officer=200), kwargs=lambda w: {"pk": w.document.pk}),
    # Conversations (issue 14): members and staff of the record, never reviewers (tested in tests/grants/
    # conversations); a draft's files are its author's to attach.
    Case("thread", signed_in(200, officer=200), kwargs=lambda w: {"kind": "application", "pk": w.submitted.pk}),
    Case("conversation_queue", signed_in(403, officer=200)),
    Case(
        "message_document_upload",
        signed_in(302),
        method="POST",
        kwargs=lambda w: {"pk": w.member_draft.pk},
        data=lambda w: {"document_type": "message-attachment",
                        "file": ContentFile(sample_xlsx(), name="letter.xlsx")},
    ),
    Case("message_document_presign", signed_in(400), method="POST", kwargs=lambda w: {"pk": w.member_draft.pk}),
    Case("message_document_confirm", signed_in(400), method="POST", kwargs=lambda w: {"pk": w.member_draft.pk}),
    # Decisions, awards and payments (issue 5): staff pages, then the organization's own award pages.
    Case("call_decisions", signed_in(403, officer=200), kwargs=lambda w: {"slug": w.decided["call"].slug}),
    Case("decisions_release", signed_in(403, officer=200), kwargs=lambda w: {"slug": w.decided["call"].slug}),
    Case(
        "decision_edit",
        signed_in(403, officer=200),
        kwargs=lambda w: {"pk": w.decided["approved"].pk},
    ),
    Case("award_create", signed_in(403, officer=200), kwargs=lambda w: {"pk": w.decided["approved"].pk}),
    Case("award_list", signed_in(403, officer=200)),
    Case("award_amend", signed_in(403, officer=200), kwargs=lambda w: {"pk": w.decided["award"].pk}),
    Case("award_suspend", signed_in(403, officer=200), kwargs=lambda w: {"pk": w.decided["award"].pk}),
    Case("award_reinstate", signed_in(403, officer=200), kwargs=lambda w: {"pk": w.decided["award"].pk}),
    Case("award_close", signed_in(403, officer=200), kwargs=lambda w: {"pk": w.decided["award"].pk}),
    Case(
        "payment_release",
        signed_in(403, officer=302),
        method="POST",
        kwargs=lambda w: {"pk": w.decided["award"].pk, "number": 1},
    ),
    Case("my_awards", signed_in(200, other=200, officer=200)),  # each sees their own organizations' only
    Case("award_detail", signed_in(200, officer=200), kwargs=lambda w: {"pk": w.decided["award"].pk}),
    # Only the organization accepts its agreement; staff see it.
    Case("agreement_accept", signed_in(200), kwargs=lambda w: {"pk": w.decided["award"].pk}),
    Case(
        "agreement_pdf",
        signed_in(200, officer=200),
        kwargs=lambda w: {"pk": w.decided["award"].pk, "version": 1},
    ),
    # The workspace (issue 11): everyone's home is the dashboard above; search and the directory are staff's.
    Case("staff_search", signed_in(403, officer=200)),
    Case("staff_applications", signed_in(403, officer=200)),
    Case("staff_organizations", signed_in(403, officer=200)),
    Case("staff_organization", signed_in(403, officer=200), kwargs=lambda w: {"pk": w.organization.pk}),
]
CASES = {case.name: case for case in MATRIX}


def test_every_grants_url_is_in_the_matrix():
    names = url_names("grants")

    assert names - set(CASES) == set(), "add these URLs to the permission matrix"
    assert set(CASES) - names == set(), "these rows name URLs that no longer exist"


@pytest.fixture
def world(applicant, organization, other_applicant, program_officer):
    return World(applicant, organization, other_applicant, program_officer)


@pytest.mark.parametrize("name", list(CASES))
def test_url_as_every_role(world, name):
    """One world per URL, each role in a browser of its own; whoever may change something goes last."""
    case = CASES[name]
    url = reverse(f"grants:{name}", kwargs=case.kwargs(world))
    for role in ("anonymous", "other", "officer", "member"):
        client = Client()
        if world.user(role) is not None:
            client.force_login(world.user(role))

        response = client.get(url) if case.method == "GET" else client.post(url, case.data(world))

        expected = case.expect[role]
        if expected == LOGIN:
            assert response.status_code == 302, role
            assert response.url == f"{reverse('account_login')}?next={url}", role
        else:
            assert response.status_code == expected, (role, response.content[:300])


@pytest.mark.parametrize("name", [case.name for case in MATRIX if case.method == "POST"])
def test_post_only_urls_refuse_get(client, world, name):
    case = CASES[name]
    client.force_login(world.applicant)

    response = client.get(reverse(f"grants:{name}", kwargs=case.kwargs(world)))

    if name == "invitation_accept":  # the link's page: this member is not the invited person, and is told so
        assert response.status_code == 400
        assert not Membership.objects.filter(
            organization=world.organization, user__email="invitee@example.org"
        ).exists()
    else:
        assert response.status_code == 405


def test_an_editor_member_may_work_on_applications_but_not_manage_the_organization(client, world):
    editor = world.editor_membership.user
    client.force_login(editor)

    assert (
        client.get(reverse("grants:application_wizard_step", args=[world.draft.pk, "project"])).status_code
        == 200
    )
    assert client.get(reverse("grants:application_detail", args=[world.draft.pk])).status_code == 200
    assert client.get(reverse("grants:organization_detail", args=[world.organization.pk])).status_code == 200
    assert client.get(reverse("grants:organization_edit", args=[world.organization.pk])).status_code == 403
    assert client.get(reverse("grants:organization_invite", args=[world.organization.pk])).status_code == 403


def test_a_reviewer_is_not_an_applicant(client, world, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("grants:application_detail", args=[world.draft.pk])).status_code == 403
    assert client.get(reverse("grants:application_wizard", args=[world.draft.pk])).status_code == 403
    assert client.get(reverse("grants:application_pdf", args=[world.submitted.pk])).status_code == 403
    assert client.get(reverse("grants:application_reopen", args=[world.submitted.pk])).status_code == 403
    assert client.get(reverse("grants:organization_detail", args=[world.organization.pk])).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "application_detail",
        "application_wizard",
        "application_pdf",
        "application_withdraw",
        "organization_detail",
    ],
)
def test_an_object_that_does_not_exist_is_a_404(client, applicant, name):
    client.force_login(applicant)

    assert client.get(reverse(f"grants:{name}", args=[987654])).status_code == 404


# --- allauth's pages that matter ----------------------------------------------------------------------------

ACCOUNT_PAGES = [
    # name, anonymous, signed in
    ("account_login", 200, 302),
    ("account_signup", 200, 302),
    ("account_reset_password", 200, 200),
    ("account_email_verification_sent", 200, 200),
    ("account_logout", 302, 200),
    ("account_email", LOGIN, 200),
    ("account_change_password", LOGIN, 200),
]


@pytest.mark.parametrize(("name", "anonymous", "signed_in_status"), ACCOUNT_PAGES)
def test_account_pages(client, applicant, name, anonymous, signed_in_status):
    url = reverse(name)

    response = client.get(url)
    if anonymous == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == anonymous

    client.force_login(applicant)
    assert client.get(url).status_code == signed_in_status


def test_staff_without_a_role_are_not_program_officers(client, world):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)

    assert client.get(reverse("grants:application_detail", args=[world.submitted.pk])).status_code == 403
    assert client.get(reverse("grants:application_reopen", args=[world.submitted.pk])).status_code == 403
