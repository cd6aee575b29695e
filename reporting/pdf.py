"""The portfolio report as a PDF (reportlab), in the language active when it is drawn: money by fund,
fiscal year, region and pillar as bar charts with their tables, and outcome totals with small counts
suppressed, since the report leaves the office."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from grants.kernel.money import format_money
from grants.kernel.pdftext import paragraph_text
from reporting.suppression import suppress

STYLES = getSampleStyleSheet()
COMMITTED, PAID = colors.HexColor("#4d4d4d"), colors.HexColor("#0066cc")
TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ]
)


def _para(text, style) -> Paragraph:
    """A paragraph of plain text: fund, region and indicator names are typed by staff, and the translations hold
    "<5"; none of it is reportlab markup."""
    return Paragraph(paragraph_text(text), style)


# Chart text at sizes one can read on paper; the legend sits above the bars, the amounts' axis below them.
LABEL_SIZE, LEGEND_SIZE, BAR_BAND = 10, 10, 30
AXIS_ROOM, LEGEND_ROOM = 24, 24


def _chart(rows) -> Drawing:
    width = 6.5 * inch
    bars_height = BAR_BAND * max(len(rows), 1)
    drawing = Drawing(width, AXIS_ROOM + bars_height + LEGEND_ROOM)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 170, AXIS_ROOM, width - 185, bars_height
    chart.data = [[float(r.committed) for r in rows] or [0], [float(r.paid) for r in rows] or [0]]
    chart.categoryAxis.categoryNames = [r.label[:26] for r in rows] or [""]
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labelTextFormat = lambda v: f"{v / 1000:,.0f}k"
    chart.bars[0].fillColor, chart.bars[1].fillColor = COMMITTED, PAID
    drawing.add(chart)
    # The legend: a swatch and its word for each bar, in a row of its own above the chart.
    top = AXIS_ROOM + bars_height + 8
    x = chart.x
    for color, label in ((COMMITTED, _("Committed")), (PAID, _("Paid"))):
        drawing.add(Rect(x, top, 10, 10, fillColor=color, strokeColor=color))
        drawing.add(String(x + 14, top + 1, label, fontName="Helvetica", fontSize=LEGEND_SIZE))
        x += 14 + stringWidth(label, "Helvetica", LEGEND_SIZE) + 20
    return drawing


def _money_table(dimension: str, rows, total=None) -> Table:
    data = [[dimension, _("Committed"), _("Paid"), _("Remaining")]]
    data += [
        [r.label, format_money(r.committed), format_money(r.paid), format_money(r.remaining)] for r in rows
    ]
    if total is not None:
        data.append(
            [
                _("Total"),
                format_money(total.committed),
                format_money(total.paid),
                format_money(total.remaining),
            ]
        )
    table = Table(data, colWidths=[2.6 * inch, 1.3 * inch, 1.3 * inch, 1.3 * inch], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def portfolio_pdf(*, data: dict, overdue: int, filters_text: str, today: dt.date) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=_("Anti-human trafficking grants: portfolio report"),
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
    )
    story = [
        _para(_("Anti-human trafficking grants: portfolio report"), STYLES["Title"]),
        _para(
            _("As of %(day)s. %(filters)s") % {"day": today.isoformat(), "filters": filters_text},
            STYLES["BodyText"],
        ),
        Spacer(1, 8),
        _money_table(_("Portfolio"), [], data["total"]),
        _para(_("Reports overdue: %(n)s") % {"n": overdue}, STYLES["BodyText"]),
    ]
    sections = [
        ("fund", _("Fund"), _("Committed and paid by fund")),
        ("fiscal_year", _("Fiscal year"), _("Committed and paid by fiscal year")),
        ("region", _("Region"), _("Committed and paid by region")),
        (
            "pillar",
            _("Pillar"),
            _("Committed and paid by pillar (an award working on several counts in each)"),
        ),
    ]
    for key, dimension, title in sections:
        rows = data["money"][key]
        story.append(
            KeepTogether(
                [
                    _para(title, STYLES["Heading2"]),
                    _chart(rows),
                    Spacer(1, 4),
                    _money_table(dimension, rows),
                ]
            )
        )
    story.append(_para(_("Outcomes to date"), STYLES["Heading2"]))
    story.append(
        _para(
            _(
                "Totals of the indicators in accepted reports. Counts from 1 to 4 are shown as "
                "“<5” and "
                "other cells marked “x” are hidden so that they cannot be worked out."
            ),
            STYLES["BodyText"],
        )
    )
    outcomes = data["outcomes"]
    if outcomes:
        shown = suppress([[row["total"]] for row in outcomes])
        table_rows = [[_("Indicator"), _("Pillar"), _("Total")]]
        table_rows += [
            [_para(row["name"], STYLES["BodyText"]), row["pillar"], cells[0]]
            for row, cells in zip(outcomes, shown.cells, strict=True)
        ]
        table = Table(table_rows, colWidths=[3.4 * inch, 2 * inch, 1.1 * inch], repeatRows=1)
        table.setStyle(TABLE_STYLE)
        story.append(table)
    else:
        story.append(_para(_("No accepted report yet."), STYLES["BodyText"]))
    document.build(story)
    return buffer.getvalue()
