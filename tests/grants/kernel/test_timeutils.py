"""Times as people in Ontario read them: the zone named in their language (EST/EDT, HNE/HAE)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from grants.kernel.timeutils import TORONTO, format_local


@pytest.mark.parametrize(
    ("moment", "english", "french"),
    [
        (dt.datetime(2030, 1, 15, 17, 0, tzinfo=TORONTO), "EST", "HNE"),
        (dt.datetime(2030, 7, 15, 23, 59, tzinfo=TORONTO), "EDT", "HAE"),
    ],
)
def test_the_zone_is_named_in_each_language(moment, english, french):
    with translation.override("en"):
        assert format_local(moment).endswith(f" {english}")
    with translation.override("fr"):
        shown = format_local(moment)
        assert shown.endswith(f" {french}")
        assert "EST" not in shown and "EDT" not in shown
