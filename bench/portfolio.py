# ruff: noqa: E402  (Django is set up before the portal is imported)
"""The portfolio page and the PDF portfolio report for 1,000 awards with 8 progress reports each.

    .venv/bin/python bench/portfolio.py [awards]            # a fresh SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/portfolio.py

Goals: the page under 300 ms on PostgreSQL with a fixed number of queries; the PDF and the XLSX workbook
under 3 s, the exports too in a fixed number of queries. It builds its own throw-away database (never the
demo's) with bulk inserts: awards, their years, 8 reporting periods, payments (half released), and 8
accepted reports each with every indicator of the fund. It prints the queries and median time of 5 requests
(3 for the XLSX) for the page (unfiltered and filtered) and the PDF, then for each CSV and the XLSX with the
rows each holds, then the exports' queries again on one region's awards: the same counts, or it says which
grew.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import statistics
import sys
import time
from decimal import Decimal

from harness import start

test_db = start("portfolio-bench")

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from grants.applications.models import Application, BudgetLine
from grants.awards.models import Award, AwardYear, Payment, ReportingPeriod
from grants.organizations.models import Membership, Organization, Pillar, Region
from reporting.models import Indicator, IndicatorValue, ProgressReport, SpendingLine
from tests.factories import CallFactory, UserFactory


def build(count: int) -> None:
    rng = random.Random(6)
    regions, pillars = list(Region.objects.all()), list(Pillar.objects.all())
    calls = [CallFactory(), CallFactory()]
    owner = UserFactory(email="owner@example.org")
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                legal_name=f"Organization {i}",
                type="non_profit",
                street_address="1 Main St",
                city="Toronto",
                postal_code="M5H 2N2",
                region=regions[i % len(regions)],
                phone="416-555-0100",
                email=f"org{i}@example.org",
            )
            for i in range(count // 2)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(organization=o, user=owner, role="owner") for o in organizations[:1]]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                organization=organizations[i % len(organizations)],
                call=calls[i % 2],
                status="approved",
                reference=f"BENCH-{i:05d}",
                title=f"Project {i}",
                start_date=dt.date(2026, 4, 1),
                end_date=dt.date(2028, 3, 31),
            )
            for i in range(count)
        ]
    )
    Application.pillars.through.objects.bulk_create(
        [Application.pillars.through(application=a, pillar=rng.choice(pillars)) for a in applications]
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(application=a, category="program", fiscal_year=y, amount=Decimal("50000"))
            for a in applications
            for y in (2026, 2027)
        ]
    )
    now = timezone.now()
    awards = Award.objects.bulk_create(
        [
            Award(
                application=a,
                status="active",
                start_date=a.start_date,
                end_date=a.end_date,
                risk_level="high",
                signing_name="A",
                signing_title="B",
                signing_email="a@example.org",
            )
            for a in applications
        ]
    )
    AwardYear.objects.bulk_create(
        [
            AwardYear(award=w, fiscal_year=y, amount=Decimal(rng.randrange(30_000, 90_000)))
            for w in awards
            for y in (2026, 2027)
        ]
    )
    quarters = [(dt.date(2026 + (m < 4 and k > 2), m, 1)) for k, m in enumerate((4, 7, 10, 1))]
    starts = quarters + [d.replace(year=d.year + 1) for d in quarters]
    periods = ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(
                award=w,
                number=n + 1,
                start_date=s,
                end_date=(starts[n + 1] if n < 7 else dt.date(2028, 4, 1)) - dt.timedelta(days=1),
                due_date=(starts[n + 1] if n < 7 else dt.date(2028, 4, 1)) + dt.timedelta(days=29),
                is_final=n == 7,
                report_accepted_at=now if n < 6 else None,
            )
            for w in awards
            for n, s in enumerate(starts)
        ],
        batch_size=2000,
    )
    Payment.objects.bulk_create(
        [
            Payment(
                award=p.award,
                number=p.number,
                kind="instalment",
                fiscal_year=2026 if p.number <= 4 else 2027,
                due_date=p.due_date,
                amount=Decimal("7000"),
                condition="report_accepted",
                report_period=p,
                status="released" if p.number <= 4 else "scheduled",
                released_at=now if p.number <= 4 else None,
            )
            for p in periods
        ],
        batch_size=2000,
    )
    reports = ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                award=p.award,
                period=p,
                status="accepted",
                accepted_at=now,
                version=1,
                narratives={"awareness": "Workshops."},
                steps_done=["narrative", "indicators", "spending"],
            )
            for p in periods
        ],
        batch_size=2000,
    )
    indicators = {fund: list(Indicator.objects.filter(fund_id=fund)) for fund in {c.fund_id for c in calls}}
    fund_of = {a.pk: a.call.fund_id for a in applications}
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(report=r, indicator=i, value=rng.randrange(0, 40))
            for r in reports
            for i in indicators[fund_of[r.award.application_id]]
        ],
        batch_size=5000,
    )
    SpendingLine.objects.bulk_create(
        [
            SpendingLine(report=r, category="program", budget=Decimal("12500"), spent=Decimal("12000"))
            for r in reports
        ],
        batch_size=5000,
    )


def measure(client: Client, url: str, data=None, repeat: int = 5) -> tuple[int, float, int, bytes]:
    timings, queries, status, body = [], 0, 0, b""
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, data or {})
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    return queries, statistics.median(timings), status, body


def rows_in(body: bytes, *, xlsx: bool) -> str:
    if not xlsx:
        return str(body.count(b"\n"))
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    return " + ".join(str(sum(1 for _ in sheet.iter_rows())) for sheet in workbook)


def export_queries(client: Client, exports: list) -> dict[str, int]:
    return {name: measure(client, url, data, repeat=1)[0] for name, url, data in exports}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    started = time.perf_counter()
    build(count)
    print(
        f"{connection.vendor}: {count} awards, {ReportingPeriod.objects.count()} periods, "
        f"{ProgressReport.objects.count()} reports, {IndicatorValue.objects.count()} indicator values "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    client = Client()
    client.force_login(UserFactory(email="officer@example.org", roles=["program_officer"]))
    pages = [
        ("portfolio page", reverse("reporting:portfolio"), None),
        (
            "portfolio page, filtered",
            reverse("reporting:portfolio"),
            {"fiscal_year": "2027", "region": Region.objects.first().code},
        ),
        ("PDF report (en)", reverse("reporting:portfolio_export", args=["portfolio", "pdf"]), {"lang": "en"}),
        ("PDF report (fr)", reverse("reporting:portfolio_export", args=["portfolio", "pdf"]), {"lang": "fr"}),
    ]
    exports = [
        ("awards CSV", reverse("reporting:portfolio_export", args=["awards", "csv"]), None),
        ("payments CSV", reverse("reporting:portfolio_export", args=["payments", "csv"]), None),
        (
            "indicators CSV (suppressed)",
            reverse("reporting:portfolio_export", args=["indicators", "csv"]),
            None,
        ),
        ("XLSX workbook", reverse("reporting:portfolio_export", args=["portfolio", "xlsx"]), None),
    ]
    print(f"{'':32} {'queries':>8} {'median ms':>10} {'KB':>8}")
    for name, url, data in pages:
        queries, ms, status, body = measure(client, url, data)
        assert status == 200, (name, status)
        print(f"{name:32} {queries:8d} {ms:10.1f} {len(body) / 1024:8.0f}")
    print(f"\n{'exports':32} {'queries':>8} {'median ms':>10} {'KB':>8}  rows")
    for name, url, data in exports:
        xlsx = "XLSX" in name
        queries, ms, status, body = measure(client, url, data, repeat=3 if xlsx else 5)
        assert status == 200, (name, status)
        print(f"{name:32} {queries:8d} {ms:10.1f} {len(body) / 1024:8.0f}  {rows_in(body, xlsx=xlsx)}")
    # Queries that grow with the rows show as a difference between all awards and one region's.
    region = Region.objects.first()
    some = [(name, url, {"region": region.code}) for name, url, _data in exports]
    full, part = export_queries(client, exports), export_queries(client, some)
    grew = [f"{name} ({part[name]} -> {full[name]})" for name in full if full[name] != part[name]]
    awards_in_region = Award.objects.filter(application__organization__region=region).count()
    print(
        f"\nexport queries, {awards_in_region} awards ({region.code}) against {count}: "
        + (f"GROW: {', '.join(grew)}" if grew else "the same")
    )
    connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
