"""The portfolio exports' rows: awards, payments and indicators, each kind as a CSV or all three as one XLSX
workbook. The views write them with the kernel's one spreadsheet writer (grants.kernel.exports: formula-like
text neutralized, Decimal amounts as money); the PDF portfolio report is pdf.py.

Indicator counts leave the office, so they are always small-count suppressed (reporting/suppression.py).
Rows are produced lazily (queryset.iterator) so a large portfolio streams as CSV.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from grants.awards.models import Award, Payment
from grants.kernel.timeutils import fiscal_year_label, local
from reporting import selectors
from reporting.suppression import suppress

KINDS = ("awards", "payments", "indicators")


def _choice_labels(model, field: str) -> dict:
    """A field's choices, translated once per export: get_FOO_display() translates every choice again on
    each row, which was most of an export's time."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def award_rows(*, filters, labels) -> Iterator[list]:
    yield [
        _("Reference"),
        _("Organization"),
        _("Fund"),
        _("Region"),
        _("Status"),
        _("Risk level"),
        _("Start"),
        _("End"),
        _("Committed"),
        _("Paid"),
        _("Remaining"),
    ]
    statuses, risks = _choice_labels(Award, "status"), _choice_labels(Award, "risk_level")
    regions = labels["regions"]
    for award in selectors.awards_for_export(filters=filters).iterator(chunk_size=500):
        yield [
            award.reference or "",
            award.organization,
            award.fund,
            regions[award.region],
            statuses.get(award.status, award.status),
            risks.get(award.risk_level, award.risk_level),
            award.start_date,
            award.end_date,
            award.committed,
            award.paid,
            award.committed - award.paid,
        ]


def payment_rows(*, filters) -> Iterator[list]:
    yield [
        _("Award"),
        _("Payment"),
        _("Kind"),
        _("Fiscal year"),
        _("Due"),
        _("Amount"),
        _("Status"),
        _("Released at"),
    ]
    kinds, statuses = _choice_labels(Payment, "kind"), _choice_labels(Payment, "status")
    for payment in selectors.payments_for_export(filters=filters).iterator(chunk_size=500):
        yield [
            payment.reference or "",
            payment.number,
            kinds.get(payment.kind, payment.kind),
            fiscal_year_label(payment.fiscal_year),
            payment.due_date,
            payment.amount,
            statuses.get(payment.status, payment.status),
            local(payment.released_at).strftime("%Y-%m-%d %H:%M") if payment.released_at else "",
        ]


def indicator_rows(*, filters, labels) -> Iterator[list]:
    """Indicator by region, small counts suppressed: "<5" for 1 to 4, "x" where hidden to protect them."""
    indicators, regions, table = selectors.outcomes_by_region(filters=filters, labels=labels)
    yield [_("Indicator"), *regions, _("Total")]
    if not indicators:
        return
    shown = suppress(table)
    for name, cells, total in zip(indicators, shown.cells, shown.row_totals, strict=True):
        yield [name, *cells, total]
    yield [_("Total"), *shown.column_totals, shown.total]


def rows_of(kind: str, *, filters, labels) -> Iterator[list]:
    if kind == "awards":
        return award_rows(filters=filters, labels=labels)
    if kind == "payments":
        return payment_rows(filters=filters)
    return indicator_rows(filters=filters, labels=labels)


def workbook_sheets(*, filters, labels) -> list[tuple[str, Iterator[list]]]:
    """The XLSX workbook's sheets, one per kind: (title, rows)."""
    titles = {"awards": _("Awards"), "payments": _("Payments"), "indicators": _("Indicators")}
    return [(titles[kind], rows_of(kind, filters=filters, labels=labels)) for kind in KINDS]
