"""Playwright driving Debian's chromium against the live test server: one browser per test process,
shared by every browser test (Playwright's sync API cannot be started twice in one thread)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator

from tests.factories import totp_code

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def enter_totp_code(page, user) -> None:
    """After the password, allauth asks anyone with an authenticator app (staff and reviewers always) for
    its code: type the one the app shows now."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.fill("#id_code", totp_code(user))
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_in(page, base: str, user, password: str) -> None:
    """Sign in through the pages as a person does (password, then the app's code if the account has one)."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    enter_totp_code(page, user)
    page.wait_for_url(re.compile(r"/(dashboard|review)/$"))  # their home: a reviewer's is their reviews


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install -y chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def new_page(browser):
    contexts = []

    def _new_page(locale: str = "en-CA", *, bypass_csp: bool = True):
        # axe goes into the page as a script tag, which the portal's Content-Security-Policy refuses, as it should;
        # tests/hostile/test_headers_and_sessions.py opens pages under the policy.
        context = browser.new_context(
            locale=locale, viewport={"width": 1200, "height": 900}, bypass_csp=bypass_csp
        )
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe():
    """Run axe-core's WCAG 2.0 A and AA rules on a page; returns the violations (id, impact, targets)."""

    def _axe(page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
        )
        return [
            {"page": page.url, "id": v["id"], "impact": v["impact"],
             "targets": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    return _axe
