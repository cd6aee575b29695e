"""Each step's form through the wizard's pages: what it asks and starts from, what it refuses and
how it says so (keeping what was typed), and what a valid step writes to the application."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from grants.applications import services
from grants.applications.models import BudgetLine, Call, Fund
from grants.organizations.models import OrganizationType, Pillar
from tests.factories import CallFactory, MembershipFactory, OrganizationFactory
from tests.grants.helpers import (
    answers_for,
    field_value,
    fill_all_steps,
    fill_through,
    page_text,
    post_step,
    saved,
    step_url,
)

# --- Eligibility ------------------------------------------------------------------------------------------


def test_an_ineligible_answer_is_explained_and_kept(me, draft):
    response = post_step(me, draft, "eligibility", answers_for(draft, "eligibility", based_in_ontario="no"))

    assert response.status_code == 200
    text = page_text(response)
    assert (
        "This fund supports Ontario organizations delivering projects in Ontario, so the application "
        "cannot go ahead."
    ) in text
    html = response.content.decode()
    assert re.search(r'name="eligibility-based_in_ontario" value="no"[^>]*checked', html)
    assert re.search(r'name="eligibility-not_for_profit_delivery" value="yes"[^>]*checked', html)
    record = saved(draft, "eligibility")
    assert record.data["eligibility-based_in_ontario"] == ["no"]
    assert not record.is_valid
    # Opening the step again shows the same answer and the same explanation.
    again = me.get(step_url(draft, "eligibility"))
    assert re.search(r'name="eligibility-based_in_ontario" value="no"[^>]*checked', again.content.decode())
    assert "so the application cannot go ahead." in page_text(again)


def test_an_organization_type_the_call_does_not_accept_is_explained(me, draft):
    Call.objects.filter(pk=draft.call_id).update(eligible_organization_types=[OrganizationType.CHARITY])
    draft.refresh_from_db()

    response = post_step(me, draft, "eligibility", answers_for(draft, "eligibility"))

    assert response.status_code == 200
    assert "This call is open to: Registered charity." in page_text(response)
    assert "is registered as “Non-profit organization”" in page_text(response)


@pytest.fixture
def ilif_draft(applicant):
    organization = OrganizationFactory(
        type=OrganizationType.INDIGENOUS_ORGANIZATION, registration_number="", indigenous_led=False
    )
    MembershipFactory(organization=organization, user=applicant)
    call = CallFactory(fund=Fund.objects.get(code="ILIF"))
    return services.application_start(organization=organization, call=call, by=applicant)


def test_ilif_requires_the_indigenous_led_attestation(me, ilif_draft):
    page = me.get(step_url(ilif_draft, "eligibility"))
    assert 'name="eligibility-indigenous_led_attestation"' in page.content.decode()

    data = answers_for(ilif_draft, "eligibility")
    data.pop("eligibility-indigenous_led_attestation")
    refused = post_step(me, ilif_draft, "eligibility", data)
    assert refused.status_code == 200
    assert (
        "The Indigenous-led Initiatives Fund is open only to Indigenous-led organizations; "
        "the attestation is required."
    ) in page_text(refused)
    assert not saved(ilif_draft, "eligibility").is_valid

    accepted = post_step(me, ilif_draft, "eligibility", answers_for(ilif_draft, "eligibility"))
    assert accepted.status_code == 302
    assert saved(ilif_draft, "eligibility").is_valid


def test_ilif_attestation_starts_from_the_organization_profile(me, ilif_draft):
    ilif_draft.organization.indigenous_led = True
    ilif_draft.organization.save()

    page = me.get(step_url(ilif_draft, "eligibility")).content.decode()

    assert re.search(r'name="eligibility-indigenous_led_attestation"[^>]*checked', page)


def test_csf_does_not_ask_for_the_attestation(me, draft):
    assert "indigenous_led_attestation" not in me.get(step_url(draft, "eligibility")).content.decode()


# --- Organization -----------------------------------------------------------------------------------------


def test_the_organization_step_starts_from_the_profile(me, applicant, draft, organization):
    response = me.get(step_url(draft, "organization"))

    assert field_value(response, "organization-legal_name") == organization.legal_name
    assert field_value(response, "organization-postal_code") == organization.postal_code
    assert field_value(response, "organization-street_address") == organization.street_address
    assert field_value(response, "organization-mandate") == organization.mandate
    assert field_value(response, "organization-contact_email") == applicant.email
    assert field_value(response, "organization-contact_name") == applicant.get_full_name()
    assert re.search(rf'<option value="{organization.region_id}" selected>', response.content.decode())


def test_the_organization_step_checks_the_postal_code_and_phone(me, draft):
    response = post_step(
        me,
        draft,
        "organization",
        answers_for(draft, "organization", postal_code="T2P 1J9", contact_phone="12"),
    )

    text = page_text(response)
    assert "Enter an Ontario postal code, for example K1A 0B1." in text
    assert "Enter a 10-digit telephone number, for example 416-555-0123." in text
    assert field_value(response, "organization-postal_code") == "T2P 1J9"


# --- Project ----------------------------------------------------------------------------------------------


def test_project_longer_than_the_call_allows_is_refused(me, draft):
    response = post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2027-04-01", end_date="2030-04-01")
    )

    assert response.status_code == 200
    assert "This call funds projects of at most 3 years: end the project before 2030-04-01." in page_text(
        response
    )
    assert field_value(response, "project-end_date") == "2030-04-01"
    draft.refresh_from_db()
    assert draft.end_date is None, "an invalid step writes none of its derived fields"

    ok = post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2027-04-01", end_date="2030-03-31")
    )
    assert ok.status_code == 302
    draft.refresh_from_db()
    assert (draft.start_date, draft.end_date) == (dt.date(2027, 4, 1), dt.date(2030, 3, 31))


def test_project_must_end_after_it_starts(me, draft):
    response = post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2027-04-01", end_date="2027-04-01")
    )

    assert "The end date must be after the start date." in page_text(response)


def test_a_valid_project_step_writes_the_application_fields(me, draft):
    post_step(me, draft, "project", answers_for(draft, "project", project_title="Safe Routes Home"))

    draft.refresh_from_db()
    assert draft.title == "Safe Routes Home"
    assert draft.pillars.count() == 2
    assert draft.regions.count() == 2


def test_a_call_naming_its_pillars_offers_only_those(me, draft):
    draft.call.pillars.set(Pillar.objects.filter(code="support"))

    page = me.get(step_url(draft, "project")).content.decode()

    assert page.count('name="project-pillars"') == 1
    assert "Support survivors" in page


# --- Budget -----------------------------------------------------------------------------------------------


def budget_columns(response) -> list[str]:
    head = re.search(
        r"<thead>(.*?)</thead>", response.content.decode().split("data-budget-grid")[1], flags=re.S
    )
    return re.findall(r"FY ([^<]+)</th>", head.group(1))


@pytest.mark.parametrize(
    ("start", "end", "columns"),
    [
        ("2027-04-01", "2029-03-31", ["2027–28", "2028–29"]),
        ("2027-03-31", "2027-04-01", ["2026–27", "2027–28"]),
        ("2027-06-15", "2030-03-31", ["2027–28", "2028–29", "2029–30"]),
        ("2027-01-10", "2027-03-31", ["2026–27"]),
    ],
)
def test_budget_columns_are_the_projects_fiscal_years(me, draft, start, end, columns):
    fill_through(me, draft, "organization")
    post_step(me, draft, "project", answers_for(draft, "project", start_date=start, end_date=end))

    response = me.get(step_url(draft, "budget"))

    assert budget_columns(response) == columns


def test_the_budget_asks_for_project_dates_first(me, draft):
    page = page_text(me.get(step_url(draft, "budget")))
    assert "Enter the project's start and end dates first." in page

    response = post_step(me, draft, "budget", {"budget-notes": "Early notes"})
    assert (
        "Enter the project's start and end dates first: the budget has one column per fiscal year."
        in page_text(response)
    )
    assert saved(draft, "budget").data["budget-notes"] == ["Early notes"]


def test_budget_totals_are_derived_and_a_request_outside_the_range_is_refused(me, draft):
    fill_through(me, draft, "project")

    response = post_step(
        me,
        draft,
        "budget",
        {
            "budget-amount_staff_2027": "1500.50",
            "budget-amount_staff_2028": "2000",
            "budget-amount_travel_2027": "499.50",
            "budget-notes": "Two workers",
        },
    )

    assert response.status_code == 200
    assert "The request totals $4,000.00; this call funds between $10,000.00 and $200,000.00." in page_text(
        response
    )
    html = response.content.decode()
    assert re.search(r"data-grand-total>\$4,000.00<", html)
    assert re.findall(r"data-col-total>([^<]+)<", html) == ["$2,000.00", "$2,000.00"]
    assert "$3,500.50" in html, "the staff row's total"
    assert field_value(response, "budget-amount_travel_2027") == "499.50"
    assert not BudgetLine.objects.filter(application=draft).exists()

    too_much = post_step(
        me, draft, "budget", {"budget-amount_staff_2027": "150000", "budget-amount_staff_2028": "60000"}
    )
    assert "The request totals $210,000.00; this call funds between $10,000.00 and $200,000.00." in page_text(
        too_much
    )

    ok = post_step(
        me, draft, "budget", {"budget-amount_staff_2027": "150000", "budget-amount_program_2028": "50000"}
    )
    assert ok.status_code == 302
    lines = {
        (line.category, line.fiscal_year): line.amount
        for line in BudgetLine.objects.filter(application=draft)
    }
    assert lines == {("staff", 2027): Decimal("150000.00"), ("program", 2028): Decimal("50000.00")}


@pytest.mark.parametrize("amount", ["-5", "abc", "NaN", "Infinity", "1e400", "12345678901234", "1.234"])
def test_a_bad_budget_amount_is_explained_not_a_server_error(me, draft, amount):
    fill_through(me, draft, "project")

    response = post_step(
        me, draft, "budget", {"budget-amount_staff_2027": amount, "budget-amount_staff_2028": "20000"}
    )

    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert field_value(response, "budget-amount_staff_2027") == amount
    assert saved(draft, "budget").data["budget-amount_staff_2027"] == [amount]


def test_moving_the_project_dates_moves_the_budget_columns_and_its_total(me, draft):
    fill_all_steps(me, draft)
    assert "Total request: $105,000.00" in page_text(me.get(step_url(draft, "review")))

    # One year later: the 2027–28 column leaves the grid, and its amounts leave the request.
    post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2028-04-01", end_date="2030-03-31")
    )

    assert budget_columns(me.get(step_url(draft, "budget"))) == ["2028–29", "2029–30"]
    assert set(BudgetLine.objects.filter(application=draft).values_list("fiscal_year", flat=True)) == {2028}
    assert "Total request: $52,500.00" in page_text(me.get(step_url(draft, "review")))


def test_project_dates_that_leave_the_budget_empty_send_it_back_for_attention(me, draft):
    fill_all_steps(me, draft)

    post_step(
        me, draft, "project", answers_for(draft, "project", start_date="2030-04-01", end_date="2031-03-31")
    )

    assert not BudgetLine.objects.filter(application=draft).exists()
    assert not saved(draft, "budget").is_valid
    review = me.get(step_url(draft, "review"))
    assert "The request totals $0.00; this call funds between $10,000.00 and $200,000.00." in page_text(
        review
    )
    assert 'data-problem="budget"' in review.content.decode()
    assert "Submit the application" not in page_text(review)
