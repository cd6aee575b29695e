"""The public directory and open-data page, anonymous, in English and French, and an Indigenous organization's
owner reading what would be published and consenting, in a real browser with axe-core's WCAG 2.0 A and AA
checks on every page; the directory's filters work by keyboard.

Screenshots go to $PUBLISHING_SHOTS (e.g. /tmp/shots) when it is set."""

from __future__ import annotations

import os
import re

import pytest

from grants.organizations.models import Membership
from tests.browser_fixtures import sign_in
from tests.factories import MembershipFactory, OrganizationFactory
from tests.grants.publishing.conftest import confidential_organization, indigenous_organization, signed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("PUBLISHING_SHOTS")


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_directory_open_data_and_consent(live_server, new_page, axe, program_officer):
    base = live_server.url
    signed(OrganizationFactory(legal_name="Youth Outreach", public_description_en="Drop-in for youth.",
                               public_description_fr="Halte-accueil pour les jeunes.",
                               public_phone="416-555-0101"), officer=program_officer,
           populations=("children-youth",))
    signed(confidential_organization(public_description_en="Emergency shelter."), officer=program_officer,
           regions=("east",))
    nation = indigenous_organization(public_description_en="Healing lodge.", public_label="first_nations_led")
    owner = MembershipFactory(organization=nation, role=Membership.Role.OWNER).user
    signed(nation, officer=program_officer, fund="ILIF", regions=("north-west",))
    violations = []

    page = new_page()
    page.goto(f"{base}/services/")
    assert page.get_by_role("heading", name="Need help now?").is_visible()
    assert page.locator("[data-service-row]").count() == 2
    violations += axe(page)
    shot(page, "directory-en")
    # By keyboard: choose the population, then press the button.
    page.get_by_label("People served").focus()
    page.keyboard.press("End")
    page.get_by_label("People served").select_option("children-youth")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"population=children-youth"))
    assert page.locator("[data-service-row]").count() == 1
    assert "Youth Outreach" in page.locator("[data-service-row]").inner_text()

    page.goto(f"{base}/open-data/")
    violations += axe(page)
    shot(page, "open-data-en")

    french = new_page(locale="fr-CA")
    french.goto(f"{base}/services/")
    assert french.get_by_role("heading", name="Besoin d'aide maintenant\u00a0?").is_visible()
    assert "Halte-accueil pour les jeunes." in french.content()
    violations += axe(french)
    shot(french, "directory-fr")

    owner_page = new_page()
    sign_in(owner_page, base, owner, "correct-horse-battery")
    owner_page.goto(f"{base}/organizations/{nation.pk}/publication/")
    assert owner_page.locator('[data-publication-status="withheld"]').is_visible()
    violations += axe(owner_page)
    shot(owner_page, "organization-publication-before")
    with owner_page.expect_navigation():
        owner_page.get_by_role("button", name="We consent to publishing what is shown below").click()
    assert owner_page.locator('[data-publication-status="published"]').is_visible()
    violations += axe(owner_page)
    owner_page.get_by_role("link", name="Change what the public sees").click()
    owner_page.wait_for_url(re.compile(r"/publication/edit/"))
    violations += axe(owner_page)
    shot(owner_page, "publication-settings")

    page.goto(f"{base}/services/")
    assert page.locator("[data-service-row]").count() == 3
    assert "First Nations-led" in page.content()

    assert violations == []
