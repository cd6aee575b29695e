"""Reads for the staff portfolio, its exports and its PDF report: money committed and paid by fund, fiscal year,
region and pillar, outcome totals, overdue reports, and the exports' rows, each in a fixed number of queries
whatever the number of awards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Sum, Value
from django.utils.translation import gettext as _

from grants.applications.models import Fund
from grants.awards.enums import AwardStatus
from grants.awards.models import Award, AwardYear, Payment, ReportingPeriod
from grants.awards.selectors import award_total
from grants.kernel.language import bilingual_value
from grants.kernel.timeutils import fiscal_year_label
from grants.organizations.models import Pillar, Region
from reporting.enums import ReportStatus
from reporting.models import IndicatorValue

AMOUNT = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=AMOUNT)


@dataclass(frozen=True)
class PortfolioFilters:
    """The portfolio's filters: codes, or a fiscal year's first calendar year; empty for all."""

    fund: str = ""
    fiscal_year: int | None = None
    region: str = ""
    pillar: str = ""


@dataclass
class MoneyRow:
    """Money committed and paid for one value of a dimension (a fund, a fiscal year, a region, a pillar)."""

    key: str
    label: str
    committed: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.paid


def scope(filters: PortfolioFilters, prefix: str = "") -> Q:
    """The filters as joins from a row reaching the award through `prefix` (e.g. "award__"): joins let
    the database aggregate in one pass where an IN (subquery) would not."""
    q = Q()
    if filters.fund:
        q &= Q(**{f"{prefix}application__call__fund__code": filters.fund})
    if filters.region:
        q &= Q(**{f"{prefix}application__organization__region__code": filters.region})
    if filters.pillar:
        q &= Q(**{f"{prefix}application__pillars__code": filters.pillar})
    return q


def portfolio_awards(*, filters: PortfolioFilters) -> QuerySet[Award]:
    return Award.objects.filter(scope(filters))


def _money_by(
    *, filters: PortfolioFilters, committed_key: str, paid_key: str, labels: dict
) -> list[MoneyRow]:
    """Committed (approved yearly amounts) and paid (released payments) grouped by one dimension: two
    queries whatever the number of awards."""
    years = AwardYear.objects.filter(scope(filters, "award__"))
    paid = Payment.objects.filter(scope(filters, "award__"), status=Payment.Status.RELEASED)
    if filters.fiscal_year is not None:
        years, paid = (
            years.filter(fiscal_year=filters.fiscal_year),
            paid.filter(fiscal_year=filters.fiscal_year),
        )
    rows: dict = {}
    for key, total in years.values_list(committed_key).annotate(total=Sum("amount")).order_by(committed_key):
        rows.setdefault(key, MoneyRow(str(key), labels.get(key, str(key)))).committed = total
    for key, total in paid.values_list(paid_key).annotate(total=Sum("amount")).order_by(paid_key):
        rows.setdefault(key, MoneyRow(str(key), labels.get(key, str(key)))).paid = total
    return [rows[key] for key in sorted(rows, key=lambda k: (k is None, labels.get(k, str(k))))]


def portfolio_labels() -> dict[str, dict]:
    """The names of funds, regions and pillars by code, and the fiscal years with money committed."""
    return {
        "funds": {f.code: f.name for f in Fund.objects.all()},
        "regions": {r.code: r.name for r in Region.objects.all()},
        "pillars": {p.code: p.name for p in Pillar.objects.all()},
        "years": sorted(set(AwardYear.objects.values_list("fiscal_year", flat=True))),
    }


def portfolio(*, filters: PortfolioFilters, labels: dict) -> dict:
    """Everything the portfolio page, its exports and the PDF report show, in a fixed number of queries."""
    funds, regions, pillars = labels["funds"], labels["regions"], labels["pillars"]
    by_year = _money_by(
        filters=filters, committed_key="fiscal_year", paid_key="fiscal_year", labels={}
    )
    for row in by_year:
        row.label = fiscal_year_label(int(row.key))
    fund_key = "award__application__call__fund__code"
    region_key = "award__application__organization__region__code"
    pillar_key = "award__application__pillars__code"
    money = {
        "fund": _money_by(
            filters=filters, committed_key=fund_key, paid_key=fund_key, labels=funds
        ),
        "fiscal_year": by_year,
        "region": _money_by(
            filters=filters, committed_key=region_key, paid_key=region_key, labels=regions
        ),
        # An award working on several pillars counts in each: these rows do not add up to the total.
        "pillar": [
            row
            for row in _money_by(
                filters=filters, committed_key=pillar_key, paid_key=pillar_key, labels=pillars
            )
            if row.key != "None"
        ],
    }
    total = MoneyRow("total", str(_("Total")))
    for row in money["fund"]:
        total.committed += row.committed
        total.paid += row.paid
    outcomes = list(
        IndicatorValue.objects.filter(
            scope(filters, "report__award__"), report__status=ReportStatus.ACCEPTED
        )
        .values("indicator__code", "indicator__name_en", "indicator__name_fr", "indicator__pillar__code")
        .annotate(total=Sum("value"))
        .order_by("indicator__pillar__code", "indicator__code")
    )
    outcome_rows = {}
    for row in outcomes:
        name = bilingual_value(row, "indicator__name")
        entry = outcome_rows.setdefault(
            row["indicator__code"],
            {
                "code": row["indicator__code"],
                "name": name,
                "pillar": pillars.get(row["indicator__pillar__code"], ""),
                "total": 0,
            },
        )
        entry["total"] += row["total"]
    return {"money": money, "total": total, "outcomes": list(outcome_rows.values())}


def overdue_periods(*, filters: PortfolioFilters, today: dt.date) -> QuerySet[ReportingPeriod]:
    """Scheduled reports past due that no one has submitted, oldest first."""
    return (
        ReportingPeriod.objects.filter(
            scope(filters, "award__"),
            award__status__in=AwardStatus.REPORTABLE,
            report_accepted_at__isnull=True,
            due_date__lt=today,
        )
        .filter(Q(progress_report__isnull=True) | Q(progress_report__status__in=ReportStatus.UNFILED))
        .select_related("award__application__organization")
        .order_by("due_date", "pk")
    )


def awards_for_export(*, filters: PortfolioFilters) -> QuerySet:
    """One named tuple of plain values per award, in one query: building three model instances a row cost
    more than the query itself. `region` is the region's code, `organization` the legal name its
    __str__ shows."""
    return (
        portfolio_awards(filters=filters)
        .annotate(
            reference=F("application__reference"),
            organization=F("application__organization__legal_name"),
            fund=F("application__call__fund__code"),
            region=F("application__organization__region__code"),
            committed=award_total(AwardYear.objects.filter(award=OuterRef("pk"))),
            paid=award_total(Payment.objects.filter(award=OuterRef("pk"), status=Payment.Status.RELEASED)),
        )
        .order_by("application__reference", "pk")
        .values_list(
            "reference",
            "organization",
            "fund",
            "region",
            "status",
            "risk_level",
            "start_date",
            "end_date",
            "committed",
            "paid",
            named=True,
        )
    )


def payments_for_export(*, filters: PortfolioFilters) -> QuerySet:
    """One named tuple of plain values per payment, in one query (see awards_for_export)."""
    payments = Payment.objects.filter(scope(filters, "award__"))
    if filters.fiscal_year is not None:
        payments = payments.filter(fiscal_year=filters.fiscal_year)
    return (
        payments.annotate(reference=F("award__application__reference"))
        .order_by("award__application__reference", "number")
        .values_list(
            "reference", "number", "kind", "fiscal_year", "due_date", "amount", "status", "released_at", named=True
        )
    )


def outcomes_by_region(
    *, filters: PortfolioFilters, labels: dict
) -> tuple[list[str], list[str], list[list[int]]]:
    """Indicator totals in accepted reports, one row per indicator, one column per region (one query)."""
    rows = (
        IndicatorValue.objects.filter(scope(filters, "report__award__"), report__status=ReportStatus.ACCEPTED)
        .values(
            "indicator__code",
            "indicator__name_en",
            "indicator__name_fr",
            "report__award__application__organization__region__code",
        )
        .annotate(total=Sum("value"))
        .order_by("indicator__code")
    )
    names: dict[str, str] = {}
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        names[row["indicator__code"]] = bilingual_value(row, "indicator__name")
        key = (row["indicator__code"], row["report__award__application__organization__region__code"])
        counts[key] = counts.get(key, 0) + row["total"]
    regions = [code for code in labels["regions"] if any(c[1] == code for c in counts)]
    codes = sorted(names)
    table = [[counts.get((code, region), 0) for region in regions] for code in codes]
    return [names[c] for c in codes], [labels["regions"][r] for r in regions], table
