"""The homes by role in a real browser, with axe-core's WCAG 2.0 A and AA checks on every page they open: a program
officer signs in to their work queues (the menu on one line at 1280 px in English and in French), follows a
queue, searches by keyboard and opens an organization's file; an applicant signs in to an offered award and
reaches it; a reviewer signs in to their reviews. Cards keep their padding; the organization switcher is a styled
control.

Screenshots of the pages go to $WORKSPACE_SHOTS (e.g. /tmp/shots) when it is set."""

from __future__ import annotations

import os
import re

import pytest

from grants.organizations.models import Membership
from tests.browser_fixtures import sign_in as browser_sign_in
from tests.factories import CallFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.grants.awards.award_factories import approved_quickly, award_for, close_call
from tests.grants.workspace.conftest import waiting_work
from tests.scoring.factories import SubmittedApplicationFactory, assign, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct-horse-battery"
SHOTS = os.environ.get("WORKSPACE_SHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def menu_lines(page) -> int:
    """How many lines the main menu's items take."""
    return page.evaluate(
        "() => new Set([...document.querySelectorAll('.ontario-header__nav li')].map(li => li.offsetTop)).size"
    )


def test_a_program_officer_works_from_the_home(live_server, new_page, axe):
    officer = UserFactory(roles=["program_officer"], first_name="Owen", last_name="Officer")
    work = waiting_work(officer=officer)
    base, violations = live_server.url, []
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})

    browser_sign_in(page, base, officer, PASSWORD)
    assert page.url == f"{base}/dashboard/"
    assert page.get_by_role("heading", level=1).inner_text() == "What needs doing"
    assert menu_lines(page) == 1
    violations += axe(page)
    shot(page, "staff-home")

    page.locator("[data-queue=approved_without_award] a").click()
    page.wait_for_url(re.compile(r"/staff/applications/\?queue=approved_without_award$"))
    violations += axe(page)
    page.get_by_role("link", name=re.compile(rf"^Create the award\W+{work.approved.reference}$")).click()
    page.wait_for_url(re.compile(rf"/staff/applications/{work.approved.pk}/award/$"))

    # Search by keyboard from the header: Tab to the field, type, Enter.
    page.goto(f"{base}/dashboard/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "header-search":
            break
    page.keyboard.type(work.to_screen.organization.legal_name)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/staff/search/\?q="))
    assert work.to_screen.reference in page.inner_text("main")
    violations += axe(page)
    shot(page, "staff-search")

    page.get_by_role("link", name=work.to_screen.organization.legal_name).first.click()
    page.wait_for_url(re.compile(rf"/staff/organizations/{work.to_screen.organization_id}/$"))
    violations += axe(page)
    page.goto(f"{base}/staff/organizations/")
    violations += axe(page)
    shot(page, "staff-directory")

    page.goto(f"{base}/dashboard/")
    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ce qui est à faire"
    assert menu_lines(page) == 1
    violations += axe(page)
    shot(page, "staff-home-fr")

    assert violations == []


def test_an_applicant_lands_on_the_offered_award_and_reaches_it(live_server, new_page, axe, program_officer):
    member = MembershipFactory(user=UserFactory(first_name="Alex", last_name="Martin"))
    second = OrganizationFactory(legal_name="Second Street Services")
    MembershipFactory(organization=second, user=member.user, role=Membership.Role.EDITOR)
    application = approved_quickly(call=close_call(CallFactory()), organization=member.organization)[0]
    award = award_for(application, officer=program_officer)
    base, violations = live_server.url, []
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})

    browser_sign_in(page, base, member.user, PASSWORD)
    assert "is offered award" in page.inner_text("[data-attention=agreement]")
    assert menu_lines(page) == 1
    switcher = page.locator("#switch-organization").bounding_box()
    assert switcher["height"] >= 32 and switcher["width"] >= 160  # a control one can read and hit
    violations += axe(page)
    shot(page, "applicant-home")

    page.locator("header").get_by_role("link", name="Awards", exact=True).click()
    page.wait_for_url(re.compile(r"/awards/$"))
    violations += axe(page)
    page.get_by_role("link", name="Accept version 1 of the agreement").click()
    page.wait_for_url(re.compile(rf"/awards/{award.pk}/accept/$"))

    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Progress reports", exact=True).click()
    violations += axe(page)
    page.goto(f"{base}/applications/{application.pk}/")
    violations += axe(page)

    assert violations == []


@pytest.mark.parametrize("path", ["/", "/calls/"])
def test_cards_keep_their_padding_at_the_bottom(live_server, new_page, path):
    CallFactory(title_en="First Call")
    CallFactory(title_en="Second Call")
    page = new_page()

    page.goto(f"{live_server.url}{path}")

    paddings = page.evaluate(
        "() => [...document.querySelectorAll('.card-list > li')].map(li => getComputedStyle(li).paddingBottom)"
    )
    assert len(paddings) >= 2
    assert set(paddings) == {"16px"}


def test_a_reviewer_lands_on_their_assignments(live_server, new_page, axe):
    person = reviewer()
    assign(SubmittedApplicationFactory(title="Assigned project"), person)
    page = new_page()

    browser_sign_in(page, live_server.url, person, PASSWORD)

    assert page.url.endswith("/review/")
    assert "Assigned project" in page.inner_text("main")
    assert axe(page) == []
