# ruff: noqa: E402  (Django is set up before the portal is imported)
"""SQL queries and time of the workspace's pages (issue 11), in-process with the test client, at two sizes.

    .venv/bin/python bench/workspace.py            # a fresh SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/workspace.py

It builds its own throw-away database, then, with `rounds` × the issue-11 test world (an item in each of staff's
work queues: 9 applications and 6 awards a round) plus `rounds` × 20 submitted applications of as many
organizations, prints for 10 and 100 rounds: staff's home, a search over applications and organizations (words
matching a few rows, and one matching every row), a work queue's list, the organization directory and one
organization's file, and an applicant's home: the number of queries and the median time of 5 requests.
"""

from __future__ import annotations

import statistics
import time

from harness import start

test_db = start("workspace-bench", debug=False)

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganizationFactory, UserFactory
from tests.grants.workspace.conftest import waiting_work
from tests.scoring.factories import ClosedCallFactory, SubmittedApplicationFactory


def measure(client: Client, url: str, repeat: int = 5) -> tuple[int, float, int]:
    """(queries, median milliseconds, status) of one GET, repeated after one warm-up."""
    client.get(url)
    timings, queries, status = [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    return queries, statistics.median(timings), status


def row(label: str, figures: tuple[int, float, int]) -> None:
    queries, ms, status = figures
    print(f"{label:<58} {queries:>7} {ms:>9.1f} {status:>6}")


def main() -> None:
    print(f"database: {connection.vendor}")
    officer = UserFactory(roles=["program_officer"])
    staff = Client()
    staff.force_login(officer)
    built, work = 0, None
    for rounds in (10, 100):
        call = ClosedCallFactory(title_en=f"Bench Intake {rounds}")
        for n in range(built, rounds):
            work = waiting_work(officer=officer)
            for i in range(20):
                SubmittedApplicationFactory(
                    call=call, organization=OrganizationFactory(legal_name=f"Bench Society {n}-{i}")
                )
        built = rounds
        applications = rounds * 29
        print(f"\n{rounds} rounds: {applications} applications, {rounds * 26} organizations, {rounds * 6} awards")
        print(f"{'page':<58} {'queries':>7} {'ms (med)':>9} {'status':>6}")
        row("staff home (work queues, calls, activity)", measure(staff, reverse("grants:dashboard")))
        search = reverse("grants:staff_search")
        row("search: a name (few rows)", measure(staff, f"{search}?q=harbour+society+3-1"))
        row("search: a word every bench row has", measure(staff, f"{search}?q=bench"))
        row("search: a reference", measure(staff, f"{search}?q={work.to_screen.reference}"))
        row("applications: queue 'to screen'",
            measure(staff, reverse("grants:staff_applications") + "?queue=to_screen"))
        row("applications: all, page 1", measure(staff, reverse("grants:staff_applications")))
        row("organization directory, page 1", measure(staff, reverse("grants:staff_organizations")))
        organization = work.payment_waiting.application.organization
        row("an organization's file", measure(staff, reverse("grants:staff_organization", args=[organization.pk])))
        owner = Client()
        owner.force_login(organization.memberships.get().user)
        row("its owner's home", measure(owner, reverse("grants:dashboard")))
    connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
