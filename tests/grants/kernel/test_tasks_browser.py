"""The back office's list of background tasks in a real browser: an administrator finds the failed e-mail, reads
its error and re-runs it by keyboard; axe-core's WCAG 2.0 A and AA checks pass on the pages."""

import os
import re
from pathlib import Path

import pytest
from django.db import transaction

from grants.kernel.notifications import send
from tests.browser_fixtures import sign_in
from tests.tasks import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOTS")


def test_an_administrator_finds_a_failed_e_mail_and_re_runs_it(
    live_server, new_page, axe, administrator, settings, smtp
):
    settings.TASK_RETRY_DELAYS = []
    with transaction.atomic():
        send(template="application_withdrawn", to=[("member@example.org", "en")],
             context={"application": "CSF-2026-0007"})
    run_worker(expect_failures=True)

    page = new_page()
    sign_in(page, live_server.url, administrator, "correct-horse-battery")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Task results").click()
    page.get_by_role("link", name="Failed: waiting for a re-run").click()
    page.wait_for_url(re.compile(r"state=failed"))
    row = page.locator("#result_list tbody tr")
    assert row.count() == 1
    assert "member@example.org" in row.inner_text() and "ConnectionRefusedError" in row.inner_text()
    violations = axe(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/tasks-failed.png", full_page=True)

    smtp.start()
    row.locator("input[type=checkbox]").focus()
    page.keyboard.press("Space")
    page.select_option("select[name=action]", "rerun")
    page.locator("button[name=index]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "1 task is queued again." in page.locator(".messagelist").inner_text()
    violations += axe(page)

    run_worker()
    assert [m.rcpt_tos for m in smtp.messages] == [["member@example.org"]]
    assert violations == []
