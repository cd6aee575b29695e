"""allauth's sign-in page in a real browser, in both languages: sentence case, the portal's word for e-mail,
"Forgot your password?" as a link one can follow, and no axe violation (WCAG 2.0 A and AA)."""

from __future__ import annotations

import re

import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_sign_in_page_in_english_then_french_then_the_accounts_language(live_server, new_page, axe):
    UserFactory(email="camille@example.org", language="fr")
    page = new_page("en-CA")
    page.goto(f"{live_server.url}/accounts/login/")

    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert page.get_by_label("Remember me").count() == 1 and page.get_by_label("E-mail").count() == 1
    violations = axe(page)
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url(re.compile(r"/accounts/password/reset/$"))

    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Connexion"
    assert page.get_by_label("Courriel").count() == 1
    assert "e-mail" not in page.inner_text("main").lower()
    violations += axe(page)

    # Back to English, then the French speaker signs in: the pages follow her saved language.
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.fill("#id_login", "camille@example.org")
    page.fill("#id_password", "correct-horse-battery")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    assert violations == []
