"""Dollar amounts as people read them in each language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from grants.kernel.money import format_money


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [
        (Decimal("25000"), "$25,000.00", "25\u00a0000,00\u00a0$"),
        (Decimal("1234567.891"), "$1,234,567.89", "1\u00a0234\u00a0567,89\u00a0$"),
        ("0.5", "$0.50", "0,50\u00a0$"),
        (0, "$0.00", "0,00\u00a0$"),
    ],
)
def test_amounts_in_english_and_in_french(value, english, french):
    with translation.override("en"):
        assert format_money(value) == english
    with translation.override("fr"):
        assert format_money(value) == french


@pytest.mark.parametrize("value", [None, ""])
def test_no_amount_is_shown_as_nothing(value):
    assert format_money(value) == ""
