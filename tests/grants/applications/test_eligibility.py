"""The anonymous eligibility check on a call's page, and its agreement with the wizard: both read the call's
rules through grants.applications.eligibility, so for the same answers they refuse for the same reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.applications.eligibility import CallRules
from grants.applications.forms import BudgetForm, EligibilityCheckForm, EligibilityForm, ProjectForm
from grants.applications.models import Application, Fund
from grants.organizations.models import Organization, OrganizationType, Region
from tests.factories import CallFactory
from tests.grants.helpers import page_text

INDIGENOUS_TYPES = [
    OrganizationType.INDIGENOUS_ORGANIZATION, OrganizationType.FIRST_NATION, OrganizationType.METIS,
    OrganizationType.INUIT,
]


@pytest.fixture
def ilif_call(db):
    call = CallFactory(fund=Fund.objects.get(code="ILIF"), eligible_organization_types=list(INDIGENOUS_TYPES))
    call.regions.set(Region.objects.order_by("pk")[:2])
    return call


def check_url(call) -> str:
    return reverse("grants:call_eligibility", args=[call.slug])


def test_a_visitor_learns_a_non_profit_cannot_apply_to_ilif(client, ilif_call):
    response = client.get(check_url(ilif_call), {"organization_type": "non_profit", "indigenous_led": "no"})

    assert response.status_code == 200
    text = page_text(response)
    assert "From these answers, your organization cannot apply to this call" in text
    assert (
        "This call is open to: Indigenous organization, First Nation, Métis organization, Inuit organization."
    ) in text
    assert "The Indigenous-led Initiatives Fund is open only to Indigenous-led organizations" in text
    # Nothing is stored: no session is created for the visitor.
    assert "sessionid" not in response.cookies


def test_an_eligible_visitor_is_told_so_and_offered_an_account(client, ilif_call):
    region = ilif_call.regions.first()
    response = client.get(check_url(ilif_call), {
        "organization_type": "first_nation", "indigenous_led": "yes", "total": "50000",
        "start_date": "2027-04-01", "end_date": "2029-03-31", "region": region.pk,
    })

    text = page_text(response)
    assert "From these answers, your organization can apply to this call" in text
    assert "Create an account" in text


def test_each_rule_says_why(client, ilif_call):
    outside = Region.objects.exclude(pk__in=ilif_call.regions.values("pk")).first()
    response = client.get(check_url(ilif_call), {
        "organization_type": "metis", "indigenous_led": "yes", "total": "5000",
        "start_date": "2027-04-01", "end_date": "2031-04-01", "region": outside.pk,
    })

    html = response.content.decode()
    assert [rule for rule in ("request", "term", "region") if f'data-reason="{rule}"' in html] == [
        "request", "term", "region"]
    assert "The request totals $5,000.00; this call funds between $10,000.00 and $200,000.00." in page_text(response)


def test_the_first_visit_asks_and_decides_nothing(client, open_call):
    response = client.get(check_url(open_call))

    assert response.status_code == 200
    text = page_text(response)
    assert "What type of organization is it?" in text
    assert "can apply to this call" not in text and "There is a problem" not in text
    # A CSF call does not ask about Indigenous leadership.
    assert 'name="indigenous_led"' not in response.content.decode()


def test_a_missing_answer_is_asked_again(client, open_call):
    response = client.get(check_url(open_call), {"organization_type": "", "total": "abc"})

    assert "There are problems with 2 answers" in page_text(response)


def test_only_open_calls_have_a_check(client, open_call):
    open_call.closes_at = open_call.opens_at + dt.timedelta(days=1)
    open_call.save()

    assert client.get(check_url(open_call)).status_code == 404
    assert client.get(reverse("grants:call_eligibility", args=["no-such-call"])).status_code == 404


def test_the_call_page_links_to_its_check(client, open_call):
    response = client.get(reverse("grants:call_detail", args=[open_call.slug]))

    assert check_url(open_call) in response.content.decode()


# --- The check and the wizard agree --------------------------------------------------------------------


def _data(step: str, values: dict) -> MultiValueDict:
    return MultiValueDict({f"{step}-{k}": v if isinstance(v, list) else [v] for k, v in values.items()})


def wizard_refusals(call, *, organization_type, indigenous_led, total, start, end, region) -> set[str]:
    """What the wizard's steps refuse of the same answers, named by the rule they break."""
    organization = Organization(legal_name="Test Organization", type=organization_type, indigenous_led=False)
    application = Application(call=call, organization=organization, start_date=start, end_date=end)
    refused = set()
    eligibility = EligibilityForm(
        data=_data("eligibility", {
            "based_in_ontario": "yes", "not_for_profit_delivery": "yes", "no_duplicate_funding": "yes",
            **({"indigenous_led_attestation": "on"} if indigenous_led else {}),
        }),
        prefix="eligibility", application=application,
    )
    eligibility.is_valid()
    if eligibility.non_field_errors():
        refused.add("organization_type")
    if "indigenous_led_attestation" in eligibility.errors:
        refused.add("indigenous_led")
    project = ProjectForm(
        data=_data("project", {
            "project_title": "Title", "summary": "Summary", "description": "Description",
            "regions": [str(region.pk)], "start_date": start.isoformat(),
            "end_date": end.isoformat(),
        }),
        prefix="project", application=application,
    )
    project.is_valid()
    if "end_date" in project.errors:
        refused.add("term")
    if "regions" in project.errors:
        refused.add("region")
    budget = BudgetForm(data=None, prefix="budget", application=application)
    first_cell = budget.cell("staff", budget.fiscal_years[0])
    budget = BudgetForm(data=_data("budget", {first_cell: str(total)}), prefix="budget", application=application)
    budget.is_valid()
    if budget.non_field_errors():
        refused.add("request")
    return refused


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    organization_type=st.sampled_from(OrganizationType.values),
    indigenous_led=st.booleans(),
    total=st.decimals(min_value=0, max_value=400000, places=2),
    start=st.dates(min_value=dt.date(2027, 1, 1), max_value=dt.date(2028, 12, 31)),
    days=st.integers(min_value=1, max_value=1500),
    region_index=st.integers(min_value=0, max_value=4),
)
def test_the_check_and_the_wizard_agree(ilif_call, organization_type, indigenous_led, total, start, days,
                                        region_index):
    region = list(Region.objects.order_by("pk"))[region_index]
    end = start + dt.timedelta(days=days)
    check = EligibilityCheckForm(
        {"organization_type": organization_type, "indigenous_led": "yes" if indigenous_led else "no",
         "total": str(total), "start_date": start.isoformat(), "end_date": end.isoformat(), "region": region.pk},
        rules=CallRules.of(ilif_call),
    )
    assert check.is_valid(), check.errors

    refused_by_check = {reason.rule for reason in check.reasons()}
    refused_by_wizard = wizard_refusals(
        ilif_call, organization_type=organization_type, indigenous_led=indigenous_led, total=total,
        start=start, end=end, region=region,
    )
    assert refused_by_check == refused_by_wizard


def test_the_agreement_test_sees_every_rule(ilif_call):
    """The comparison above can fail: each rule, broken on its own, is refused by both."""
    inside, outside = ilif_call.regions.first(), Region.objects.exclude(pk__in=ilif_call.regions.values("pk")).first()
    good = {"organization_type": "first_nation", "indigenous_led": True, "total": Decimal("50000"),
            "start": dt.date(2027, 4, 1), "end": dt.date(2029, 3, 31), "region": inside}
    assert wizard_refusals(ilif_call, **good) == set()
    for rule, change in [
        ("organization_type", {"organization_type": "charity"}),
        ("indigenous_led", {"indigenous_led": False}),
        ("request", {"total": Decimal("9999.99")}),
        ("term", {"end": dt.date(2030, 4, 1)}),
        ("region", {"region": outside}),
    ]:
        assert wizard_refusals(ilif_call, **{**good, **change}) == {rule}
