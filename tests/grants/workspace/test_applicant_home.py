"""The applicant's home (their dashboard): the applications of all their organizations, what to do next, the
awards, reports due and decisions it surfaces, its pages and its query budget."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.applications import services
from grants.applications.demo import step_answers
from grants.applications.models import Application, Fund
from grants.applications.wizard import step_form
from grants.awards.services import decision_approve as approve_decision
from grants.awards.services import decision_decline as decline_decision
from grants.awards.services import decisions_release
from grants.kernel.forms import cleaned_or_none
from grants.organizations.models import Membership
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    submitted_application,
)
from tests.grants.awards.award_factories import award_for, close_call
from tests.grants.helpers import page_text
from tests.reporting.factories import funded_award

OVERRIDE = "Decided before the reviews were in, on the panel's advice."

# Session, user, the header's organizations and roles, the page's rows and their count, open calls, the awards,
# the reports due (two) and the decisions released: a fixed cost. The budgets leave a little room for what the
# header may show later, never one per row.
DASHBOARD_QUERIES = 16


def rows_of(response) -> list[str]:
    """The text of each application row of the dashboard."""
    rows = re.findall(r"<tr data-application-row>(.*?)</tr>", response.content.decode(), re.S)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row))).strip() for row in rows]


def test_the_dashboard_lists_the_applications_of_all_my_organizations(
    client, applicant, organization, open_call, other_applicant
):
    second = OrganizationFactory(legal_name="Second Street Services")
    MembershipFactory(organization=second, user=applicant, role=Membership.Role.EDITOR)
    draft = services.application_start(organization=organization, call=open_call, by=applicant)
    answers = step_answers(draft, "eligibility")
    services.application_save_step(
        application=draft,
        step="eligibility",
        cleaned=cleaned_or_none(step_form(draft, "eligibility", answers)),
        data=answers,
        expected_version=0,
        by=applicant,
    )
    submitted = submitted_application(organization=second, by=applicant)
    past_call = CallFactory(
        title_en="Last Year's Call",
        opens_at=timezone.now() - dt.timedelta(days=400),
        closes_at=timezone.now() - dt.timedelta(days=300),
    )
    stale = ApplicationFactory(organization=organization, call=past_call)
    withdrawn = submitted_application(organization=organization, by=applicant, title="Withdrawn Project")
    services.application_withdraw(application=withdrawn, by=applicant)
    submitted_application(organization=other_applicant.memberships.get().organization, title="Not Mine")
    client.force_login(applicant)

    response = client.get(reverse("grants:dashboard"))

    assert response.status_code == 200
    rows = rows_of(response)
    assert len(rows) == 4
    assert not any("Not Mine" in row for row in rows)
    by_name = {
        "draft": next(r for r in rows if open_call.title_en in r and "Draft" in r),
        "submitted": next(r for r in rows if submitted.reference in r),
        "stale": next(r for r in rows if "Last Year's Call" in r),
        "withdrawn": next(r for r in rows if withdrawn.reference in r),
    }
    assert organization.legal_name in by_name["draft"]
    assert "Continue (1 of 6 steps complete)" in by_name["draft"]
    assert f"Untitled draft {organization.legal_name}" in by_name["draft"]
    assert "EST" in by_name["draft"] or "EDT" in by_name["draft"], "the deadline in Toronto time"
    assert "Second Street Services" in by_name["submitted"]
    assert "Submitted" in by_name["submitted"]
    assert "See what was submitted" in by_name["submitted"]
    assert "$105,000.00" in by_name["submitted"]
    assert "The call has closed" in by_name["stale"]
    assert "Withdrawn" in by_name["withdrawn"]
    html = response.content.decode()
    assert reverse("grants:application_wizard", args=[draft.pk]) in html
    assert reverse("grants:application_detail", args=[stale.pk]) in html


def test_a_person_without_an_organization_is_invited_to_register(client, db):
    client.force_login(UserFactory())

    text = page_text(client.get(reverse("grants:dashboard")))

    assert "To apply, register your organization, or ask its owner to invite you." in text


def test_an_organization_without_applications_is_pointed_to_open_calls(client, applicant, open_call):
    client.force_login(applicant)

    text = page_text(client.get(reverse("grants:dashboard")))

    assert "Your organizations have no applications yet." in text
    assert open_call.title_en in text


@pytest.mark.parametrize("rows", [3, 60])
def test_dashboard_queries_do_not_grow(client, applicant, organization, rows, django_assert_max_num_queries):
    calls = [CallFactory(), CallFactory(fund=Fund.objects.get(code="ILIF"))]
    for n in range(rows):
        ApplicationFactory(organization=organization, call=calls[n % 2], title=f"Project {n}")
    client.force_login(applicant)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("grants:dashboard"))

    assert response.status_code == 200
    assert response.content.decode().count("data-application-row") == min(rows, 25)


@pytest.mark.parametrize("page", ["3", "999", "0", "-2", "abc"])
def test_dashboard_pages_past_the_end_are_not_errors(client, applicant, organization, open_call, page):
    for _ in range(30):
        ApplicationFactory(organization=organization, call=CallFactory())
    client.force_login(applicant)

    response = client.get(reverse("grants:dashboard"), {"page": page})

    assert response.status_code == 200
    assert response.content.decode().count("data-application-row") in (25, 5)


def test_dashboard_pages(client, applicant, organization):
    for _ in range(30):
        ApplicationFactory(organization=organization, call=CallFactory())
    client.force_login(applicant)

    first = client.get(reverse("grants:dashboard"))
    second = client.get(reverse("grants:dashboard"), {"page": 2})

    assert "Page 1 of 2" in page_text(first)
    assert first.content.decode().count("data-application-row") == 25
    assert second.content.decode().count("data-application-row") == 5


# --- What the home surfaces -------------------------------------------------------------------------------------


@pytest.fixture
def decided(applicant, organization, program_officer):
    """Two of the organization's applications decided and released: one approved with an award offered, one
    declined."""
    call = CallFactory(allows_multiple_applications=True)
    approved, declined = (
        submitted_application(organization=organization, call=call, by=applicant, title=title)
        for title in ("Safe Futures", "Night Outreach")
    )
    close_call(call)
    approve_decision(application=approved, by=program_officer, override_reason=OVERRIDE)
    decline_decision(application=declined, by=program_officer, override_reason=OVERRIDE)
    decisions_release(call=call, by=program_officer)
    award = award_for(Application.objects.get(pk=approved.pk), officer=program_officer)
    return {"approved": approved, "declined": declined, "award": award}


def test_an_offered_award_waits_at_the_top_of_the_home(client, applicant, decided):
    client.force_login(applicant)

    response = client.get(reverse("grants:dashboard"))

    alert = re.search(r'data-attention="agreement">(.*?)</div>', response.content.decode(), re.S).group(1)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", alert)))
    assert f"is offered award {decided['approved'].reference}" in text
    assert "Version 1 of the agreement is waiting" in text
    assert reverse("grants:award_detail", args=[decided["award"].pk]) in alert


def test_released_decisions_and_awards_are_on_the_home(client, applicant, decided):
    client.force_login(applicant)

    response = client.get(reverse("grants:dashboard"))
    content, text = response.content.decode(), page_text(response)

    assert content.count("data-decision-row") == 2
    assert f"{decided['approved'].reference}: Safe Futures Approved Decision released" in text
    assert f"{decided['declined'].reference}: Night Outreach Declined Decision released" in text
    assert content.count("data-award-row") == 1
    assert "$105,000.00 approved, $0.00 paid." in text
    assert reverse("grants:my_awards") in content


def test_a_staged_decision_stays_off_the_home(client, applicant, organization, program_officer):
    call = CallFactory()
    application = submitted_application(organization=organization, call=call, by=applicant)
    close_call(call)
    approve_decision(application=application, by=program_officer, override_reason=OVERRIDE)
    client.force_login(applicant)

    assert "data-decision-row" not in client.get(reverse("grants:dashboard")).content.decode()


def test_reports_due_are_on_the_home(client, applicant, organization, program_officer):
    funded_award(organization=organization, officer=program_officer, owner=applicant)
    client.force_login(applicant)

    response = client.get(reverse("grants:dashboard"))

    assert response.content.decode().count("data-report-row") == 5  # medium risk over two years: five periods
    assert "File or follow your reports (5 due)" in page_text(response)


def test_a_member_can_register_another_organization(client, applicant):
    client.force_login(applicant)

    page = client.get(reverse("grants:dashboard")).content.decode()

    assert f'href="{reverse("grants:organization_register")}">Register another organization' in page
    assert client.get(reverse("grants:organization_register")).status_code == 200


@pytest.mark.parametrize("awards", [1, 6])
def test_the_home_costs_the_same_with_awards_and_reports(
    client, applicant, organization, program_officer, awards, django_assert_max_num_queries
):
    for _ in range(awards):
        award = funded_award(organization=organization, officer=program_officer, owner=applicant)
    client.force_login(applicant)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("grants:dashboard"))

    assert response.content.decode().count("data-award-row") == min(awards, 5)
    assert response.content.decode().count("data-report-row") == 5
    assert award.application.reference in page_text(response)
