"""The French catalogs as a whole (the portal's and allauth's overrides, as compiled): one word for e-mail and for
organization, and a non-breaking space before : ; ? ! in every translation. The English overrides of allauth
are in sentence case."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

CATALOGS = [Path(path) / "fr" / "LC_MESSAGES" / "django.mo" for path in settings.LOCALE_PATHS]
# Placeholders, markup and addresses keep their own punctuation.
PROTECTED = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]*>|https?://\S+|mailto:\S+|tel:\S+")


def translations(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return {
        (key if isinstance(key, str) else key[0]): value for key, value in catalog.items() if key and value
    }


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-4])
def test_french_uses_courriel_organisme_and_non_breaking_spaces(path):
    problems = []
    for text in translations(path).values():
        plain = PROTECTED.sub("X", text)
        if re.search(r"\be-?mails?\b", plain, re.I):
            problems.append(("e-mail", text))
        if re.search(r"\borganisations?\b", plain, re.I):
            problems.append(("organisation", text))
        if re.search(r"(?<![\u00a0\d])[;?!]|(?<![\u00a0\d]):", plain):
            problems.append(("typography", text))
    assert problems == []


def test_allauths_english_is_in_sentence_case():
    english = translations(Path(settings.LOCALE_PATHS[1]) / "en" / "LC_MESSAGES" / "django.mo")
    assert english["Sign In"] == "Sign in" and english["Remember Me"] == "Remember me"
    assert english["Email"] == "E-mail"
    title_case = [text for text in english.values() if re.fullmatch(r"(?:[A-Z][a-z]+ ){1,4}[A-Z][a-z]+", text)]
    assert title_case == []
