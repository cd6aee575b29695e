"""Reads for progress reports: querysets with the related rows their pages need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from grants.awards.models import Award, AwardYear, Payment, ReportingPeriod
from grants.organizations.models import Pillar, User
from reporting.models import Indicator, IndicatorValue, ProgressReport, ReportVersion
from reporting.services import REPORTABLE


@dataclass(frozen=True)
class DueReport:
    """One report an organization owes: a scheduled period (with its report once started) or a one-off."""

    award: Award
    subject: str
    start: dt.date
    end: dt.date
    due: dt.date
    period: ReportingPeriod | None
    report: ProgressReport | None
    overdue: bool


def reports_due_for(*, user: User, today: dt.date) -> list[DueReport]:
    """Every report of the user's organizations' active awards that is not accepted yet, soonest due first."""
    awards = Award.objects.filter(application__organization__memberships__user=user, status__in=REPORTABLE)
    periods = ReportingPeriod.objects.filter(
        award__in=awards, report_accepted_at__isnull=True
    ).select_related("award__application__organization", "progress_report")
    one_offs = (
        ProgressReport.objects.filter(award__in=awards, period__isnull=True)
        .exclude(status=ProgressReport.Status.ACCEPTED)
        .select_related("award__application__organization")
    )
    unfiled = (None, ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED)
    rows = []
    for p in periods:
        report = getattr(p, "progress_report", None)
        overdue = p.due_date < today and (report.status if report else None) in unfiled
        subject = ProgressReport(period=p).subject
        rows.append(DueReport(p.award, subject, p.start_date, p.end_date, p.due_date, p, report, overdue))
    rows += [
        DueReport(
            r.award, r.title, r.start_date, r.end_date, r.due, None, r, r.due < today and r.status in unfiled
        )
        for r in one_offs
    ]
    return sorted(rows, key=lambda row: (row.due, row.award.pk))


def report_for_page(*, pk: int) -> ProgressReport:
    return (
        ProgressReport.objects.select_related(
            "award__application__organization", "award__application__call__fund", "period"
        )
        .prefetch_related(
            "indicator_values__indicator",
            "spending_lines",
            Prefetch("versions", queryset=ReportVersion.objects.select_related("submitted_by", "decided_by")),
        )
        .get(pk=pk)
    )


def indicators_for(*, report: ProgressReport) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(
            Q(is_active=True) | Q(values__report=report), fund_id=report.award.application.call.fund_id
        )
        .select_related("pillar", "population")
        .distinct()
    )


def narrative_pillars(*, report: ProgressReport) -> list[Pillar]:
    """The pillars the project said it works on; all of them if it named none."""
    pillars = list(report.award.application.pillars.all())
    return pillars or list(Pillar.objects.all())


def reports_for_review() -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)
        .select_related("award__application__organization", "period")
        .order_by("submitted_at")
    )


# --- Portfolio ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioFilters:
    fund: str = ""
    fiscal_year: int | None = None
    region: str = ""
    pillar: str = ""


@dataclass
class MoneyRow:
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
    from grants.applications.models import Fund
    from grants.organizations.models import Region

    return {
        "funds": {f.code: f.name for f in Fund.objects.all()},
        "regions": {r.code: r.name for r in Region.objects.all()},
        "pillars": {p.code: p.name for p in Pillar.objects.all()},
        "years": sorted(set(AwardYear.objects.values_list("fiscal_year", flat=True))),
    }


def portfolio(*, filters: PortfolioFilters, labels: dict) -> dict:
    """Everything the portfolio page, its exports and the PDF report show, in a fixed number of queries."""
    from grants.kernel.timeutils import fiscal_year_label

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
            scope(filters, "report__award__"), report__status=ProgressReport.Status.ACCEPTED
        )
        .values("indicator__code", "indicator__name_en", "indicator__name_fr", "indicator__pillar__code")
        .annotate(total=Sum("value"))
        .order_by("indicator__pillar__code", "indicator__code")
    )
    french = get_language() == "fr"
    outcome_rows = {}
    for row in outcomes:
        name = row["indicator__name_fr"] if french else row["indicator__name_en"]
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
            award__status__in=REPORTABLE,
            report_accepted_at__isnull=True,
            due_date__lt=today,
        )
        .filter(
            Q(progress_report__isnull=True)
            | Q(progress_report__status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED])
        )
        .select_related("award__application__organization")
        .order_by("due_date", "pk")
    )


def awards_for_export(*, filters: PortfolioFilters) -> QuerySet:
    """One named tuple of plain values per award, in one query: building three model instances a row cost
    more than the query itself. `region` is the region's code, `organization` the legal name its
    __str__ shows."""
    from grants.awards.selectors import award_total as _sum

    return (
        portfolio_awards(filters=filters)
        .annotate(
            reference=F("application__reference"),
            organization=F("application__organization__legal_name"),
            fund=F("application__call__fund__code"),
            region=F("application__organization__region__code"),
            committed=_sum(AwardYear.objects.filter(award=OuterRef("pk"))),
            paid=_sum(Payment.objects.filter(award=OuterRef("pk"), status=Payment.Status.RELEASED)),
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
    french = get_language() == "fr"
    rows = (
        IndicatorValue.objects.filter(
            scope(filters, "report__award__"),
            report__status=ProgressReport.Status.ACCEPTED,
        )
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
        names[row["indicator__code"]] = row["indicator__name_fr" if french else "indicator__name_en"]
        key = (row["indicator__code"], row["report__award__application__organization__region__code"])
        counts[key] = counts.get(key, 0) + row["total"]
    regions = [code for code in labels["regions"] if any(c[1] == code for c in counts)]
    codes = sorted(names)
    table = [[counts.get((code, region), 0) for region in regions] for code in codes]
    return [names[c] for c in codes], [labels["regions"][r] for r in regions], table
