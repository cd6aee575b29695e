"""Twenty staff award at the same moment: the call's envelope is never overcommitted (PostgreSQL row
locks)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from grants.awards import services
from grants.awards.models import Award, AwardYear
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
    start = threading.Barrier(len(applications))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(application):
        try:
            start.wait()
            services.award_create(application=application, by=officer, terms=terms_for(application))
            result = "awarded"
        except services.EnvelopeError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["awarded"] * 5 + ["refused"] * 15
    committed = sum(AwardYear.objects.filter(award__application__call=call).values_list("amount", flat=True))
    assert committed == Decimal("500000") <= call.envelope
    assert Award.objects.count() == 5
