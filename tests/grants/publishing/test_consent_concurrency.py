"""Owners of an Indigenous organization consent at the same moment: one consent is recorded, once, and the
others are told it was already given (PostgreSQL row lock on the organization)."""

import threading

import pytest
from django.db import connection, connections

from grants.kernel.errors import TransitionError
from grants.kernel.models import AuditEntry
from grants.organizations import services
from grants.organizations.models import Membership, Organization
from tests.factories import MembershipFactory
from tests.grants.publishing.conftest import indigenous_organization

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def test_owners_consenting_at_once_record_one_consent(transactional_db, django_db_serialized_rollback):
    nation = indigenous_organization()
    owners = [MembershipFactory(organization=nation, role=Membership.Role.OWNER).user for _ in range(8)]
    start = threading.Barrier(len(owners))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(owner):
        try:
            start.wait()
            services.publication_consent_give(organization_id=nation.pk, by=owner)
            result = "consented"
        except TransitionError:
            result = "already"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(owner,)) for owner in owners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["already"] * 7 + ["consented"]
    assert AuditEntry.objects.filter(action="organization.publication_consented").count() == 1
    recorded = Organization.objects.get(pk=nation.pk)
    assert recorded.publication_consent_by in owners
