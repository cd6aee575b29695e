"""Reads for decisions: the applications a call can decide, their counts, the calls with decisions to make."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from grants.applications.enums import ApplicationStatus, CallStatus
from grants.applications.models import Application, Call
from grants.applications.selectors import requested_total_subquery
from grants.awards.enums import Outcome, PaymentStatus
from grants.awards.models import (
    AwardYear,
    Decision,
    DecisionReasonTemplate,
    Payment,
)
from grants.awards.selectors.base import AMOUNT, MAX_ORDER, ZERO
from grants.organizations.models import User
from scoring.enums import AssignmentStatus, ReviewStatus
from scoring.models import Review


def reason_templates_for_script() -> list[dict]:
    """The active decision reasons in both languages, for the page's script that fills in the wording."""
    return [
        {"id": t.pk, "outcome": t.outcome, "en": t.text_en, "fr": t.text_fr}
        for t in DecisionReasonTemplate.objects.filter(is_active=True)
    ]


def parse_order(raw: str | None) -> list[int]:
    """Application ids from `?order=3,1,2` (e.g. the ranking's order); anything else is ignored."""
    ids = []
    for part in (raw or "").split(",")[:MAX_ORDER]:
        part = part.strip()
        if part.isdigit():
            ids.append(int(part))
    return ids


def decidable_applications(*, call: Call, order: list[int] | None = None) -> QuerySet[Application]:
    """The call's applications that can still be decided, with their staged decision, their submitted reviews
    and whether their screening was released eligible, in the given order (ids first, in that order; the rest by
    reference)."""
    reviews = (
        Review.objects.filter(
            assignment__application=OuterRef("pk"),
            assignment__status=AssignmentStatus.ACCEPTED,
            status=ReviewStatus.SUBMITTED,
        )
        .order_by()
        .values("assignment__application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = (
        Application.objects.filter(call=call, status__in=ApplicationStatus.DECIDABLE)
        .select_related("organization__region", "decision__reason_template")
        .defer("snapshot")  # the submitted form, never shown in a list
        .annotate(
            requested_total=requested_total_subquery(),
            submitted_reviews=Coalesce(Subquery(reviews, output_field=IntegerField()), 0),
            screened_eligible=Case(
                When(status__in=ApplicationStatus.SCREENED_ELIGIBLE, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    if order:
        position = Case(
            *[When(pk=pk, then=Value(i)) for i, pk in enumerate(order)],
            default=Value(len(order)),
            output_field=IntegerField(),
        )
        return queryset.annotate(position=position).order_by("position", "reference")
    return queryset.order_by("reference")


@dataclass(frozen=True)
class DecisionCounts:
    staged_approved: int
    staged_declined: int
    staged_approved_requested: Decimal
    undecided: int
    released_approved: int
    released_declined: int

    @property
    def staged(self) -> int:
        return self.staged_approved + self.staged_declined


def decision_counts(*, call: Call) -> DecisionCounts:
    pending = Q(application__status__in=ApplicationStatus.DECIDABLE, released_at__isnull=True)
    decisions = Decision.objects.filter(application__call=call).aggregate(
        staged_approved=Count("pk", filter=pending & Q(outcome=Outcome.APPROVED)),
        staged_declined=Count("pk", filter=pending & Q(outcome=Outcome.DECLINED)),
        released_approved=Count("pk", filter=Q(released_at__isnull=False, outcome=Outcome.APPROVED)),
        released_declined=Count("pk", filter=Q(released_at__isnull=False, outcome=Outcome.DECLINED)),
    )
    applications = (
        Application.objects.filter(call=call, status__in=ApplicationStatus.DECIDABLE)
        .annotate(requested_total=requested_total_subquery())
        .aggregate(
            undecided=Count("pk", filter=Q(decision__isnull=True)),
            staged_requested=Sum("requested_total", filter=Q(decision__outcome=Outcome.APPROVED)),
        )
    )
    return DecisionCounts(
        staged_approved=decisions["staged_approved"],
        staged_declined=decisions["staged_declined"],
        staged_approved_requested=applications["staged_requested"] or Decimal(0),
        undecided=applications["undecided"],
        released_approved=decisions["released_approved"],
        released_declined=decisions["released_declined"],
    )


def decisions_released_to_member(*, user: User, since: dt.datetime) -> QuerySet[Decision]:
    """The decisions released on the person's organizations' applications since `since`, newest first."""
    return (
        Decision.objects.filter(
            application__organization__memberships__user=user,
            released_at__gte=since,
            application__status__in=ApplicationStatus.DECIDED,
        )
        .select_related("application__organization", "application__award")
        .order_by("-released_at", "-pk")
    )


def applications_with_staged_decisions() -> QuerySet[Application]:
    """Applications whose decision is recorded but not released: their organizations know nothing yet."""
    return Application.objects.filter(
        status__in=ApplicationStatus.DECIDABLE, decision__isnull=False, decision__released_at__isnull=True
    )


def applications_approved_without_award() -> QuerySet[Application]:
    """Approved applications (the approval released) that have no award yet."""
    return Application.objects.filter(status=ApplicationStatus.APPROVED, award__isnull=True)


def calls_for_decisions(*, fund: str = "", call: int | None = None, limit: int = 12) -> list[Call]:
    """Closed calls, most recent first, with their envelope, committed and paid money and staged decisions."""
    queryset = Call.objects.filter(status__in=CallStatus.AFTER_INTAKE).select_related("fund")
    if fund:
        queryset = queryset.filter(fund__code=fund)
    if call:
        queryset = queryset.filter(pk=call)

    def by_call(model_queryset, field):
        return Coalesce(
            Subquery(
                model_queryset.order_by()
                .values("award__application__call")
                .annotate(total=Sum(field))
                .values("total"),
                output_field=AMOUNT,
            ),
            ZERO,
            output_field=AMOUNT,
        )

    return list(
        queryset.annotate(
            committed=by_call(AwardYear.objects.filter(award__application__call=OuterRef("pk")), "amount"),
            paid=by_call(
                Payment.objects.filter(
                    award__application__call=OuterRef("pk"), status=PaymentStatus.RELEASED
                ),
                "amount",
            ),
            staged=Coalesce(
                Subquery(
                    Decision.objects.filter(
                        application__call=OuterRef("pk"),
                        released_at__isnull=True,
                        application__status__in=ApplicationStatus.DECIDABLE,
                    )
                    .order_by()
                    .values("application__call")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            to_decide=Coalesce(
                Subquery(
                    Application.objects.filter(
                        call=OuterRef("pk"), status__in=ApplicationStatus.DECIDABLE, decision__isnull=True
                    )
                    .order_by()
                    .values("call")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        .annotate(uncommitted=ExpressionWrapper(F("envelope") - F("committed"), output_field=AMOUNT))
        .order_by("-closes_at")[:limit]
    )
