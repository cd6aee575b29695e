"""Each submitted review's weighted total out of 100, stored on the review when it is submitted and cleared when
it is reopened (in those services' transactions, under their locks), so that the ranking, the assignments page
and the call overview read one number per review instead of aggregating every score.

The arithmetic is the one the ranking used to run over the scores: each criterion's score rescaled to 0..1 on
its scale, weighted; N/A criteria leave both the weighted sum and the sum of weights.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, FloatField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast

from scoring.enums import ReviewStatus
from scoring.models import Review, Score


def total_subquery() -> Subquery:
    """The weighted total of the review OuterRef("pk") from its scores (None when none is scored)."""
    weight = Cast("criterion__weight", FloatField())
    scored = (
        Score.objects.filter(
            review=OuterRef("pk"),
            is_na=False,
            value__isnull=False,
        )
        .order_by()
        .values("review")
        .annotate(
            total=Value(100.0)
            * Sum(
                weight
                * (F("value") - F("criterion__scale_min"))
                / (F("criterion__scale_max") - F("criterion__scale_min"))
            )
            / Sum(weight)
        )
        .values("total")
    )
    return Subquery(scored, output_field=FloatField())


def refresh_review_totals(*, review_ids: Iterable[int]) -> None:
    """Store the total of each submitted review among `review_ids`, and clear it on the others (drafts)."""
    ids = list(review_ids)
    Review.objects.filter(pk__in=ids, status=ReviewStatus.SUBMITTED).update(total=total_subquery())
    Review.objects.filter(pk__in=ids).exclude(status=ReviewStatus.SUBMITTED).update(total=None)
