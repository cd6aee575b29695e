"""The applicant's dashboard, and the query budgets of the dashboard, the wizard's steps and the review."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.applications import services
from grants.applications.demo import attach_documents, step_answers
from grants.applications.models import BudgetCategory, Fund
from grants.applications.wizard import STEPS, step_form
from grants.kernel.forms import cleaned_or_none
from grants.organizations.models import Membership, Pillar
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    submitted_application,
)
from tests.grants.helpers import page_text, post_step, step_url

# Session, user, the header's organizations and roles, the page's rows and their count, open calls:
# a fixed cost. The budgets leave a little room for what the header may show later, never one per row.
DASHBOARD_QUERIES = 12
STEP_QUERIES = 22
REVIEW_QUERIES = 32


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


# --- Wizard and review budgets ----------------------------------------------------------------------------


def queries(callable_) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = callable_()
    return len(captured), result


@pytest.fixture
def small_and_large(applicant, organization):
    """Two complete drafts: one with a one-year budget of two lines on a call offering the four pillars,
    one with a three-year budget filling every cell on a call offering twenty pillars, all chosen."""
    for n in range(16):
        Pillar.objects.create(
            code=f"extra-{n}", name_en=f"Extra pillar {n}", name_fr=f"Pilier {n}", position=10 + n
        )
    small = services.application_start(organization=organization, call=CallFactory(), by=applicant)
    large_call = CallFactory(max_term_years=3)
    large_call.pillars.set(Pillar.objects.all())
    large_org = MembershipFactory(user=applicant).organization
    large = services.application_start(organization=large_org, call=large_call, by=applicant)
    return small, large


def fill(client, application, *, years, all_cells, all_pillars):
    attach_documents(application, by=client.get(reverse("grants:dashboard")).wsgi_request.user)
    for step in STEPS:
        data = step_answers(application, step, years=years)
        if step == "project" and all_pillars:
            data["project-pillars"] = [
                str(pk) for pk in application.call.pillars.values_list("pk", flat=True)
            ]
        if step == "budget" and all_cells:
            application.refresh_from_db()
            cells = [
                f"budget-{name}"
                for name in step_form(application, "budget").fields
                if name.startswith("amount_")
            ]
            assert len(cells) == len(BudgetCategory.choices) * years
            data = {cell: ["1000"] for cell in cells} | {"budget-notes": ["Everything"]}
        response = post_step(client, application, step, data)
        assert response.status_code == 302, (step, page_text(response)[:800])


def test_wizard_pages_cost_the_same_whatever_the_budget_and_pillars(
    client, applicant, small_and_large, django_assert_max_num_queries
):
    small, large = small_and_large
    client.force_login(applicant)
    fill(client, small, years=1, all_cells=False, all_pillars=False)
    fill(client, large, years=3, all_cells=True, all_pillars=True)
    assert (small.budget_lines.count(), large.budget_lines.count()) == (2, 27)
    assert (small.pillars.count(), large.pillars.count()) == (2, 20)

    for step in [*STEPS, "review"]:
        counts = {}
        for size, application in (("small", small), ("large", large)):
            with django_assert_max_num_queries(REVIEW_QUERIES if step == "review" else STEP_QUERIES):
                counts[size], response = queries(lambda a=application, s=step: client.get(step_url(a, s)))
            assert response.status_code == 200
        assert counts["small"] == counts["large"], step

    for step in ("project", "budget"):
        counts = {}
        for size, application in (("small", small), ("large", large)):
            data = application.steps.get(step=step).data
            counts[size], response = queries(lambda a=application, s=step, d=data: post_step(client, a, s, d))
            assert response.status_code == 302
        assert counts["small"] == counts["large"], step


def test_signed_in_pages_never_read_django_permission_tables(client, program_officer):
    """Permissions are `rules` predicates only (grants/backends.py): the header's role checks cost no query on
    auth_permission or its link tables."""
    client.force_login(program_officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("grants:dashboard")).status_code == 200
    assert not [q["sql"] for q in queries if "permission" in q["sql"]]
