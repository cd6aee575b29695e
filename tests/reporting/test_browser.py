"""Progress reporting's "done when" in a real browser, with axe-core's WCAG 2.0 A and AA checks on every page:
a member files the report on a period a payment waits for (a spending line more than 10% off its budget must be
explained first), a program officer returns it with a comment, the member revises and resubmits, the officer
accepts it and the payment is released; the officer filters the portfolio and downloads every export; the
organization's owner downloads the organization's archive.

Screenshots of the pages go to $REPORTING_SHOTS (e.g. /tmp/shots) when it is set."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from grants.applications.models import Fund
from grants.awards import services as award_services
from grants.awards.models import Payment
from reporting.models import ProgressReport
from tests.browser_fixtures import sign_in as browser_sign_in
from tests.factories import CallFactory, MembershipFactory
from tests.grants.awards.award_factories import active_award, approved_quickly, close_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct-horse-battery"
SHOTS = os.environ.get("REPORTING_SHOTS")


def sign_in(page, base, user):
    browser_sign_in(page, base, user, PASSWORD)


def save_and_continue(page):
    """Save the step and wait to be taken on, wherever the next step is."""
    here = page.url
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(lambda url: url != here)


def check_and_submit(page):
    """The steps navigation leads to "Check and submit", however many steps come before it."""
    page.get_by_role("navigation", name="Steps of the report").get_by_role(
        "link", name="Check and submit", exact=True
    ).click()
    page.wait_for_url(re.compile(r"/submit/$"))


def _download(page, link_text: str):
    with page.expect_download() as download:
        page.get_by_role("link", name=link_text, exact=True).click()
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_file_return_resubmit_accept_then_portfolio_and_archive(
    live_server, new_page, axe, award, applicant, organization, program_officer
):
    base = live_server.url
    officer, member = program_officer, applicant
    # The advance is paid; the next instalment waits for the first period's report to be accepted.
    award_services.payment_release(payment=award.payments.get(number=1), by=officer)
    period = award.reporting_periods.get(number=1)
    waiting = award.payments.get(report_period=period, kind="instalment")
    assert waiting.status == Payment.Status.SCHEDULED
    # Another organization's award in the other fund, for the portfolio's filter to leave out.
    other = MembershipFactory()
    ilif_call = close_call(CallFactory(fund=Fund.objects.get(code="ILIF")))
    other_award = active_award(
        approved_quickly(call=ilif_call, organization=other.organization)[0], officer=officer, owner=other.user
    )

    violations = []
    page = new_page()

    def look(name: str):
        violations.extend(axe(page))
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/reporting-{name}.png", full_page=True)

    # 1. The member files the report on the period the instalment waits for.
    sign_in(page, base, member)
    page.locator("header").get_by_role("link", name="Progress reports", exact=True).click()
    page.wait_for_url(re.compile(r"/reports/$"))
    look("report-list")
    row = page.locator("tr[data-report-row]", has_text=f"{period.start_date}–{period.end_date}")
    assert "Not started" in row.inner_text()
    row.get_by_role("button", name="Start the report").click()
    page.wait_for_url(re.compile(r"/reports/\d+/step/narrative/$"))
    report = ProgressReport.objects.get(period=period)
    look("step-narrative")
    page.locator("main textarea").first.fill("Twelve awareness workshops in six schools.")
    save_and_continue(page)

    page.wait_for_url(re.compile(r"/step/indicators/$"))
    look("step-indicators")
    counts = page.locator("main input[type=number]")
    assert counts.count() == award.application.call.fund.indicators.count()
    for i in range(counts.count()):
        counts.nth(i).fill(str(10 + i))
    save_and_continue(page)

    page.wait_for_url(re.compile(r"/step/spending/$"))
    look("step-spending")
    line = report.spending_lines.get()
    over = (line.budget * Decimal("1.25")).quantize(Decimal("0.01"))
    page.fill(f"#id_spent_{line.category}", str(over))
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.locator("#error-summary").wait_for()
    assert "differs from its budget by more than 10%: explain why" in page.inner_text("main")
    assert page.input_value(f"#id_spent_{line.category}") == str(over)  # what was typed is kept
    look("step-spending-error")
    page.fill(f"#id_why_{line.category}", "A second cohort of trainees joined in the autumn.")
    save_and_continue(page)
    assert "Saved." in page.inner_text("main")
    look("after-spending")  # the next step, whichever it is

    # The steps navigation, not a count of steps, leads to "Check and submit".
    check_and_submit(page)
    look("check-and-submit")
    assert not page.locator("#error-summary").count()
    page.get_by_role("button", name="Submit the report", exact=True).click()
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    assert "Your report was submitted." in page.inner_text("main")
    look("report-submitted")
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    line.refresh_from_db()
    assert (line.spent, line.explanation) == (over, "A second cohort of trainees joined in the autumn.")

    # 2. The officer returns it with a comment.
    sign_in(page, base, officer)
    page.locator("header").get_by_role("link", name="Portfolio", exact=True).click()
    page.get_by_role("link", name="Reports waiting for review").click()
    page.wait_for_url(re.compile(r"/reports/staff/review/$"))
    look("review-queue")
    page.get_by_role("link", name=award.reference).click()  # the link also names the report, for screen readers
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    look("report-detail-staff")
    assert "A second cohort of trainees joined in the autumn." in page.inner_text("main")
    page.get_by_label("Return it for revisions").check()
    page.click("main button[type=submit]")
    page.locator("#error-summary").wait_for()
    assert "Tell the organization what to revise." in page.inner_text("main")  # a return needs a comment
    look("report-detail-staff-error")
    page.get_by_label("Return it for revisions").check()
    page.get_by_label("Comments to the organization").fill("Add the number of sessions held.")
    with page.expect_navigation():  # the page that follows has the same address
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    assert "The report was returned to the organization" in page.inner_text("main")
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.RETURNED

    # The member sees the comment, revises and resubmits.
    sign_in(page, base, member)
    page.locator("header").get_by_role("link", name="Progress reports", exact=True).click()
    row = page.locator("tr[data-report-row]", has_text=f"{period.start_date}–{period.end_date}")
    row.get_by_role("link", name="Continue the report").click()
    page.wait_for_url(re.compile(r"/step/narrative/$"))
    assert "Add the number of sessions held." in page.inner_text("main")
    look("step-narrative-returned")
    page.locator("main textarea").first.fill("Twelve awareness workshops in six schools: 14 sessions held.")
    save_and_continue(page)
    check_and_submit(page)
    page.get_by_role("button", name="Submit the report", exact=True).click()
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    report.refresh_from_db()
    assert (report.status, report.version) == (ProgressReport.Status.SUBMITTED, 2)

    # The officer accepts it, and the waiting instalment is released.
    sign_in(page, base, officer)
    page.goto(f"{base}/reports/staff/review/")
    page.get_by_role("link", name=award.reference).click()  # the link also names the report, for screen readers
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    assert "14 sessions held" in page.inner_text("main")
    page.get_by_label("Accept the report").check()
    with page.expect_navigation():  # the page that follows has the same address
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    text = page.inner_text("main")
    assert f"The report was accepted. Payment {waiting.number} (${waiting.amount:,.2f}) is released." in text
    assert page.locator("[data-version-row]").count() == 2
    assert "Add the number of sessions held." in text
    look("report-accepted")
    waiting.refresh_from_db()
    assert waiting.status == Payment.Status.RELEASED and waiting.released_at is not None
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED

    # 3. The officer filters the portfolio on the fund and downloads every export.
    page.locator("header").get_by_role("link", name="Portfolio", exact=True).click()
    page.wait_for_url(re.compile(r"/reports/staff/portfolio/$"))
    look("portfolio")
    page.select_option("#id_fund", "CSF")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"/reports/staff/portfolio/\?.*fund=CSF"))
    look("portfolio-filtered")

    name, content = _download(page, "Awards (CSV)")
    assert name.startswith("portfolio-awards-") and name.endswith(".csv")
    awards = _csv(content)
    assert awards[0][:2] == ["Reference", "Organization"]
    assert [row[0] for row in awards[1:]] == [award.reference]  # the ILIF award is filtered out
    assert other_award.reference not in content.decode("utf-8-sig")
    name, content = _download(page, "Payments (CSV)")
    payments = _csv(content)
    assert payments[0][:3] == ["Award", "Payment", "Kind"]
    assert {row[0] for row in payments[1:]} == {award.reference}
    assert any(row[1] == str(waiting.number) and row[6] == "Released" for row in payments[1:])
    name, content = _download(page, "Indicators by region (CSV)")
    indicators = _csv(content)
    assert indicators[0][0] == "Indicator" and indicators[0][-1] == "Total"
    assert len(indicators) == 1 + award.application.call.fund.indicators.count() + 1

    name, content = _download(page, "Awards, payments and indicators (XLSX)")
    assert name.endswith(".xlsx") and content.startswith(b"PK")
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == ["Awards", "Payments", "Indicators"]
    assert [row[0] for row in workbook["Awards"].iter_rows(min_row=2, values_only=True)] == [award.reference]
    for link, language in (("Portfolio report (PDF, English)", "en"), ("Portfolio report (PDF, French)", "fr")):
        name, content = _download(page, link)
        assert name.startswith(f"portfolio-{language}-") and name.endswith(".pdf")
        assert content.startswith(b"%PDF")

    # 4. The organization's owner downloads everything the portal holds about it.
    sign_in(page, base, member)
    page.goto(f"{base}/organizations/{organization.pk}/")
    page.get_by_role("link", name="Download all of your organization's data").click()
    page.wait_for_url(re.compile(rf"/reports/organizations/{organization.pk}/archive/$"))
    look("organization-archive")
    name, content = _download(page, "Download everything (ZIP)")
    assert name.endswith(".zip") and content.startswith(b"PK")
    archive = zipfile.ZipFile(io.BytesIO(content))
    manifest = json.loads(archive.read("manifest.json"))
    assert "progress_reports.json" in {entry["path"] for entry in manifest["files"]}
    reports = json.loads(archive.read("progress_reports.json"))
    assert [r["status"] for r in reports] == ["accepted"]
    dumped = archive.read("progress_reports.json").decode()
    assert "14 sessions held" in dumped and "Add the number of sessions held." in dumped

    # 5. No WCAG 2.0 A or AA violation on any page visited.
    assert violations == [], "\n".join(map(str, violations))
