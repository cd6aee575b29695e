"""Conflicts declared and assignments run at the same moment: the call's pool row lock serializes every
change to its assignments, so no application ends up with too few or duplicate reviewers (PostgreSQL)."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from scoring import services
from scoring.models import Assignment
from tests.factories import UserFactory
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    pool_with,
    reviewer,
    rubric_for,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def run_together(tasks) -> list[str]:
    start = threading.Barrier(len(tasks))
    outcomes, lock = [], threading.Lock()

    def attempt(task):
        try:
            start.wait()
            task()
            result = "done"
        except Exception as error:  # noqa: BLE001 - the assertion below names what went wrong
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(t,)) for t in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_simultaneous_conflicts_and_assignment_runs_leave_every_application_complete(
    transactional_db, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    officer = UserFactory(roles=["program_officer"])
    call = ClosedCallFactory(reviewers_per_application=2)
    rubric_for(call)
    people = [reviewer() for _ in range(6)]
    apps = [SubmittedApplicationFactory(call=call) for _ in range(12)]
    pool_with(call, people, by=officer)

    assert run_together([lambda: services.assignments_auto(call=call, by=officer)] * 4) == ["done"] * 4
    assert Assignment.objects.filter(call=call).count() == 24

    # Six reviewers each declare a conflict with one of their applications at the same moment. Balancing
    # after one conflict may hand another's undeclared assignment to someone else first: that reviewer is
    # told so, and nothing breaks.
    chosen = [Assignment.objects.filter(reviewer=p).order_by("pk").first() for p in people]
    outcomes = run_together(
        [
            (
                lambda a=a: services.conflict_declare(
                    assignment=a, by=a.reviewer, has_conflict=True, reason="Board member."
                )
            )
            for a in chosen
        ]
    )
    assert outcomes.count("done") >= 1
    assert all(o == "done" or "no longer assigned" in o for o in outcomes), outcomes
    assert Assignment.objects.filter(call=call, status=Assignment.Status.CONFLICT).count() == outcomes.count(
        "done"
    )
    active = Assignment.objects.filter(call=call, status__in=Assignment.Status.ACTIVE)
    per_app = Counter(active.values_list("application_id", flat=True))
    assert {per_app[a.pk] for a in apps} == {2}
    loads = Counter(active.values_list("reviewer_id", flat=True))
    assert max(loads.values()) - min(loads[p.pk] for p in people) <= 1
