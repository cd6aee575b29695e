"""The pages issue 17 changed, in a browser: the decisions page asks for an override where screening or reviews are
missing, and the award page offers an early release only with a reason; both pass axe-core (WCAG 2.0 A and AA) and
work by keyboard."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from grants.awards import services
from grants.awards.models import Decision, Payment
from tests.browser_fixtures import sign_in
from tests.factories import CallFactory, submitted_application
from tests.grants.awards.award_factories import award_for, close_call, decided

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct-horse-battery"
SHOTS = os.environ.get("AWARDS_SHOTS")


def look(page, axe, name: str) -> list[dict]:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/awards-{name}.png", full_page=True)
    return axe(page)


def test_decisions_need_an_override_and_an_early_payment_a_reason_by_keyboard(
    live_server, new_page, axe, organization, applicant, program_officer
):
    call = CallFactory()
    first = submitted_application(organization=organization, call=call)
    second = submitted_application(call=call)
    close_call(call)
    page = new_page()
    sign_in(page, live_server.url, program_officer, PASSWORD)

    page.goto(live_server.url + reverse("grants:call_decisions", args=[call.slug]))
    violations = look(page, axe, "decisions")
    assert "Not screened eligible: deciding needs an override" in page.inner_text("main")
    page.get_by_label(f"Select {second.reference}").check()
    page.get_by_label("Decline").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Stage this decision for the ticked applications").click()
    assert "To decide anyway, record an override with its reason." in page.inner_text("main")
    page.get_by_label(f"Select {second.reference}").check()
    page.get_by_label("Decline").check()
    page.get_by_label("Override: why decide now").fill("Withdrawn by phone; the letter is on file.")
    page.get_by_label("Override: why decide now").press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the stage button comes next in the tab order
    assert "Override: Withdrawn by phone; the letter is on file." in page.inner_text("main")
    assert Decision.objects.get(application=second).override_reason
    violations += look(page, axe, "decisions-staged")

    [approved] = decided([first], officer=program_officer)
    award = award_for(approved, officer=program_officer)
    services.agreement_accept(agreement=award.agreements.get(), by=applicant, signer_name="A", signer_title="B")
    page.goto(live_server.url + reverse("grants:award_detail", args=[award.pk]))
    violations += look(page, axe, "award-early-release")
    reason = page.get_by_label("Reason to release it before its due date")
    reason.focus()
    page.keyboard.type("Staff are hired in March.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#payments$"))
    assert "Payment 1 released. The organization was told." in page.inner_text("main")
    assert Payment.objects.get(award=award, number=1).status == Payment.Status.RELEASED
    violations += look(page, axe, "award-released")
    assert violations == []

