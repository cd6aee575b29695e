"""Reads for one award: its envelope position, its page, its history, and the defaults of a new award."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from grants.applications.enums import CallStatus
from grants.applications.models import Application, Call
from grants.awards.enums import PaymentCondition, PaymentStatus, RiskLevel
from grants.awards.models import (
    Agreement,
    Amendment,
    Award,
    AwardYear,
    Payment,
    ReportingPeriod,
)
from grants.kernel.models import AuditEntry


@dataclass(frozen=True)
class YearPosition:
    fiscal_year: int
    committed: Decimal
    paid: Decimal
    limit: Decimal | None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.limit is None else self.limit - self.committed


@dataclass(frozen=True)
class Envelope:
    envelope: Decimal
    committed: Decimal
    paid: Decimal
    years: list[YearPosition]

    @property
    def uncommitted(self) -> Decimal:
        return self.envelope - self.committed

    @property
    def to_pay(self) -> Decimal:
        return self.committed - self.paid


def envelope_of(*, call: Call) -> Envelope:
    """What the call has committed and paid, in total and per fiscal year, against its envelope and limits."""
    committed = dict(
        AwardYear.objects.filter(award__application__call=call)
        .values("fiscal_year")
        .annotate(total=Sum("amount"))
        .values_list("fiscal_year", "total")
    )
    paid = dict(
        Payment.objects.filter(award__application__call=call, status=PaymentStatus.RELEASED)
        .values("fiscal_year")
        .annotate(total=Sum("amount"))
        .values_list("fiscal_year", "total")
    )
    limits = dict(call.year_envelopes.values_list("fiscal_year", "amount"))
    years = [
        YearPosition(
            fiscal_year=y,
            committed=committed.get(y, Decimal(0)),
            paid=paid.get(y, Decimal(0)),
            limit=limits.get(y),
        )
        for y in sorted({*committed, *paid, *limits})
    ]
    return Envelope(
        envelope=call.envelope,
        committed=sum(committed.values(), Decimal(0)),
        paid=sum(paid.values(), Decimal(0)),
        years=years,
    )


def award_for_page(*, pk: int) -> Award:
    return (
        Award.objects.select_related(
            "application__organization__region", "application__call__fund", "created_by"
        )
        .prefetch_related(
            "years",
            Prefetch(
                "agreements", queryset=Agreement.objects.select_related("accepted_by").order_by("-version")
            ),
            # Each period with its report when one was started (reporting's ProgressReport.period), so that the
            # schedule says where the report is, as the organization's list of reports does.
            Prefetch(
                "reporting_periods",
                queryset=ReportingPeriod.objects.select_related("progress_report").order_by("number"),
            ),
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("report_period", "released_by").order_by("number"),
            ),
            Prefetch(
                "amendments", queryset=Amendment.objects.select_related("created_by").order_by("-number")
            ),
        )
        .get(pk=pk)
    )


@dataclass
class AwardPosition:
    """Where an award stands, computed from its prefetched rows."""

    approved: Decimal
    paid: Decimal
    next_payment: Payment | None
    next_report: ReportingPeriod | None
    reports_overdue: list[ReportingPeriod]
    payments_late: list[Payment]
    pending_agreement: Agreement | None
    current_agreement: Agreement | None

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.paid


def award_position(*, award: Award, today: dt.date) -> AwardPosition:
    payments = list(award.payments.all())
    periods = list(award.reporting_periods.all())
    agreements = list(award.agreements.all())
    scheduled = [p for p in payments if p.status == PaymentStatus.SCHEDULED]
    waiting = sorted((p for p in periods if not p.report_accepted_at), key=lambda p: (p.due_date, p.number))
    return AwardPosition(
        approved=sum((y.amount for y in award.years.all()), Decimal(0)),
        paid=sum((p.amount for p in payments if p.status == PaymentStatus.RELEASED), Decimal(0)),
        next_payment=scheduled[0] if scheduled else None,
        next_report=waiting[0] if waiting else None,
        reports_overdue=[p for p in waiting if p.due_date < today],
        payments_late=[
            p
            for p in scheduled
            if p.due_date < today
            and (
                p.condition == PaymentCondition.NONE
                or (p.report_period and p.report_period.report_accepted_at)
            )
        ],
        pending_agreement=next((a for a in agreements if a.is_pending), None),
        current_agreement=next((a for a in agreements if a.accepted_at), None),
    )


def award_defaults(*, application: Application) -> dict:
    """What an award starts from: the term requested and the signatory named in the declarations."""
    answers = {}
    for section in (application.snapshot or {}).get("sections", []):
        if section.get("step") in ("declarations", "organization"):
            answers.update({f["name"]: f["value_en"] for f in section.get("fields", [])})
    return {
        "start_date": application.start_date,
        "end_date": application.end_date,
        "risk_level": RiskLevel.MEDIUM,
        "signing_name": answers.get("signatory_name", ""),
        "signing_title": answers.get("signatory_title", ""),
        "signing_email": answers.get("contact_email", "") or application.organization.email,
    }


def award_history(*, award: Award, limit: int = 50) -> QuerySet[AuditEntry]:
    """The award's audit entries and its payments' (released payments are audited on the payment), newest
    first. The payments are the prefetched ones of award_for_page: no query to find them."""
    payment_type, award_type = (ContentType.objects.get_for_model(model) for model in (Payment, Award))
    return (
        AuditEntry.objects.filter(
            Q(content_type=award_type, object_id=str(award.pk))
            | Q(content_type=payment_type, object_id__in=[str(p.pk) for p in award.payments.all()])
        )
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:limit]
    )


def calls_after_intake() -> QuerySet[Call]:
    """The calls whose intake is over, most recent first: those that have decisions and awards to follow."""
    return Call.objects.filter(status__in=CallStatus.AFTER_INTAKE).select_related("fund").order_by("-closes_at")
