# ruff: noqa: E402  (Django is set up before the portal is imported)
"""A deadline rush: N complete applications to one fund submitted at the same moment from N processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/submission_rush.py [N]

Needs PostgreSQL (SQLite serializes all writers anyway). Builds a throw-away test database, prints the wall
time of the rush, the time of one submission alone, and checks that the references are 1..N without a gap.
Each submission holds the fund's reference counter locked until it commits, so what it does after taking
the number decides how many submissions per second a fund can take.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import time

from harness import start

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Set DATABASE_URL to a PostgreSQL database: this measures row-lock contention.")
test_db = start("grants-bench")

from django.db import connection, transaction

from grants.applications import services
from grants.applications.demo import complete_application
from tests.factories import CallFactory, MembershipFactory


def drafts(call, count: int):
    built = []
    with transaction.atomic():
        for _ in range(count):
            owner = MembershipFactory()
            application = services.application_start(
                organization=owner.organization, call=call, by=owner.user
            )
            built.append((complete_application(application, by=owner.user), owner.user))
    return built


def main(count: int) -> None:
    call = CallFactory()
    alone = []
    for application, user in drafts(call, 5):
        start = time.perf_counter()
        services.application_submit(application=application, by=user)
        alone.append((time.perf_counter() - start) * 1000)

    pending = drafts(call, count)
    # Processes, not threads: as under several web workers, each submission's Python runs in parallel, so
    # what the rush measures is the waiting on the database's locks, not on the interpreter's.
    connection.close()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(count + 1), context.Queue()

    def submit(application, user):
        connection.close()  # never share the parent's socket
        barrier.wait()
        results.put(services.application_submit(application=application, by=user).reference)
        connection.close()

    workers = [context.Process(target=submit, args=pair) for pair in pending]
    for worker in workers:
        worker.start()
    barrier.wait()
    start = time.perf_counter()
    references = [results.get(timeout=120) for _ in workers]
    wall = time.perf_counter() - start
    for worker in workers:
        worker.join()

    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    print(f"one submission alone: median {statistics.median(alone):.0f} ms")
    print(f"{count} at once: {wall * 1000:.0f} ms wall, {count / wall:.1f} submissions/s")
    print(f"references 6..{count + 5} without gaps or duplicates: {numbers == list(range(6, count + 6))}")


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
    finally:
        connection.close()
        connection.creation.destroy_test_db(test_db, verbosity=0)
