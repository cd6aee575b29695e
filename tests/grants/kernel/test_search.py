"""Text search: what was typed becomes words no query syntax can break; every word must match, on SQLite as on
PostgreSQL; identifiers match as typed anywhere in them."""

from __future__ import annotations

import pytest

from grants.kernel.search import MAX_TERMS, search_words, text_search
from grants.organizations.models import Organization
from tests.factories import OrganizationFactory


def test_only_letters_and_digits_make_words():
    assert search_words("  Centre d'aide: 'x' & !y | z:* ") == ["centre", "d", "aide", "x", "y", "z"]
    assert search_words("Métis CSF-2026-0042") == ["métis", "csf", "2026", "0042"]
    assert search_words("") == search_words("&|!") == []
    assert len(search_words("a " * 50)) == MAX_TERMS


@pytest.fixture
def societies(db):
    return [
        OrganizationFactory(legal_name="Safe Harbour Youth Services", registration_number="1234567"),
        OrganizationFactory(legal_name="Harbour Lights", registration_number="123456789RR0001"),
        OrganizationFactory(legal_name="Youth Circle", registration_number="7654321"),
    ]


def found(text: str) -> list[str]:
    queryset = text_search(
        Organization.objects.order_by("legal_name"), text=text, fields=("legal_name",),
        identifiers=("registration_number",),
    )
    return [o.legal_name for o in queryset]


def test_every_word_must_match(societies):
    assert found("harbour") == ["Harbour Lights", "Safe Harbour Youth Services"]
    assert found("harbour youth") == ["Safe Harbour Youth Services"]
    assert found("harb") == ["Harbour Lights", "Safe Harbour Youth Services"]  # the start of a word


def test_an_identifier_matches_as_typed_anywhere_in_it(societies):
    assert found("RR0001") == ["Harbour Lights"]
    assert found("654") == ["Youth Circle"]


def test_nothing_searchable_leaves_the_queryset_as_it_was(societies):
    assert found("  ") == found("&&") == ["Harbour Lights", "Safe Harbour Youth Services", "Youth Circle"]
