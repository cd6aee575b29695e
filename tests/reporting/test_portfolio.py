"""The staff portfolio: money by fund, year, region and pillar, outcomes, overdue reports, filters."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from grants.awards import services as award_services
from reporting import services
from tests.factories import MembershipFactory
from tests.grants.awards.award_factories import on_day
from tests.grants.helpers import page_text
from tests.reporting.factories import filled_report, funded_award


def _accepted_report(award, owner, officer):
    report = services.report_submit(report=filled_report(award=award, by=owner), by=owner)
    services.report_accept(report=report, by=officer)


def test_portfolio_shows_money_outcomes_and_overdue_reports(login, organization, applicant, program_officer):
    award = funded_award(organization=organization, officer=program_officer, owner=applicant)
    with on_day(dt.date(2027, 8, 15)):
        award_services.payment_release(payment=award.payments.get(number=1), by=program_officer)
        _accepted_report(award, applicant, program_officer)
    with time_machine.travel(dt.datetime(2028, 1, 15, 12, tzinfo=ZoneInfo("America/Toronto")), tick=False):
        response = login(program_officer).get(reverse("reporting:portfolio"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "$100,000.00" in page  # committed
    paid = sum(p.amount for p in award.payments.filter(status="released"))
    assert f"${paid:,.2f}" in page
    # A chart and its table by fund, year and region; the award names no pillar, so that chart says so instead.
    assert page.count("<svg") == 3 and page.count("data-chart-table") == 3
    assert 'data-chart-empty="pillar">No awards match.<' in page
    assert page.count("data-outcome-row") == 6  # CSF's indicators, each 7 in the one accepted report
    assert ">7<" in page
    # Period 2 (due Oct. 30, 2027) has no report by January 2028; period 1 was accepted.
    assert page.count("data-overdue-row") == 1
    assert "Overdue reports (1)" in page


def test_filters_narrow_the_portfolio(login, organization, applicant, program_officer):
    funded_award(organization=organization, officer=program_officer, owner=applicant)
    other = MembershipFactory()
    funded_award(organization=other.organization, officer=program_officer, owner=other.user)
    client = login(program_officer)
    everything = client.get(reverse("reporting:portfolio")).content.decode()
    assert "$200,000.00" in everything
    region = organization.region.code
    if other.organization.region.code != region:
        page = client.get(reverse("reporting:portfolio"), {"region": region}).content.decode()
        assert "$200,000.00" not in page and "$100,000.00" in page
    page = client.get(reverse("reporting:portfolio"), {"fiscal_year": "2027"}).content.decode()
    assert "$100,000.00" in page  # two awards, half of each in 2027–28
    response = client.get(reverse("reporting:portfolio"), {"fund": "NOPE", "page": "999"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_only_staff_see_the_portfolio(client, login, applicant, program_officer, reviewer):
    url = reverse("reporting:portfolio")
    assert client.get(url).status_code == 302
    assert login(applicant).get(url).status_code == 403
    assert login(reviewer).get(url).status_code == 403
    assert login(program_officer).get(url).status_code == 200


@pytest.mark.parametrize("awards", [3, 12])
def test_portfolio_queries_do_not_grow(login, program_officer, awards, django_assert_max_num_queries):
    for _ in range(awards):
        member = MembershipFactory()
        funded_award(organization=member.organization, officer=program_officer, owner=member.user)
    client = login(program_officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reporting:portfolio"))
    assert response.status_code == 200
    assert f"${awards * 100000:,.2f}" in response.content.decode()


def test_the_portfolio_filters_are_not_marked_optional(login, program_officer):
    text = page_text(login(program_officer).get(reverse("reporting:portfolio")))
    assert "Fund" in text and "Pillar" in text
    assert "(optional)" not in text
