"""Geometry of the server-drawn SVG bar charts (templates/reporting/_bar_chart.html) and the PDF's charts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

LABEL_WIDTH = 190
BAR_AREA = 420
ROW_HEIGHT = 34


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    committed: Decimal
    paid: Decimal
    committed_width: int
    paid_width: int


def bar_chart(rows) -> dict:
    """Committed and paid bars for MoneyRow-like rows, scaled to the largest committed amount."""
    largest = max([max(r.committed, r.paid) for r in rows], default=Decimal(0)) or Decimal(1)
    bars = [
        Bar(
            label=row.label,
            y=i * ROW_HEIGHT,
            committed=row.committed,
            paid=row.paid,
            committed_width=int(BAR_AREA * row.committed / largest),
            paid_width=int(BAR_AREA * row.paid / largest),
        )
        for i, row in enumerate(rows)
    ]
    return {
        "bars": bars,
        "height": max(len(bars), 1) * ROW_HEIGHT + 24,
        "width": LABEL_WIDTH + BAR_AREA + 10,
        "label_width": LABEL_WIDTH,
    }
