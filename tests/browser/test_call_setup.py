"""A program officer sets up and publishes a call without the back office, in a real browser, with axe-core's WCAG
2.0 A and AA checks on every page of the set-up: reached from the menu, created as a draft, refused while it lacks
something (the page says what), completed (rubric, fiscal-year envelope, French text) and published."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from grants.applications.models import Call
from grants.documents.models import DocumentType
from tests.browser_fixtures import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct-horse-battery"


def save(page) -> None:
    """Submit and wait for the answer: the page that follows may have the same address (errors on the form)."""
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()


def follow(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name).click()


def menu_lines(page) -> int:
    return page.evaluate(
        "() => new Set([...document.querySelectorAll('.ontario-header__nav li')].map(li => li.offsetTop)).size"
    )


def test_a_program_officer_sets_up_and_publishes_a_call(live_server, new_page, axe):
    officer = UserFactory(roles=["program_officer"])
    base, violations = live_server.url, []
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, officer, PASSWORD)
    assert menu_lines(page) == 1  # with "Calls" added, still one line at 1280 px, in English and in French
    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.locator(".ontario-header__nav").get_by_role("link", name="Appels", exact=True).is_visible()
    assert menu_lines(page) == 1
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()

    page.locator(".ontario-header__nav").get_by_role("link", name="Calls", exact=True).click()
    page.wait_for_url(re.compile(r"/staff/calls/$"))
    violations += axe(page)
    follow(page, "Create a call")
    violations += axe(page)

    save(page)  # nothing typed: the errors, on the same page
    assert page.locator("#error-summary").is_visible()
    violations += axe(page)

    opens = timezone.localtime() + dt.timedelta(days=2)
    page.select_option("#id_fund", label="CSF – Community Supports Fund")
    page.fill("#id_slug", "csf-autumn")
    page.fill("#id_title_en", "Autumn intake")
    page.fill("#id_guidelines_en", "Fund survivor supports.")
    page.fill("#id_opens_at", opens.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_closes_at", (opens + dt.timedelta(days=30)).strftime("%Y-%m-%dT17:00"))
    page.fill("#id_envelope", "400000")
    page.fill("#id_min_request", "5000")
    page.fill("#id_max_request", "80000")
    page.fill("#id_max_term_years", "2")
    page.check(f"input[name=required_document_types][value='{DocumentType.objects.get(code='budget-workbook').pk}']")
    save(page)
    page.wait_for_url(re.compile(r"/staff/calls/\d+/$"))
    missing = page.locator("[data-problems]").inner_text()
    assert "Write the title in French." in missing and "Add at least one criterion to the rubric." in missing
    violations += axe(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Publish the call").click()
    page.wait_for_url(re.compile(r"/staff/calls/\d+/$"))
    assert "cannot be published yet" in page.inner_text("main")
    assert Call.objects.get(slug="csf-autumn").status == Call.Status.DRAFT

    follow(page, "Add a criterion")
    violations += axe(page)
    page.fill("#id_name_en", "Need in the community")
    page.fill("#id_name_fr", "Besoin dans la communauté")
    page.fill("#id_weight", "2")
    page.fill("#id_guidance_en", "\n".join(f"Level {s}" for s in range(6)))
    page.fill("#id_guidance_fr", "\n".join(f"Niveau {s}" for s in range(6)))
    save(page)
    page.wait_for_url(re.compile(r"/staff/calls/\d+/$"))
    assert page.locator("[data-criterion-row]").count() == 1

    follow(page, "Set a fiscal year's limit")
    violations += axe(page)
    page.fill("#id_fiscal_year", str(opens.year))
    page.fill("#id_amount", "250000")
    save(page)
    page.wait_for_url(re.compile(r"/staff/calls/\d+/$"))
    assert page.locator("[data-envelope-row]").count() == 1

    follow(page, "Edit the call")
    violations += axe(page)
    page.fill("#id_title_fr", "Appel d'automne")
    page.fill("#id_guidelines_fr", "Financer le soutien aux personnes survivantes.")
    save(page)
    page.wait_for_url(re.compile(r"/staff/calls/\d+/$"))
    assert "Nothing is missing" in page.inner_text("main")

    with page.expect_navigation():
        page.get_by_role("button", name="Publish the call").click()
    page.wait_for_url(re.compile(r"/staff/calls/\d+/$"))
    assert "The call is published" in page.inner_text("main")
    assert Call.objects.get(slug="csf-autumn").status == Call.Status.PUBLISHED
    violations += axe(page)
    follow(page, "Edit the call")  # published: what applicants rely on is left out
    assert page.locator("#id_max_request").count() == 0
    violations += axe(page)

    assert violations == [], "\n".join(f"{v['page']} {v['id']} {v['targets']}" for v in violations)
