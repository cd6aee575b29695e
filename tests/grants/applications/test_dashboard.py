"""The applicant's dashboard: the applications of all their organizations, what to do next, its pages and its
query budget."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.applications import services
from grants.applications.demo import step_answers
from grants.applications.models import Fund
from grants.applications.wizard import step_form
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
from tests.grants.helpers import page_text

# Session, user, the header's organizations and roles, the page's rows and their count, open calls:
# a fixed cost. The budgets leave a little room for what the header may show later, never one per row.
DASHBOARD_QUERIES = 12


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
