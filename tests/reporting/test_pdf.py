"""The PDF portfolio report (reporting/pdf.py), in English and in French."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Rect, String

from reporting.pdf import _chart
from reporting.selectors.portfolio import MoneyRow


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["$200,000.00", "Survivors supported"]), ("fr", ["Personnes survivantes soutenues"])],
)
def test_pdf_report(login, portfolio, program_officer, lang, words):
    response = login(program_officer).get(
        reverse("reporting:portfolio_export", args=["portfolio", "pdf"]), {"lang": lang, "fund": "CSF"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for word in words:
        assert word in text
    assert "Outcomes to date" in text or lang == "fr"


def test_the_charts_legend_clears_the_axis_and_their_text_is_readable():
    """The legend once sat on the amounts' axis labels, in 7-point text: now it has its own row above the bars,
    the amounts have room below them, and every label is at least 10 points."""
    rows = [MoneyRow("csf", "Community Supports Fund", Decimal(290000), Decimal(55000)),
            MoneyRow("ilif", "Indigenous-led Initiatives Fund", Decimal(80000), Decimal(0))]

    drawing = _chart(rows)

    chart = next(item for item in drawing.contents if isinstance(item, HorizontalBarChart))
    legend = [item for item in drawing.contents if isinstance(item, String | Rect)]
    assert [item.text for item in legend if isinstance(item, String)] == ["Committed", "Paid"]
    assert all(item.y >= chart.y + chart.height for item in legend), "above the bars"
    assert max(item.y + 10 for item in legend) <= drawing.height
    assert chart.y >= chart.valueAxis.labels.fontSize + 10, "room for the amounts under the axis"
    sizes = [chart.categoryAxis.labels.fontSize, chart.valueAxis.labels.fontSize]
    assert min(sizes + [item.fontSize for item in legend if isinstance(item, String)]) >= 10
