"""Reads of organizations and their members."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from grants.kernel.models import AuditEntry
from grants.kernel.queries import correlated_count
from grants.kernel.search import text_search
from grants.organizations.models import INDIGENOUS_TYPES, Membership, Organization, OrganizationType, User

CONSENT_ACTIONS = ("organization.publication_consented", "organization.publication_consent_revoked")


def publishable(prefix: str = "") -> Q:
    """Organizations whose awards may appear in public outputs, as a filter on rows reaching the organization
    through `prefix` (e.g. "application__organization__"): not Indigenous, or Indigenous and consenting
    (Organization.is_publishable says the same of one organization)."""
    indigenous = Q(**{f"{prefix}type__in": INDIGENOUS_TYPES}) | Q(**{f"{prefix}indigenous_led": True})
    return ~indigenous | Q(**{f"{prefix}publication_consent_at__isnull": False})


def consent_history(*, organization: Organization) -> QuerySet[AuditEntry]:
    """Every consent to publish given or revoked, newest first, with who did it."""
    return (
        AuditEntry.objects.filter(
            content_type__app_label="grants", content_type__model="organization",
            object_id=str(organization.pk), action__in=CONSENT_ACTIONS,
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def organizations_for_user(*, user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user).order_by("legal_name")


def members_of(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("role", "user__email")


def member_recipients(organization: Organization) -> list[tuple[str, str]]:
    """(address, language) of every member: whom an organization's e-mails go to."""
    return [(m.user.email, m.user.language) for m in organization.memberships.select_related("user")]


def organizations_for_staff(*, text: str = "", region: str = "", type: str = "") -> QuerySet[Organization]:
    """The organization directory as staff search it: by name, registration number or region (words typed),
    narrowed to a region's code and an organization type, by name."""
    # A correlated count, not a join and GROUP BY: counting the matches and ordering a page then need no
    # aggregate over every organization.
    queryset = Organization.objects.select_related("region").annotate(
        member_count=correlated_count(Membership.objects.all(), "organization")
    )
    if region:
        queryset = queryset.filter(region__code=region)
    if type in OrganizationType.values:
        queryset = queryset.filter(type=type)
    return text_search(
        queryset.order_by("legal_name", "pk"),
        text=text,
        fields=("legal_name", "operating_name", "registration_number", "city", "region__name_en", "region__name_fr"),
        identifiers=("registration_number",),
    )
