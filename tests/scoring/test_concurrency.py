"""The review's row locks at work on PostgreSQL.

- Conflicts declared and assignments run at the same moment: the call's pool row lock serializes every change to
  its assignments, so no application ends up with too few or duplicate reviewers.
- Scoring closed while a review is being submitted: every service reads the phase it checks from the call's row,
  locked (scoring.phases.switchboard_for_update), so the phase change waits and no review is submitted after it.
"""

import threading
import time
from collections import Counter

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, connections, transaction
from django.utils import timezone

from grants.kernel.models import AuditEntry
from scoring import services
from scoring.models import Assignment, Review, Rubric
from scoring.services.reminders import reminder_send
from tests.factories import UserFactory
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    assign,
    pool_with,
    reviewer,
    rubric_for,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def outcome(task) -> str:
    """Run `task` in this thread: "done", or the error it raised (the assertions name what went wrong)."""
    try:
        task()
        return "done"
    except Exception as error:  # noqa: BLE001
        return repr(error)
    finally:
        connections.close_all()


def run_together(tasks) -> list[str]:
    start = threading.Barrier(len(tasks))
    outcomes, lock = [], threading.Lock()

    def attempt(task):
        start.wait()
        result = outcome(task)
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


def waiting_for_a_lock() -> int:
    """How many sessions of this test database are waiting for a row lock now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_until(condition, *, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def start(target) -> threading.Thread:
    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_scoring_closed_while_a_review_is_being_submitted_leaves_no_review_submitted_after_the_close(
    transactional_db, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    officer = UserFactory(roles=["program_officer"])
    call = ClosedCallFactory()
    rubric = rubric_for(call)
    criterion = rubric.criteria.get()
    assignment = assign(SubmittedApplicationFactory(call=call), reviewer())
    held, release, outcomes = threading.Event(), threading.Event(), {}

    def hold_the_rubric():
        # Another transaction on the rubric's row stops the reviewer's save half-way, after its phase check: the
        # moment a phase change could slip in between the check and the write.
        def hold():
            with transaction.atomic():
                Rubric.objects.select_for_update().get(pk=rubric.pk)
                held.set()
                release.wait(30)

        outcomes["hold"] = outcome(hold)

    def submit():
        outcomes["submit"] = outcome(
            lambda: services.review_save(
                assignment=assignment,
                by=assignment.reviewer,
                scores={criterion.pk: services.ScoreInput(value=4)},
                overall_comment="",
                recommendation="fund",
                submit=True,
            )
        )

    def close_scoring():
        outcomes["close"] = outcome(
            lambda: services.call_phase_change(call=call, phase="moderation", by=officer)
        )

    threads = [start(hold_the_rubric)]
    assert held.wait(20)
    threads.append(start(submit))
    wait_until(lambda: waiting_for_a_lock() == 1)  # the reviewer's save, at the rubric
    closing = start(close_scoring)
    threads.append(closing)
    wait_until(lambda: not closing.is_alive() or waiting_for_a_lock() == 2)
    release.set()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == {"hold": "done", "submit": "done", "close": "done"}
    call.refresh_from_db()
    assert call.review_phase == "moderation"
    assert Review.objects.get(assignment=assignment).status == Review.Status.SUBMITTED
    # The review went in while scoring was open: the phase changed after it, not before.
    assert list(
        AuditEntry.objects.filter(action__in=["review.submitted", "review.phase_changed"])
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["review.submitted", "review.phase_changed"]


class SlowMailServer(BaseEmailBackend):
    """A mail server that takes a second to accept each message: long enough for a second run to arrive."""

    sent: list = []

    def send_messages(self, email_messages):
        time.sleep(1)
        SlowMailServer.sent.extend(email_messages)
        return len(email_messages)


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_the_same_reminder_send_it_once(review_call, settings):
    """The reminder task keeps the assignments locked while the mail server answers: a second run (cron ran twice
    before the worker got to the first) waits, then finds the reminder recorded and sends nothing."""
    settings.EMAIL_BACKEND = f"{__name__}.SlowMailServer"
    SlowMailServer.sent = []
    late = reviewer(email="late@example.org")
    assignment = assign(SubmittedApplicationFactory(call=review_call), late, due_in_days=-2)
    now = timezone.now().isoformat()

    def remind():
        reminder_send.call(reviewer_id=late.pk, assignment_ids=[assignment.pk], now=now)

    assert run_together([remind, remind]) == ["done", "done"]
    assert [m.to for m in SlowMailServer.sent] == [["late@example.org"]]
    assert AuditEntry.objects.filter(action="review.reminder_sent").count() == 1
