"""Reads for the report pages: what an organization owes, a report with what its page shows, staff's queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from grants.awards.enums import AwardStatus
from grants.awards.models import Award, ReportingPeriod
from grants.organizations.models import Organization, Pillar, User
from reporting.enums import ReportStatus
from reporting.models import Indicator, ProgressReport, ReportVersion


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
    awards = Award.objects.filter(application__organization__memberships__user=user, status__in=AwardStatus.REPORTABLE)
    periods = ReportingPeriod.objects.filter(
        award__in=awards, report_accepted_at__isnull=True
    ).select_related("award__application__organization", "progress_report")
    one_offs = (
        ProgressReport.objects.filter(award__in=awards, period__isnull=True)
        .exclude(status=ReportStatus.ACCEPTED)
        .select_related("award__application__organization")
    )
    unfiled = (None, *ReportStatus.UNFILED)  # None: not started
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


def reports_accepted_for(*, user: User) -> QuerySet[ProgressReport]:
    """The accepted reports of the user's organizations' awards, the latest accepted first: each stays readable
    once it is no longer due."""
    return (
        ProgressReport.objects.filter(
            award__application__organization__memberships__user=user, status=ReportStatus.ACCEPTED
        )
        .select_related("award__application__organization", "period")
        .order_by("-accepted_at", "-pk")
    )


def reports_of_organization(*, organization: Organization) -> QuerySet[ProgressReport]:
    """Every report one organization started, filed or had accepted, the latest due first (the directory's page)."""
    return (
        ProgressReport.objects.filter(award__application__organization=organization)
        .select_related("award__application", "period")
        .order_by(Coalesce("period__due_date", "due").desc(), "-pk")
    )


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
        ProgressReport.objects.filter(status__in=ReportStatus.DECIDABLE)
        .select_related("award__application__organization", "period")
        .order_by("submitted_at")
    )
