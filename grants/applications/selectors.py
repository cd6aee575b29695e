"""Reads of calls and applications: querysets with the annotations their pages need, so a list costs a fixed
number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from grants.applications.enums import ApplicationStatus, CallStatus
from grants.applications.models import Application, ApplicationStep, BudgetLine, Call
from grants.kernel.search import text_search
from grants.organizations.models import User


def requested_total_subquery():
    """The requested total of an application: the sum of its budget lines, never typed."""
    return Coalesce(
        Subquery(
            BudgetLine.objects.filter(application=OuterRef("pk"))
            .values("application")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def requested_total(*, application: Application) -> Decimal:
    return application.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def applications_for_dashboard(*, user: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(organization__memberships__user=user)
        .select_related("call__fund", "organization")
        .annotate(
            requested_total=requested_total_subquery(),
            steps_valid=Count("steps", filter=Q(steps__is_valid=True), distinct=True),
        )
        .order_by("call__closes_at", "-updated_at")
    )


def applications_for_staff(
    *, queryset: QuerySet[Application] | None = None, text: str = "", status: str = "", call: int | None = None
) -> QuerySet[Application]:
    """Applications as staff search them (from `queryset`, e.g. a work queue's, else all of them): by reference,
    title, organization or call (words typed), narrowed to a status and a call; submitted ones first, the
    oldest submission first, so the queues read in the order the work came in."""
    queryset = Application.objects.all() if queryset is None else queryset
    if status in ApplicationStatus.values:
        queryset = queryset.filter(status=status)
    if call:
        queryset = queryset.filter(call_id=call)
    queryset = queryset.select_related("organization", "call__fund").annotate(
        requested_total=requested_total_subquery()
    )
    return text_search(
        queryset.order_by(F("submitted_at").asc(nulls_last=True), "pk"),
        text=text,
        fields=(
            "reference", "title", "organization__legal_name", "organization__operating_name", "call__title_en",
            "call__title_fr",
        ),
        identifiers=("reference",),
    )


def applications_in_call(*, call: Call, user: User) -> QuerySet[Application]:
    """The applications the person's organizations have in this call, withdrawn ones aside."""
    return (
        Application.objects.filter(call=call, organization__memberships__user=user)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("organization")
    )


def application_for_wizard(*, pk: int) -> Application:
    return (
        Application.objects.select_related("call__fund", "organization__region")
        .prefetch_related(
            Prefetch("steps", queryset=ApplicationStep.objects.select_related("updated_by")),
            "call__pillars", "call__populations", "call__regions", "call__required_document_types",
        )
        .get(pk=pk)
    )


def calls_public(*, now: dt.datetime | None = None) -> dict[str, QuerySet[Call]]:
    """Published calls grouped as the public sees them (Call.is_open, Call.is_upcoming): open, upcoming and closed,
    each a queryset so the closed ones, which only grow, are paginated by the database."""
    now = now or timezone.now()
    published = Call.objects.filter(status__in=CallStatus.PUBLIC).select_related("fund")
    upcoming = Q(opens_at__gt=now)
    is_open = Q(opens_at__lte=now, closes_at__gte=now, status=CallStatus.PUBLISHED)
    return {
        "open": published.filter(is_open).order_by("closes_at"),
        "upcoming": published.filter(upcoming).order_by("opens_at", "closes_at"),
        "closed": published.exclude(upcoming | is_open).order_by("-closes_at", "pk"),
    }


def call_public(*, slug: str) -> Call:
    return (
        Call.objects.filter(status__in=CallStatus.PUBLIC)
        .select_related("fund")
        .prefetch_related("pillars", "populations", "regions", "required_document_types")
        .get(slug=slug)
    )

