# ruff: noqa: E402  (Django is set up before the portal is imported)
"""SQL queries and time per page of the applicant's journey, in-process with the test client.

    .venv/bin/python bench/grants_queries.py            # a fresh SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/grants_queries.py

It builds its own throw-away database (never the demo's), then prints, for the dashboard at 3 and 60
applications, each wizard step (GET and POST), the review page, the call list and a call's page:
the number of queries and the median time of 5 requests.
"""

from __future__ import annotations

import statistics
import time

from harness import start

test_db = start("grants-bench")

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.applications import services
from grants.applications.demo import attach_documents, step_answers
from grants.applications.models import ApplicationStep
from grants.applications.wizard import STEPS
from tests.factories import ApplicationFactory, CallFactory, MembershipFactory


def measure(client: Client, method: str, url: str, data=None, repeat: int = 5) -> tuple[int, float, int]:
    """(queries, median milliseconds, status) of one request, repeated."""
    timings, queries, status = [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url) if method == "GET" else client.post(url, data)
            timings.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    return queries, statistics.median(timings), status


def row(label: str, figures: tuple[int, float, int]) -> None:
    queries, ms, status = figures
    print(f"{label:<44} {queries:>7} {ms:>9.1f} {status:>6}")


def main() -> None:
    print(f"database: {connection.vendor}")
    print(f"{'page':<44} {'queries':>7} {'ms (med)':>9} {'status':>6}")

    for rows in (3, 60):
        owner = MembershipFactory()
        for _ in range(rows):
            ApplicationFactory(organization=owner.organization, call=CallFactory())
        client = Client()
        client.force_login(owner.user)
        row(f"dashboard, {rows} applications", measure(client, "GET", reverse("grants:dashboard")))

    owner = MembershipFactory()
    user = owner.user
    call = CallFactory()
    application = services.application_start(organization=owner.organization, call=call, by=user)
    attach_documents(application, by=user)
    client = Client()
    client.force_login(user)
    for step in STEPS:
        url = reverse("grants:application_wizard_step", args=[application.pk, step])
        row(f"wizard {step}: GET (empty)", measure(client, "GET", url))
        record = ApplicationStep.objects.filter(application=application, step=step).first()
        payload = {
            f"application_{application.pk}-current_step": step,
            "step_version": str(record.version if record else 0),
            **step_answers(application, step),
        }
        row(f"wizard {step}: POST (valid)", measure(client, "POST", url, payload, repeat=1))
        row(f"wizard {step}: GET (saved)", measure(client, "GET", url))
    row(
        "review page (complete)",
        measure(client, "GET", reverse("grants:application_wizard_step", args=[application.pk, "review"])),
    )
    row("call list", measure(Client(), "GET", reverse("grants:call_list")))
    row("call page, anonymous", measure(Client(), "GET", reverse("grants:call_detail", args=[call.slug])))
    row("call page, signed in", measure(client, "GET", reverse("grants:call_detail", args=[call.slug])))


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
