"""Twenty staff award at the same moment: the call's envelope is never overcommitted (PostgreSQL row
locks)."""

from decimal import Decimal

import pytest
from django.db import connection

from grants.awards import services
from grants.awards.models import Award, AwardYear
from tests.concurrency import outcomes_at_once
from tests.factories import CallFactory, UserFactory
from tests.grants.awards.award_factories import approved_quickly, close_call, terms_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def test_twenty_concurrent_awards_never_exceed_the_envelope(transactional_db, django_db_serialized_rollback):
    officer = UserFactory(roles=["program_officer"])
    call = close_call(CallFactory(envelope=Decimal("500000"), max_request=Decimal("200000")))
    applications = approved_quickly(call=call, count=20, amount=Decimal("100000"))
    outcomes = outcomes_at_once(
        applications,
        lambda item: services.award_create(application=item, by=officer, terms=terms_for(item)),
        done="awarded", refused="refused", refused_by=services.EnvelopeError,
    )

    assert outcomes == ["awarded"] * 5 + ["refused"] * 15
    committed = sum(AwardYear.objects.filter(award__application__call=call).values_list("amount", flat=True))
    assert committed == Decimal("500000") <= call.envelope
    assert Award.objects.count() == 5
