"""allauth's pages in the portal's words (locale_overrides/, scripts/allauth_wording.py): sentence case and
"e-mail" in English, "courriel" and French typography in French; the sign-up form's language follows the page;
an account's saved language applies from the moment it signs in."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.grants.helpers import page_text

pytestmark = pytest.mark.django_db


def test_the_english_sign_in_page_is_in_sentence_case_with_a_working_link(client):
    response = client.get(reverse("account_login"))
    text, content = page_text(response), response.content.decode()

    assert "Sign in" in text and "Remember me" in text and "E-mail" in text
    assert "Sign In" not in text and "Remember Me" not in text and "Email" not in text
    # allauth's "Forgot your password?" is a link, not its markup shown as text.
    assert f'<a href="{reverse("account_reset_password")}">Forgot your password?</a>' in content
    assert "&lt;a href" not in content


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_french_account_pages_say_courriel_with_french_typography(client, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    content = client.get(reverse(name)).content.decode()
    main = re.search(r"<main\b.*?</main>", content, flags=re.S).group(0)
    # page_text() would turn the non-breaking spaces into spaces: the text as it is.
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))

    assert "courriel" in text.lower()
    assert "e-mail" not in text.lower() and "email" not in text.lower()
    assert re.findall(r".{0,20}(?<![\u00a0\d])[:;?!]", text) == [], "a non-breaking space before : ; ? !"


def test_the_sign_up_form_offers_the_language_of_the_page(client):
    english = client.get(reverse("account_signup")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = client.get(reverse("account_signup")).content.decode()

    assert 'value="en" id="id_language_0" checked' in english
    assert 'value="fr" id="id_language_1" checked' in french
    assert 'value="en" id="id_language_0" checked' not in french


def test_signing_in_applies_the_saved_language_over_the_browsers(client):
    UserFactory(email="camille@example.org", language="fr")

    response = client.post(
        reverse("account_login"),
        {"login": "camille@example.org", "password": "correct-horse-battery"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    home = client.get(reverse("grants:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert home.content.decode().count('lang="fr"') >= 1


def test_an_english_speaker_signs_in_to_english_pages_from_a_french_browser(client):
    UserFactory(email="casey@example.org", language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.post(
        reverse("account_login"), {"login": "casey@example.org", "password": "correct-horse-battery"}
    )

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get(reverse("grants:dashboard")).content.decode()
