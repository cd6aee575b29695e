"""The organization directory for staff: the list, and one organization's file (profile, members without their
contact data, applications, awards, payments, reports, audit trail in words); what each costs in queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from grants.awards import services as award_services
from grants.kernel.audit import audit
from grants.organizations import services as organization_services
from grants.organizations.models import Membership
from reporting import services as report_services
from tests.factories import MembershipFactory, OrganizationFactory
from tests.grants.helpers import page_text
from tests.grants.workspace.conftest import period_has_started
from tests.reporting.factories import filled_report, funded_award
from tests.scoring.factories import SubmittedApplicationFactory, reviewer

FILE_QUERIES = 16  # session, user and roles, the organization, members, applications, awards, payments, reports,
# the audit page's count and rows (content types are cached)


@pytest.fixture
def funded(applicant, organization, program_officer):
    """The applicant's organization with an active award: its advance paid and its first report accepted."""
    award = funded_award(organization=organization, officer=program_officer, owner=applicant)
    award_services.payment_release(
        payment=award.payments.get(number=1), by=program_officer, early_reason="Start-up costs."
    )
    period_has_started(award.reporting_periods.get(number=1))
    report = report_services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    report_services.report_accept(report=report, by=program_officer)
    return award


def test_the_directory_lists_organizations_with_their_activity(client, program_officer, organization, funded):
    OrganizationFactory(legal_name="Quiet Society")
    client.force_login(program_officer)

    response = client.get(reverse("grants:staff_organizations"))

    rows = re.findall(r"<tr data-organization-row>(.*?)</tr>", response.content.decode(), re.S)
    mine = next(r for r in rows if organization.legal_name in r)
    assert reverse("grants:staff_organization", args=[organization.pk]) in mine
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", mine, re.S)]
    assert cells[-3:] == ["1", "1", "1"]  # members, applications (drafts aside), awards
    assert any("Quiet Society" in r for r in rows)


def test_an_organizations_file_shows_everything_staff_follow(client, program_officer, organization, applicant,
                                                             funded):
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    client.force_login(program_officer)

    response = client.get(reverse("grants:staff_organization", args=[organization.pk]))
    content, text = response.content.decode(), page_text(response)

    assert organization.email in text and organization.phone in text  # the organization's own contact
    members = re.search(r'id="members-title".*?</section>', content, re.S).group(0)
    assert applicant.get_full_name() in members and editor.get_full_name() in members
    assert applicant.email not in content and editor.email not in content  # no member's contact data
    assert "Owner" in members and "Editor" in members
    assert content.count("data-application-row") == 1
    assert reverse("grants:award_detail", args=[funded.pk]) in content
    assert content.count("data-payment-row") == funded.payments.count()
    assert "Released on" in re.search(r'id="payments-title".*?</section>', content, re.S).group(0)
    report = funded.progress_reports.get()
    assert reverse("reporting:report_detail", args=[report.pk]) in content
    audit = re.search(r'id="audit-title".*?</section>', content, re.S).group(0)
    audit_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", audit))
    for line in ("Report accepted: Submitted: with staff → Accepted", "Payment released: Scheduled → Released",
                 "Agreement accepted: Offered: agreement to accept → Active", "Award created"):
        assert line in audit_text
    assert "payment.released" not in audit_text and "scheduled" not in audit_text


def test_the_audit_trail_holds_the_organizations_own_changes_and_its_documents(client, program_officer,
                                                                               organization, applicant):
    organization_services.organization_update(organization=organization, by=applicant,
                                              data={"legal_name": "Renamed Society"})
    application = SubmittedApplicationFactory(organization=organization)
    other = SubmittedApplicationFactory()
    audit(actor=program_officer, obj=application, action="application.reopened", from_state="submitted",
          to_state="draft")
    audit(actor=program_officer, obj=other, action="application.reopened", from_state="submitted",
          to_state="draft")
    client.force_login(program_officer)

    content = client.get(reverse("grants:staff_organization", args=[organization.pk])).content.decode()

    assert content.count("data-activity-row") == 2
    assert "Organization profile updated" in content
    assert "Application reopened for edits: Submitted → Draft" in content
    assert other.reference not in content


@pytest.mark.parametrize("awards", [1, 4])
def test_an_organizations_file_costs_the_same_however_much_it_holds(
    client, program_officer, organization, applicant, awards, django_assert_max_num_queries
):
    for _ in range(awards):
        award = funded_award(organization=organization, officer=program_officer, owner=applicant)
        award_services.payment_release(
            payment=award.payments.get(number=1), by=program_officer, early_reason="Start-up costs."
        )
    client.force_login(program_officer)

    with django_assert_max_num_queries(FILE_QUERIES):
        response = client.get(reverse("grants:staff_organization", args=[organization.pk]))

    assert response.content.decode().count("data-award-row") == awards
    assert response.content.decode().count("data-activity-row") == awards * 3  # created, accepted, advance paid


@pytest.mark.parametrize("rows", [3, 60])
def test_the_directory_costs_the_same_however_long(client, program_officer, rows, django_assert_max_num_queries):
    for _ in range(rows):
        MembershipFactory()
    client.force_login(program_officer)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("grants:staff_organizations"))

    assert response.content.decode().count("data-organization-row") == min(rows, 25)


def test_a_missing_organization_is_a_404(client, program_officer, db):
    client.force_login(program_officer)

    assert client.get(reverse("grants:staff_organization", args=[987654])).status_code == 404


def test_reviewers_and_applicants_have_no_directory_nor_search(client, applicant, organization):
    for person in (applicant, reviewer()):
        client.force_login(person)
        for url in (
            reverse("grants:staff_organizations"),
            reverse("grants:staff_organization", args=[organization.pk]),
            reverse("grants:staff_search"),
            reverse("grants:staff_applications"),
        ):
            assert client.get(url).status_code == 403, (person, url)


def test_staff_reach_an_organization_from_an_application_page(client, program_officer, organization):
    application = SubmittedApplicationFactory(organization=organization)
    client.force_login(program_officer)

    page = client.get(reverse("grants:application_detail", args=[application.pk])).content.decode()

    assert f'href="{reverse("grants:staff_organization", args=[organization.pk])}"' in page


@pytest.mark.parametrize("page", ["2", "999", "0", "abc"])
def test_an_audit_trail_page_past_the_end_is_never_an_error(client, program_officer, organization, page):
    client.force_login(program_officer)

    response = client.get(reverse("grants:staff_organization", args=[organization.pk]), {"page": page})

    assert response.status_code == 200
