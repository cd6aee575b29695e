"""Reads of the workspace's pages, composed from each stage's selectors: staff's calls at a glance and recent
activity, what an applicant's home surfaces, and an organization's file for staff. Each costs a fixed number of
queries whatever the numbers of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse

from grants.applications.models import Application, Call
from grants.applications.selectors import applications_for_staff
from grants.awards import selectors as awards
from grants.awards.models import Award, Payment
from grants.documents.models import Document
from grants.kernel.models import AuditEntry
from grants.kernel.queries import correlated_count
from grants.organizations.models import Organization, User
from grants.organizations.selectors import members_of, organizations_for_staff
from reporting import selectors as reporting
from reporting.models import ProgressReport
from scoring import selectors as scoring

# Reads, not changes: the home's activity leaves them out; an organization's audit trail keeps them.
READS = ("document.downloaded",)
ACTIVITY_SIZE = 12
CALLS_AT_A_GLANCE = 8
# How long a released decision stays on the applicant's home.
DECISION_DAYS = 90


def recent_activity(*, limit: int = ACTIVITY_SIZE) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.exclude(action__in=READS)
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:limit]
    )


def calls_at_a_glance(*, limit: int = CALLS_AT_A_GLANCE) -> list[Call]:
    """The latest calls past their draft, with their review's figures (scoring's list of calls), computed for
    those calls only: sliced after its annotations, the database would count them for every call first."""
    calls = scoring.calls_for_review()
    return list(calls.filter(pk__in=calls.values("pk")[:limit]))


# Where an audited object's page is, by its model: staff reach it from the activity and the audit trail.
OBJECT_PAGES = {
    ("applications", "application"): "grants:application_detail",
    ("awards", "award"): "grants:award_detail",
    ("grants", "organization"): "grants:staff_organization",
    ("reporting", "progressreport"): "reporting:report_detail",
}


def object_url(entry: AuditEntry) -> str:
    """The page of the object an audit entry is about, or "" when it has none staff open by its id."""
    name = OBJECT_PAGES.get((entry.content_type.app_label, entry.content_type.model))
    return reverse(name, args=[entry.object_id]) if name and entry.object_id.isdigit() else ""


@dataclass(frozen=True)
class ApplicantHome:
    """What an applicant's home surfaces besides their applications: awards (those waiting for the agreement's
    acceptance first), the reports due soonest, the decisions released lately."""

    awards: list[Award]
    reports_due: list[reporting.DueReport]
    reports_due_count: int
    decisions: list

    @property
    def agreements_to_accept(self) -> list[Award]:
        return [a for a in self.awards if a.pending_version]


def applicant_home(*, user: User, now: dt.datetime, today: dt.date, shown: int = 5) -> ApplicantHome:
    due = reporting.reports_due_for(user=user, today=today)
    return ApplicantHome(
        awards=list(awards.awards_of_member(user=user, today=today)[:shown]),
        reports_due=due[:shown],
        reports_due_count=len(due),
        decisions=list(
            awards.decisions_released_to_member(user=user, since=now - dt.timedelta(days=DECISION_DAYS))[:shown]
        ),
    )


def organizations_for_directory(*, text: str = "", region: str = "", type: str = "") -> QuerySet[Organization]:
    """The directory's rows (the organizations app's search) with how many applications (drafts aside) and
    awards each has."""
    return organizations_for_staff(text=text, region=region, type=type).annotate(
        application_count=correlated_count(
            Application.objects.exclude(status=Application.Status.DRAFT), "organization"
        ),
        award_count=correlated_count(Award.objects.all(), "application__organization"),
    )


@dataclass
class OrganizationFile:
    """Everything staff see about one organization."""

    organization: Organization
    members: list
    applications: list[Application]
    awards: list[Award]
    payments: list[Payment]
    reports: list[ProgressReport]
    audit: QuerySet[AuditEntry]


def organization_file(*, organization: Organization, today: dt.date) -> OrganizationFile:
    applications = applications_for_staff(queryset=Application.objects.filter(organization=organization))
    award_rows = awards.awards_of_organization(organization=organization, today=today)
    payments = awards.payments_of_organization(organization=organization)
    reports = reporting.reports_of_organization(organization=organization)
    return OrganizationFile(
        organization=organization,
        members=list(members_of(organization=organization)),
        applications=list(applications),
        awards=list(award_rows),
        payments=list(payments),
        reports=list(reports),
        audit=audit_trail(
            organization=organization,
            owned={Application: applications, Award: award_rows, Payment: payments, ProgressReport: reports},
        ),
    )


def _ids(queryset: QuerySet) -> QuerySet:
    """The ids of a queryset's rows as text, to compare with an audit entry's object_id in the database."""
    return queryset.order_by().annotate(audit_key=Cast("pk", output_field=CharField())).values("audit_key")


def audit_trail(*, organization: Organization, owned: dict[type, QuerySet]) -> QuerySet[AuditEntry]:
    """The audit entries of the organization and of every object it owns (each given as a queryset of its
    model), with the documents of its applications and reports: one query, newest first."""
    types = ContentType.objects.get_for_models(Organization, Document, *owned)
    documents = Document.objects.filter(
        Q(owner_type=types[Application], owner_id__in=owned[Application].order_by().values("pk"))
        | Q(owner_type=types[ProgressReport], owner_id__in=owned[ProgressReport].order_by().values("pk"))
    )
    about = Q(content_type=types[Organization], object_id=str(organization.pk)) | Q(
        content_type=types[Document], object_id__in=_ids(documents)
    )
    for model, queryset in owned.items():
        about |= Q(content_type=types[model], object_id__in=_ids(queryset))
    return AuditEntry.objects.filter(about).select_related("actor", "content_type").order_by("-created_at", "-id")
