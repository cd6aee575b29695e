"""Reads of organizations and their members."""

from __future__ import annotations

from django.db.models import QuerySet

from grants.organizations.models import Membership, Organization, User


def organizations_for_user(*, user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user).order_by("legal_name")


def members_of(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("role", "user__email")


def member_recipients(organization: Organization) -> list[tuple[str, str]]:
    """(address, language) of every member: whom an organization's e-mails go to."""
    return [(m.user.email, m.user.language) for m in organization.memberships.select_related("user")]
