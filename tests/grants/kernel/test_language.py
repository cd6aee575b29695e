"""The page's language and bilingual fields read in it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from grants.kernel.language import bilingual, bilingual_value, is_french, page_language

CALL = SimpleNamespace(title_en="Community Supports Call", title_fr="Appel de soutien communautaire")
UNTRANSLATED = SimpleNamespace(title_en="Spring intake", title_fr="")


@pytest.mark.parametrize(("language", "french"), [("fr", True), ("fr-ca", True), ("en", False), ("en-ca", False)])
def test_is_french_follows_the_active_language(language, french):
    with translation.override(language):
        assert is_french() is french
        assert page_language() == ("fr" if french else "en")


def test_without_an_active_language_the_page_is_english():
    with translation.override(None):
        assert not is_french()


def test_bilingual_reads_the_field_of_the_page_language():
    with translation.override("fr"):
        assert bilingual(CALL, "title") == "Appel de soutien communautaire"
    with translation.override("en"):
        assert bilingual(CALL, "title") == "Community Supports Call"


def test_bilingual_falls_back_to_english_when_there_is_no_french():
    with translation.override("fr"):
        assert bilingual(UNTRANSLATED, "title") == "Spring intake"


def test_bilingual_value_reads_a_mapping_the_same_way():
    label = {"label_en": "Budget", "label_fr": "Budget prévisionnel"}
    with translation.override("fr"):
        assert bilingual_value(label, "label") == "Budget prévisionnel"
        assert bilingual_value({"label_en": "Budget"}, "label") == "Budget"
        assert bilingual_value({}, "label") == ""
    with translation.override("en"):
        assert bilingual_value(label, "label") == "Budget"
