"""The documents step in Debian's chromium: with a bucket, files go straight from the page to S3 (moto's
server) with a progress bar, the portal verifies them, and refused files say why beside their slot; the
pages pass axe-core's WCAG 2.0 A and AA rules."""

import re
from pathlib import Path

import pytest

from grants.applications import services
from tests.factories import CallFactory, MembershipFactory, UserFactory
from tests.grants import document_files as files

pytestmark = [
    pytest.mark.browser,  # skipped where Debian's chromium is not installed (tests/browser_fixtures.py)
    # The live server reads committed rows; serialized rollback restores the reference data afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_uploading_straight_to_the_bucket_with_a_progress_bar(live_server, new_page, axe, s3_documents, tmp_path):
    page = new_page()
    user = UserFactory(email="director@example.org", first_name="Dana", last_name="Lee")
    membership = MembershipFactory(user=user)
    call = CallFactory(documents=["budget-workbook", "financial-statements"])
    application = services.application_start(organization=membership.organization, call=call, by=user)
    budget, program = tmp_path / "Budget 2026.xlsx", tmp_path / "statements.pdf"
    budget.write_bytes(files.xlsx())
    program.write_bytes(files.windows_program())

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r"/dashboard/"))
    page.goto(f"{live_server.url}/applications/{application.pk}/edit/documents/")
    violations = axe(page)

    page.set_input_files("#id_documents-doc_budget_workbook", str(budget))
    page.click("#slot-budget-workbook button[type=submit]")
    page.locator("#slot-budget-workbook [data-upload-progress]").wait_for(state="visible")
    page.locator("#slot-budget-workbook tr[data-document]").wait_for()

    slot = page.locator("#slot-budget-workbook").inner_text()
    assert "Budget 2026.xlsx" in slot and "Verified" in slot
    assert "“Budget 2026.xlsx” is uploaded and verified." in page.locator("main").inner_text()
    violations += axe(page)

    page.set_input_files("#id_documents-doc_financial_statements", str(program))
    page.click("#slot-financial-statements button[type=submit]")
    error = page.locator("#id_documents-doc_financial_statements_error")
    error.wait_for(state="visible")

    assert "“statements.pdf” is a Windows program, not a document" in error.inner_text()
    assert page.evaluate("document.activeElement.id") == "id_documents-doc_financial_statements"
    assert "Budget 2026.xlsx" in page.locator("#slot-budget-workbook").inner_text()  # nothing else lost
    violations += axe(page)
    assert violations == []

    with page.expect_download() as download:
        page.click("#slot-budget-workbook a:has-text('Budget 2026.xlsx')")
    assert download.value.suggested_filename == "Budget 2026.xlsx"
    assert Path(download.value.path()).read_bytes() == files.xlsx()
