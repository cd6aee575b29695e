"""The main pages against bare Django (issue 13): queries, median and min ms, and the ratio to the floor page of
the same shape, measured in the same run.

    .venv/bin/python bench/pages.py                         # 60, 1,000 and 5,000 applications, PostgreSQL
    .venv/bin/python bench/pages.py --sizes 60 --repeat 20  # one size
    .venv/bin/python bench/pages.py --profile               # also: each part of a signed-in page's fixed cost

For each size it builds the database portal_bench_pages anew (bulk_create: a call in review with N applications
of as many organizations, 3 submitted reviews of 6 criteria each from a pool of 60 reviewers, a staged decision
for every fifth application and an award for every tenth), then GETs each page in-process with the test client
(DEBUG off, CONN_MAX_AGE=60 as the floor has it): warm-up GETs, one counted GET, then `--repeat` timed GETs.
The floor (../shared/perf/floor, a bare Django 5.2 site: session, auth, messages and CSRF middleware, a base
template with navigation; database floor_bench) runs in a worker process of its own, timed the same way just
before and just after each portal page, so that both see the same load on a shared machine: `/plain/` for
dashboards, `/list/?n=<rows shown>` for lists. The ratio is floor ms / page ms (1.0: as fast as bare Django; the
goal is at least 0.5). `--profile` adds where a small signed-in page spends its time (cProfile).
The benchmark is not part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "perf" / "floor"
SERVER = "postgres://postgres@127.0.0.1:5432"
PORTAL_DB = os.environ.get("BENCH_PAGES_DB", "portal_bench_pages")
FLOOR_DB = "floor_bench"
REVIEWERS, PER_APPLICATION = 60, 3


def sizes(args) -> list[int]:
    return [int(s) for s in args.sizes.split(",")]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="60,1000,5000", help="applications per run, comma-separated")
    parser.add_argument("--repeat", type=int, default=15, help="timed GETs per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed GETs per page first")
    parser.add_argument("--floor", default=str(FLOOR), help="the floor site's folder")
    parser.add_argument("--profile", action="store_true", help="profile a signed-in page's fixed cost")
    parser.add_argument("--json", help="write every figure to this file")
    return parser.parse_args(argv)


# --- the floor, in its own process ----------------------------------------------------------------------


def floor_env(args) -> dict:
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{FLOOR_DB}", "FLOOR_CONN_MAX_AGE": "60"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def floor_setup(args) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:  # a new machine has no such database
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [FLOOR_DB]).fetchone():
            conn.execute(f"CREATE DATABASE {FLOOR_DB}")
    subprocess.run([sys.executable, "manage.py", "setup"], cwd=args.floor, env=floor_env(args), check=True,
                   capture_output=True)


def floor_worker() -> None:
    """The floor site in a process of its own (its settings are another project's): reads "URL REPEAT WARMUP"
    lines, answers each with one JSON line of figures."""
    sys.path.insert(0, os.getcwd())
    os.environ["DJANGO_SETTINGS_MODULE"] = "floor"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="floor"))
    for line in sys.stdin:
        url, repeat, warmup = line.split()
        print(json.dumps(measure_page(client, url, argparse.Namespace(repeat=int(repeat), warmup=int(warmup)))),
              flush=True)


class Floor:
    """The floor worker, asked for a page's figures just before and just after each portal page."""

    def __init__(self, args):
        self.args = args
        self.process = subprocess.Popen([sys.executable, __file__], cwd=args.floor, env={
            **floor_env(args), "BENCH_FLOOR_WORKER": "1"}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def median_ms(self, url: str) -> float:
        self.process.stdin.write(f"{url} {self.args.repeat} {self.args.warmup}\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())["median_ms"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


# --- the portal -----------------------------------------------------------------------------------------


def portal_child(size: int, args) -> None:
    """Runs in a process of its own (settings are read once): build, measure, print one JSON line."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PORTAL_DB}")
        conn.execute(f"CREATE DATABASE {PORTAL_DB}")
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_SETTINGS_MODULE="portal.settings", DATABASE_URL=f"{SERVER}/{PORTAL_DB}",
                      CONN_MAX_AGE="60", DEBUG="False", SECRET_KEY="bench-only-" + "x" * 50,
                      SECURE_SSL_REDIRECT="False", SECURE_COOKIES="False")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # the manifest, as production has it
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    world = build(size)
    seeded = time.perf_counter() - start
    floor = Floor(args)
    results = []
    for name, who, url, floor_url in pages(world):
        before = floor.median_ms(floor_url)
        page = measure_page(world[who], url, args)
        floor_ms = statistics.mean([before, floor.median_ms(floor_url)])
        results.append(page | {"page": name, "floor": floor_url, "floor_ms": round(floor_ms, 2),
                               "ratio": round(floor_ms / page["median_ms"], 2)})
    floor.close()
    profile = fixed_cost_profile(world, args) if args.profile and size == min(sizes(args)) else None
    print("RESULT " + json.dumps({"size": size, "seeded_s": round(seeded, 1), "pages": results,
                                  "profile": profile}))


def pages(world) -> list[tuple[str, str, str, str]]:
    """(name, client, url, floor page): lists compare with a floor list of the rows they show."""
    from django.urls import reverse

    slug = world["call"].slug
    return [
        ("applicant home", "applicant", reverse("grants:dashboard"), "/plain/"),
        ("reviewer home", "reviewer", reverse("scoring:dashboard"), "/plain/"),
        ("staff home", "officer", reverse("grants:dashboard"), "/plain/"),
        ("staff applications (25)", "officer", reverse("grants:staff_applications"), "/list/?n=25"),
        ("screening list (50)", "officer", reverse("scoring:screening_list", args=[slug]), "/list/?n=50"),
        ("call overview", "officer", reverse("scoring:call_overview", args=[slug]), "/plain/"),
        ("assignments (50)", "officer", reverse("scoring:assignments", args=[slug]), "/list/?n=50"),
        ("ranking (50)", "officer", reverse("scoring:ranking", args=[slug]), "/list/?n=50"),
        ("decisions (50)", "officer", reverse("grants:call_decisions", args=[slug]), "/list/?n=50"),
        ("awards (25)", "officer", reverse("grants:award_list"), "/list/?n=25"),
    ]


def measure_page(client, url: str, args) -> dict:
    from django.db import connection

    for _ in range(args.warmup):
        client.get(url)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    gc.collect()
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return {"url": url, "status": response.status_code, "queries": len(queries),
            "median_ms": round(statistics.median(times), 2), "min_ms": round(min(times), 2),
            "html_kb": round(len(response.content) / 1024, 1)}


# The parts of a signed-in page, as (label, module path suffix, function): cumulative time inside each under
# cProfile. Nested parts overlap (the MFA check reads the user, the user load reads the session): each row says
# what it includes.
PARTS = [
    ("session load (1 query)", "sessions/backends/db.py", "load"),
    ("user load (1 query, after the session)", "contrib/auth/__init__.py", "get_user"),
    ("role names (the groups: read only when the session's copy is stale)", "organizations/models.py", "role_names"),
    ("MFA check (StaffMFAMiddleware)", "accounts/mfa.py", "process_view"),
    ("language (LocaleMiddleware)", "middleware/locale.py", "process_request"),
    ("request id (RequestIdMiddleware, own time)", "kernel/logs.py", "__call__"),
    ("inputs (InputMiddleware, own time)", "kernel/inputs.py", "__call__"),
    ("CSP header (django-csp)", "csp/middleware.py", "process_response"),
    ("security headers (SecurityMiddleware)", "middleware/security.py", "process_response"),
    ("allauth AccountMiddleware (own time)", "allauth/account/middleware.py", "sync_middleware"),
    ("context processor: header's organizations", "organizations/context_processors.py", "portal"),
    ("context processor: messages", "messages/context_processors.py", "messages"),
    ("permissions in templates (rules)", "rules/permissions.py", "has_perm"),
    ("static URLs (manifest)", "templatetags/static.py", "handle_simple"),
    ("templates (page and base)", "template/backends/django.py", "render"),
    ("SQL (inside cursor.execute)", "backends/utils.py", "_execute"),
]
OWN_TIME = {"kernel/logs.py", "kernel/inputs.py", "allauth/account/middleware.py"}


def fixed_cost_profile(world, args) -> list[dict]:
    """Where a small signed-in page spends its time: the reviewer's home (7 queries, 5 KB), profiled over
    `repeat` GETs. Shares are of the whole request under the profiler (which inflates Python more than SQL)."""
    import cProfile
    import pstats

    from django.urls import reverse

    client, url = world["reviewer"], reverse("scoring:dashboard")
    for _ in range(args.warmup):
        client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(cum for (file, _line, name), (_cc, _nc, _tt, cum, _callers) in stats.items()
                if file.endswith("test/client.py") and name == "request")
    rows = [{"part": "whole request (test client)", "ms": round(total * 1000 / args.repeat, 2), "share": 1.0}]
    for label, path, function in PARTS:
        seconds = sum((tt if path in OWN_TIME else cum) for (file, _line, name), (_cc, _nc, tt, cum, _c)
                      in stats.items() if file.endswith(path) and name == function)
        rows.append({"part": label, "ms": round(seconds * 1000 / args.repeat, 2),
                     "share": round(seconds / total, 3)})
    return rows


def build(size: int) -> dict:
    """The world, by bulk_create (services would take minutes at 5,000): see the module's docstring."""
    import datetime as dt
    import random
    from decimal import Decimal

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from grants.accounts.demo import give_demo_authenticator
    from grants.applications.models import Application, BudgetLine, Call, Fund
    from grants.awards.models import Award, AwardYear, Decision
    from grants.organizations.models import Membership, Organization, Region, User
    from scoring.models import (
        Assignment,
        Criterion,
        PoolMember,
        Review,
        ReviewerPool,
        Rubric,
        Score,
        Screening,
    )

    rng = random.Random(2026)
    now = timezone.now()
    officer = User.objects.create_user("officer@bench.example", "x", is_staff=True, first_name="Olive")
    officer.groups.add(Group.objects.get(name="program_officer"))
    reviewers = User.objects.bulk_create(User(email=f"reviewer{i}@bench.example") for i in range(REVIEWERS))
    Group.objects.get(name="reviewer").user_set.add(*reviewers)
    for user in (officer, reviewers[0]):
        give_demo_authenticator(user)  # staff pages open only with an authenticator app
    applicant = User.objects.create_user("applicant@bench.example", "x", first_name="Ada")
    call = Call.objects.create(
        fund=Fund.objects.get(code="CSF"), slug="bench", title_en="Benchmark call", title_fr="Appel d'essai",
        guidelines_en="-", guidelines_fr="-", opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=1), envelope=Decimal("30000000"), min_request=Decimal("10000"),
        max_request=Decimal("300000"), status=Call.Status.IN_REVIEW, review_phase=Call.ReviewPhase.REVIEWING,
        reviewers_per_application=PER_APPLICATION,
    )
    rubric = Rubric.objects.create(call=call, status="locked", locked_at=now)
    criteria = Criterion.objects.bulk_create(
        Criterion(rubric=rubric, position=i, name_en=f"Criterion {i}", name_fr=f"Critère {i}", weight=Decimal(w),
                  allows_na=i == 4)
        for i, w in enumerate(("2", "2", "1.5", "1", "1", "1"), start=1)
    )
    pool = ReviewerPool.objects.create(call=call, review_due_at=now + dt.timedelta(days=21))
    PoolMember.objects.bulk_create(PoolMember(pool=pool, reviewer=r, added_by=officer) for r in reviewers)
    regions = list(Region.objects.all())
    organizations = Organization.objects.bulk_create(
        Organization(legal_name=f"Organization {i}", type="non_profit", street_address="1 Main St",
                     city="Toronto", postal_code="M5H 2N2", region=regions[i % len(regions)],
                     phone="416-555-0100", email=f"org{i}@bench.example")
        for i in range(size)
    )
    Membership.objects.bulk_create(Membership(organization=o, user=applicant, role="owner")
                                   for o in organizations[:3])
    applicant.current_organization = organizations[0]
    applicant.save(update_fields=["current_organization"])
    snapshot = {"answers": {f"q{i}": "x" * 200 for i in range(40)}}  # what a submitted application holds
    applications = Application.objects.bulk_create(
        Application(organization=o, call=call, status=Application.Status.IN_REVIEW, reference=f"CSF-2026-{i:05d}",
                    title=f"Project {i}", submitted_at=now - dt.timedelta(days=2), snapshot=snapshot)
        for i, o in enumerate(organizations)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(application=a, category=category, fiscal_year=2027, amount=Decimal(rng.randrange(5000, 150000)))
        for a in applications for category in ("staff", "program")
    )
    Screening.objects.bulk_create(
        Screening(application=a, decision=Screening.Decision.ELIGIBLE, decided_by=officer, decided_at=now)
        for a in applications
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(call=call, application=a, reviewer=reviewers[(i * PER_APPLICATION + k) % REVIEWERS],
                   status=Assignment.Status.ACCEPTED, declared_at=now, assigned_by=officer,
                   due_at=now + dt.timedelta(days=21))
        for i, a in enumerate(applications) for k in range(PER_APPLICATION)
    )
    leniency = {r.pk: rng.choice((-1, 0, 0, 1)) for r in reviewers}
    reviews = Review.objects.bulk_create(
        Review(assignment=a, status=Review.Status.SUBMITTED, recommendation="fund", submitted_at=now)
        for a in assignments
    )
    scores = []
    for review, assignment in zip(reviews, assignments, strict=True):
        for criterion in criteria:
            na = criterion.allows_na and rng.random() < 0.1
            value = None if na else min(5, max(0, rng.randint(1, 5) + leniency[assignment.reviewer_id]))
            scores.append(Score(review=review, criterion=criterion, value=value, is_na=na))
    Score.objects.bulk_create(scores, batch_size=5000)
    store_review_totals(reviews)
    Decision.objects.bulk_create(
        Decision(application=a, outcome="approved", reason_en="Strong.", reason_fr="Solide.", decided_by=officer)
        for a in applications[::5]
    )
    funded = applications[::10]
    awards = Award.objects.bulk_create(
        Award(application=a, start_date=dt.date(2027, 4, 1), end_date=dt.date(2028, 3, 31), risk_level="low",
              signing_name="Sam Signer", signing_title="Director", created_by=officer)
        for a in funded
    )
    AwardYear.objects.bulk_create(AwardYear(award=w, fiscal_year=2027, amount=Decimal("50000")) for w in awards)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would gather after such a load
    world = {"call": call}
    for name, user in (("officer", officer), ("reviewer", reviewers[0]), ("applicant", applicant)):
        client = Client()
        client.force_login(user)
        world[name] = client
    return world


def store_review_totals(reviews) -> None:
    """What review_save stores on submission (bulk_create skips the service)."""
    from scoring.services.totals import refresh_review_totals

    refresh_review_totals(review_ids=[r.pk for r in reviews])


# --- the run --------------------------------------------------------------------------------------------


def main(argv=None) -> None:
    args = parse_args(argv)
    report = []
    floor_setup(args)
    for size in sizes(args):
        print(f"== {size:,} applications: building and measuring ...", file=sys.stderr, flush=True)
        env = {**os.environ, "BENCH_PAGES_CHILD": str(size)}
        done = subprocess.run([sys.executable, __file__, *(argv or sys.argv[1:])], env=env, cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr[-3000:])
        line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
        result = json.loads(line.removeprefix("RESULT "))
        report.append(result)
        print_size(result)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


def print_size(result) -> None:
    print(f"\n{result['size']:,} applications (seeded in {result['seeded_s']} s); each floor page timed just "
          "before and just after its portal page")
    print(f"{'page':<26} {'status':>6} {'queries':>7} {'median ms':>9} {'min ms':>7} {'KB':>6} "
          f"{'floor page':>12} {'floor ms':>8} {'ratio':>6}")
    for p in result["pages"]:
        print(f"{p['page']:<26} {p['status']:>6} {p['queries']:>7} {p['median_ms']:>9.1f} {p['min_ms']:>7.1f} "
              f"{p['html_kb']:>6.1f} {p['floor']:>12} {p['floor_ms']:>8.1f} {p['ratio']:>6.2f}"
              f"{'' if p['ratio'] >= 0.5 else '  < 0.5'}")
    if result.get("profile"):
        print("\nwhere a small signed-in page (the reviewer's home) spends its time, under cProfile:")
        for row in result["profile"]:
            print(f"  {row['part']:<52} {row['ms']:>7.2f} ms  {row['share']:>6.1%}")
    sys.stdout.flush()


if __name__ == "__main__":
    if os.environ.get("BENCH_FLOOR_WORKER"):
        floor_worker()
    elif size := os.environ.get("BENCH_PAGES_CHILD"):
        portal_child(int(size), parse_args())
    else:
        main()
