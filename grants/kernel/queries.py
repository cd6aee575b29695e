"""Query expressions every stage's selectors share."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def correlated_count(queryset: QuerySet, column: str, outer: str = "pk"):
    """How many of `queryset`'s rows have `column` equal to the outer row's `outer` (0 when none), as an
    annotation: one number per row, without the join and GROUP BY that would multiply or aggregate every row."""
    return Coalesce(
        Subquery(
            queryset.filter(**{column: OuterRef(outer)})
            .order_by()
            .values(column)
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )
