"""Reads for following funded agencies: awards with their next payment and report, flags, totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from grants.applications.enums import ApplicationStatus
from grants.awards.enums import AwardStatus, PaymentCondition, PaymentStatus, TrackingFlag
from grants.awards.models import (
    Agreement,
    Award,
    AwardYear,
    Payment,
    ReportingPeriod,
)
from grants.awards.selectors.base import _count, award_total
from grants.organizations.models import Organization, User


def _next_payment(field: str):
    return Subquery(
        Payment.objects.filter(award=OuterRef("pk"), status=PaymentStatus.SCHEDULED)
        .order_by("number")
        .values(field)[:1]
    )


def _next_report(field: str):
    return Subquery(
        ReportingPeriod.objects.filter(award=OuterRef("pk"), report_accepted_at__isnull=True)
        .order_by("due_date", "number")
        .values(field)[:1]
    )


def _tracked(queryset: QuerySet[Award], *, today: dt.date) -> QuerySet[Award]:
    """Awards with what their pages follow: totals, next payment, next report, late payments and reports, the
    agreement version waiting for acceptance."""
    scheduled_late = Payment.objects.filter(award=OuterRef("pk"), status=PaymentStatus.SCHEDULED, due_date__lt=today)
    condition_met = Q(condition=PaymentCondition.NONE) | Q(report_period__report_accepted_at__isnull=False)
    return queryset.annotate(
        approved_total=award_total(AwardYear.objects.filter(award=OuterRef("pk"))),
        paid_total=award_total(Payment.objects.filter(award=OuterRef("pk"), status=PaymentStatus.RELEASED)),
        next_payment_number=_next_payment("number"),
        next_payment_due=_next_payment("due_date"),
        next_payment_amount=_next_payment("amount"),
        payments_late=_count(scheduled_late.filter(condition_met)),
        payments_waiting=_count(scheduled_late.exclude(condition_met)),
        next_report_due=_next_report("due_date"),
        next_report_end=_next_report("end_date"),
        reports_overdue=_count(
            ReportingPeriod.objects.filter(
                award=OuterRef("pk"), report_accepted_at__isnull=True, due_date__lt=today
            )
        ),
        pending_version=Subquery(
            Agreement.objects.filter(
                award=OuterRef("pk"), accepted_at__isnull=True, superseded_at__isnull=True
            ).values("version")[:1]
        ),
    )


# Each flag as a condition on _tracked()'s annotations: the filter and the counts read the same definition. A
# payment is staff's to release only on an active award whose agreement is accepted (as its page's button).
FLAG_CONDITIONS = {
    TrackingFlag.AGREEMENT: Q(pending_version__isnull=False),
    TrackingFlag.PAYMENT_DUE: Q(payments_late__gt=0, status=AwardStatus.ACTIVE, pending_version__isnull=True),
    TrackingFlag.PAYMENT_WAITING: Q(payments_waiting__gt=0, status=AwardStatus.ACTIVE),
}


def awards_for_tracking(
    *,
    today: dt.date,
    fund: str = "",
    call: int | None = None,
    fiscal_year: int | None = None,
    region: str = "",
    status: str = "",
    flag: str = "",
) -> QuerySet[Award]:
    """Every award with what staff follow: totals, next payment, next report, overdue counts."""
    queryset = Award.objects.select_related(
        "application__organization__region", "application__call__fund"
    ).defer("application__snapshot")  # the submitted form, never shown in a list
    if fund:
        queryset = queryset.filter(application__call__fund__code=fund)
    if call:
        queryset = queryset.filter(application__call_id=call)
    if fiscal_year:
        queryset = queryset.filter(
            Exists(AwardYear.objects.filter(award=OuterRef("pk"), fiscal_year=fiscal_year))
        )
    if region:
        queryset = queryset.filter(application__organization__region__code=region)
    if status:
        queryset = queryset.filter(status=status)
    queryset = _tracked(queryset, today=today)
    if flag in FLAG_CONDITIONS:
        queryset = queryset.filter(FLAG_CONDITIONS[flag])
    return queryset.order_by("-created_at", "-pk")


def tracking_flag_counts(*, today: dt.date) -> dict[str, int]:
    """How many awards carry each flag: what the tracking page lists when filtered by it (one query)."""
    return _tracked(Award.objects.all(), today=today).aggregate(
        **{flag: Count("pk", filter=condition) for flag, condition in FLAG_CONDITIONS.items()}
    )


def awards_of_member(*, user: User, today: dt.date) -> QuerySet[Award]:
    """The awards of the person's organizations, once their approval is released, newest first."""
    return _tracked(
        Award.objects.filter(
            application__organization__memberships__user=user, application__status=ApplicationStatus.APPROVED
        ).select_related("application__organization", "application__call__fund"),
        today=today,
    ).order_by("-created_at", "-pk")


def awards_of_organization(*, organization: Organization, today: dt.date) -> QuerySet[Award]:
    """Every award of one organization, released or not, with what staff follow (the directory's page)."""
    return _tracked(
        Award.objects.filter(application__organization=organization).select_related("application__call__fund"),
        today=today,
    ).order_by("-created_at", "-pk")


def payments_of_organization(*, organization: Organization) -> QuerySet[Payment]:
    """Every payment of one organization's awards, in the order they fall due."""
    return (
        Payment.objects.filter(award__application__organization=organization)
        .select_related("award__application", "report_period")
        .order_by("due_date", "award_id", "number")
    )


def tracking_totals(*, awards: QuerySet[Award], fiscal_year: int | None = None) -> dict[str, Decimal]:
    """Committed, paid and remaining over the awards listed (for one fiscal year when filtered by one)."""
    ids = awards.order_by().values("pk")
    years = AwardYear.objects.filter(award__in=ids)
    paid = Payment.objects.filter(award__in=ids, status=PaymentStatus.RELEASED)
    if fiscal_year:
        years, paid = years.filter(fiscal_year=fiscal_year), paid.filter(fiscal_year=fiscal_year)
    committed = years.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    paid_total = paid.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return {"committed": committed, "paid": paid_total, "remaining": committed - paid_total}
