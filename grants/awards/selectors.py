"""Reads for decisions, awards and payments: querysets annotated so that a page costs a fixed number of
queries, and the plain values the services and pages start from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from grants.applications.enums import ApplicationStatus, CallStatus
from grants.applications.models import Application, BudgetLine, Call
from grants.applications.selectors import requested_total_subquery
from grants.awards.enums import AwardStatus, Outcome, PaymentCondition, PaymentStatus, RiskLevel, TrackingFlag
from grants.awards.models import (
    Agreement,
    Amendment,
    Award,
    AwardYear,
    Decision,
    DecisionReasonTemplate,
    Payment,
    ReportingPeriod,
)
from grants.kernel.models import AuditEntry
from grants.organizations.models import Organization, User
from scoring.enums import AssignmentStatus, ReviewStatus
from scoring.models import Review

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
