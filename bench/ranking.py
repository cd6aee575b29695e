"""Benchmark of the ranking: a call with 2,000 eligible applications, 3 reviewers each from a pool of 60,
6 criteria (one allowing N/A), every review submitted.

    .venv/bin/python bench/ranking.py            # SQLite, then PostgreSQL if it answers on 127.0.0.1:5432

Prints, per database: automatic assignment of the 6,000 reviews, the ranking data for the first page
(queries and milliseconds, median of 7), and the staff ranking page rendered by the test client (queries
and milliseconds, median of 7). Each run builds its own database: /tmp/bench_ranking.sqlite3 and
the PostgreSQL database portal_bench, dropped and created again.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPLICATIONS, REVIEWERS, PER_APPLICATION, RUNS = 2000, 60, 3, 7
POSTGRES = "postgres://postgres@127.0.0.1:5432/portal_bench"


def main() -> None:
    targets = [("SQLite", "sqlite:////tmp/bench_ranking.sqlite3")]
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", 5432)) == 0:
            targets.append(("PostgreSQL", POSTGRES))
        else:
            print("PostgreSQL does not answer on 127.0.0.1:5432: its run is skipped.")
    for label, url in targets:
        print(f"== {label} ==", flush=True)
        env = {**os.environ, "DATABASE_URL": url, "BENCH_CHILD": "1", "DEBUG": "True"}
        subprocess.run([sys.executable, __file__], env=env, check=True, cwd=ROOT)


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS portal_bench")
        conn.execute("CREATE DATABASE portal_bench")


def median_ms(action) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def child() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    fresh_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call, officer = build()
    measure(call, officer)


def build():
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.utils import timezone

    from grants.accounts.demo import give_demo_authenticator
    from grants.applications.models import Application, BudgetLine, Call, Fund
    from grants.organizations.models import Organization, Pillar, Population, Region, User
    from scoring import services
    from scoring.models import Assignment, Criterion, Review, Rubric, Score, Screening
    from scoring.services.totals import refresh_review_totals

    rng = random.Random(2026)
    now = timezone.now()
    officer = User.objects.create_user("officer@bench.example", "x", is_staff=True)
    officer.groups.add(Group.objects.get(name="program_officer"))
    give_demo_authenticator(officer)  # staff pages open only with an authenticator app (grants/accounts/mfa.py)
    reviewer_group = Group.objects.get(name="reviewer")
    reviewers = User.objects.bulk_create(User(email=f"reviewer{i}@bench.example") for i in range(REVIEWERS))
    reviewer_group.user_set.add(*reviewers)
    call = Call.objects.create(
        fund=Fund.objects.get(code="CSF"),
        slug="bench",
        title_en="Benchmark call",
        title_fr="Appel d'essai",
        guidelines_en="-",
        guidelines_fr="-",
        opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=1),
        envelope=Decimal("30000000"),
        min_request=Decimal("10000"),
        max_request=Decimal("300000"),
        status=Call.Status.IN_REVIEW,
        review_phase=Call.ReviewPhase.REVIEWING,
        reviewers_per_application=PER_APPLICATION,
    )
    rubric = Rubric.objects.create(call=call)
    criteria = Criterion.objects.bulk_create(
        Criterion(
            rubric=rubric,
            position=i,
            name_en=f"Criterion {i}",
            name_fr=f"Critère {i}",
            guidance_en="\n".join(str(s) for s in range(6)),
            weight=Decimal(w),
            allows_na=i == 4,
        )
        for i, w in enumerate(("2", "2", "1.5", "1", "1", "1"), start=1)
    )
    regions, pillars, populations = (
        list(Region.objects.all()),
        list(Pillar.objects.all()),
        list(Population.objects.all()),
    )
    organizations = Organization.objects.bulk_create(
        Organization(
            legal_name=f"Organization {i}",
            type="non_profit",
            street_address="1 Main St",
            city="Toronto",
            postal_code="M5H 2N2",
            region=regions[i % len(regions)],
            phone="416-555-0100",
            email=f"org{i}@bench.example",
        )
        for i in range(APPLICATIONS)
    )
    applications = Application.objects.bulk_create(
        Application(
            organization=o,
            call=call,
            status=Application.Status.SUBMITTED,
            reference=f"CSF-2026-{i:05d}",
            title=f"Project {i}",
            submitted_at=now - dt.timedelta(days=2),
            snapshot={},
        )
        for i, o in enumerate(organizations)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            application=a, category=category, fiscal_year=2027, amount=Decimal(rng.randrange(5000, 150000))
        )
        for a in applications
        for category in ("staff", "program")
    )
    Screening.objects.bulk_create(
        Screening(application=a, decision=Screening.Decision.ELIGIBLE) for a in applications
    )
    Application.pillars.through.objects.bulk_create(
        Application.pillars.through(application=a, pillar=pillars[i % len(pillars)])
        for i, a in enumerate(applications)
    )
    Application.regions.through.objects.bulk_create(
        Application.regions.through(application=a, region=regions[i % len(regions)])
        for i, a in enumerate(applications)
    )
    Application.populations.through.objects.bulk_create(
        Application.populations.through(application=a, population=populations[i % len(populations)])
        for i, a in enumerate(applications)
    )

    services.pool_update_settings(
        call=call, by=officer, values={"review_due_at": now + dt.timedelta(days=21)}
    )
    for reviewer in reviewers:
        services.pool_add_reviewer(call=call, reviewer=reviewer, by=officer)
    start = time.perf_counter()
    result = services.assignments_auto(call=call, by=officer)
    print(
        f"automatic assignment: {result.added} assignments for {APPLICATIONS} applications and {REVIEWERS} "
        f"reviewers in {(time.perf_counter() - start) * 1000:.0f} ms",
        flush=True,
    )

    Assignment.objects.filter(call=call).update(status=Assignment.Status.ACCEPTED, declared_at=now)
    # Each reviewer has a leniency of their own, which the normalized score corrects for.
    leniency = {r.pk: rng.choice((-1, 0, 0, 1)) for r in reviewers}
    assignments = list(Assignment.objects.filter(call=call).values_list("pk", "reviewer_id"))
    reviews = Review.objects.bulk_create(
        Review(assignment_id=pk, status=Review.Status.SUBMITTED, recommendation="fund", submitted_at=now)
        for pk, _reviewer in assignments
    )
    scores = []
    for review, (_pk, reviewer_id) in zip(reviews, assignments, strict=True):
        for criterion in criteria:
            na = criterion.allows_na and rng.random() < 0.1
            value = None if na else min(5, max(0, rng.randint(1, 5) + leniency[reviewer_id]))
            scores.append(Score(review=review, criterion=criterion, value=value, is_na=na))
    Score.objects.bulk_create(scores, batch_size=5000)
    refresh_review_totals(review_ids=[r.pk for r in reviews])  # as review_save stores them
    print(
        f"data: {len(applications)} applications, {len(reviews)} submitted reviews, {len(scores)} scores",
        flush=True,
    )
    # Fresh statistics for the planner, as autovacuum would gather after such a load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return call, officer


def measure(call, officer) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from scoring import selectors
    from scoring.selectors.ranking import compute_ranking

    loaded = selectors.call_for_staff(slug=call.slug)

    def statement(basis="mean", page=1):  # the ranking's one statement, without its cache
        return compute_ranking(call=loaded, pool=loaded.reviewer_pool, basis=basis, pillar=None, region=None,
                               population=None, page=page, per_page=50)

    with CaptureQueriesContext(connection) as queries:
        page = statement()
    ms, page = median_ms(statement)
    print(
        f"ranking data, first page of 50: {len(queries)} query, {ms:.0f} ms (median of {RUNS}); "
        f"{page.eligible} ranked, {page.funded_count} above the funding line",
        flush=True,
    )
    ms, _page = median_ms(lambda: statement(basis="normalized", page=20))
    print(f"ranking data, page 20 ordered by the normalized score: {ms:.0f} ms", flush=True)

    client = Client()
    client.force_login(officer)
    url = reverse("scoring:ranking", args=[call.slug])
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    ms, _response = median_ms(lambda: client.get(url))
    ranking_queries = sum(1 for q in queries.captured_queries if q["sql"].lstrip().startswith("WITH"))
    print(
        f"ranking page rendered: {len(queries)} queries in all ({ranking_queries} for the ranking), "
        f"{ms:.0f} ms (median of {RUNS}), {len(response.content) // 1024} KB of HTML",
        flush=True,
    )


if __name__ == "__main__":
    child() if os.environ.get("BENCH_CHILD") else main()
