"""Shared pieces of the awards reads: the money field, totals, and what an application asked for by year."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from grants.applications.models import Application, BudgetLine

AMOUNT = DecimalField(max_digits=14, decimal_places=2)


ZERO = Value(Decimal("0"), output_field=AMOUNT)


MAX_ORDER = 1000


def award_total(queryset, field: str = "amount"):
    """The sum of `field` over a queryset of an award's rows correlated to the outer award (OuterRef("pk")),
    or 0: e.g. its approved or its paid money, as an annotation."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(queryset.model._meta.get_field("award").attname)
            .annotate(total=Sum(field))
            .values("total"),
            output_field=AMOUNT,
        ),
        ZERO,
        output_field=AMOUNT,
    )


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(queryset.model._meta.get_field("award").attname)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
        output_field=IntegerField(),
    )


def requested_by_year(*, application: Application) -> dict[int, Decimal]:
    """What the application asked for in each fiscal year: the sum of its budget lines."""
    rows = (
        BudgetLine.objects.filter(application=application)
        .values("fiscal_year")
        .annotate(total=Sum("amount"))
        .order_by("fiscal_year")
    )
    return {row["fiscal_year"]: row["total"] for row in rows}
