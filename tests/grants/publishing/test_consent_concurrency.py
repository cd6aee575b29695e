"""Owners of an Indigenous organization consent at the same moment: one consent is recorded, once, and the
others are told it was already given (PostgreSQL row lock on the organization)."""

import pytest
from django.db import connection

from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from grants.organizations import services
from grants.organizations.models import Membership, Organization
from tests.concurrency import outcomes_at_once
from tests.factories import MembershipFactory
from tests.grants.publishing.conftest import indigenous_organization

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def test_owners_consenting_at_once_record_one_consent(transactional_db, django_db_serialized_rollback):
    nation = indigenous_organization()
    owners = [MembershipFactory(organization=nation, role=Membership.Role.OWNER).user for _ in range(8)]
    outcomes = outcomes_at_once(
        owners,
        lambda item: services.publication_consent_give(organization_id=nation.pk, by=item),
        done="consented", refused="already", refused_by=TransitionError,
    )

    assert outcomes == ["already"] * 7 + ["consented"]
    assert AuditEntry.objects.filter(action="organization.publication_consented").count() == 1
    recorded = Organization.objects.get(pk=nation.pk)
    assert recorded.publication_consent_by in owners
