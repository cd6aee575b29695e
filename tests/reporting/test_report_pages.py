"""What the report pages show: the report as it will be submitted on "Check and submit", spending lines far
from their budget marked for staff, the narrative step's boxes asked for as one group, filters not optional."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.kernel.money import format_money as money
from reporting import services
from reporting.models import Indicator
from tests.grants import document_files as files
from tests.grants.helpers import page_text
from tests.reporting.factories import filled_report
from tests.reporting.test_attachments import given

OFF_BUDGET = "More than 10% from the budget"


def test_check_and_submit_shows_what_will_be_submitted(login, award, applicant):
    report = filled_report(
        award=award, by=applicant, spent_factor=Decimal("1.25"), explanation="A second cohort joined."
    )
    given(report, "report-supporting", "agenda.pdf", files.pdf(), by=applicant)
    response = login(applicant).get(reverse("reporting:report_submit", args=[report.pk]))
    text = page_text(response)
    assert "Raise awareness Twelve workshops in schools." in text  # the narrative under its pillar
    indicators = Indicator.objects.filter(fund=award.application.call.fund)
    assert response.content.count(b"data-indicator-row") == indicators.count()
    assert all(f"{indicator.name} {indicator.pillar.name} 7" in text for indicator in indicators)
    line = report.spending_lines.get()
    assert f"{line.get_category_display()} {money(line.budget)} {money(line.spent)} {OFF_BUDGET}" in text
    assert "A second cohort joined." in text
    assert "agenda.pdf" in text
    assert "Change “Spending”" in text
    assert "Submit the report" in text


def test_check_and_submit_lists_the_problems_above_what_is_given(login, award, applicant):
    report = services.report_start(period=award.reporting_periods.get(number=1), by=applicant)
    text = page_text(login(applicant).get(reverse("reporting:report_submit", args=[report.pk])))
    assert text.index("Before you can submit") < text.index("Not given yet.")
    assert "Submit the report" not in text


@pytest.mark.parametrize(("factor", "marked"), [("1.25", True), ("0.85", True), ("1.05", False), ("1", False)])
def test_staff_see_spending_more_than_ten_percent_from_the_budget_marked(
    login, award, applicant, program_officer, factor, marked
):
    report = filled_report(award=award, by=applicant, spent_factor=Decimal(factor), explanation="Explained.")
    services.report_submit(report=report, by=applicant)
    text = page_text(login(program_officer).get(reverse("reporting:report_detail", args=[report.pk])))
    assert (OFF_BUDGET in text) is marked


def test_staff_report_page_links_to_the_award_and_back_to_the_queue(login, award, applicant, program_officer):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    url = reverse("reporting:report_detail", args=[report.pk])
    page = login(program_officer).get(url).content.decode()
    assert f'<a href="{reverse("grants:award_detail", args=[award.pk])}">Award {award.reference}</a>' in page
    assert f'<a href="{reverse("reporting:review_queue")}">Reports to review</a>' in page
    page = login(applicant).get(url).content.decode()
    assert reverse("reporting:review_queue") not in page  # the organization has no queue


def test_the_narrative_boxes_are_one_question_none_marked_optional(login, award, applicant):
    report = services.report_start(period=award.reporting_periods.get(number=1), by=applicant)
    response = login(applicant).get(reverse("reporting:report_step", args=[report.pk, "narrative"]))
    text = page_text(response)
    assert "Describe the period's activities under at least one pillar" in text
    assert "(optional)" not in text
    assert text.count("Do not name or identify any survivor") == 1  # the warning once, for the group


def test_the_portfolio_filters_are_not_marked_optional(login, program_officer):
    text = page_text(login(program_officer).get(reverse("reporting:portfolio")))
    assert "Fund" in text and "Pillar" in text
    assert "(optional)" not in text


def test_staff_are_told_when_comments_are_required(login, award, applicant, program_officer):
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    text = page_text(login(program_officer).get(reverse("reporting:report_detail", args=[report.pk])))

    assert "Comments to the organization (required to return it)" in text
    assert "Comments to the organization (optional)" not in text
