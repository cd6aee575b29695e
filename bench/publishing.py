# ruff: noqa: E402  (Django is set up before the portal is imported)
"""The public directory, the open-data page and the feeds for 1,000 signed awards (and again for 100).

    .venv/bin/python bench/publishing.py [awards]            # a fresh SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/publishing.py

Goals: every page and feed in a fixed number of queries; pages under 100 ms, the feeds of a year's 1,000 grants
under 1 s. It builds a throw-away database with bulk inserts (organizations, a third of them Indigenous with
half consenting, a tenth with a confidential location; approved applications with pillars, populations and
regions; active awards with two fiscal years and an accepted agreement; an amendment on every tenth) and prints
the queries, median time of 5 requests and size of each response.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from decimal import Decimal

from harness import start

test_db = start("publishing-bench")

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grants.applications.models import Application, BudgetLine
from grants.awards.models import Agreement, Amendment, Award, AwardYear
from grants.organizations.models import Organization, Pillar, Population, Region
from tests.factories import CallFactory


def build(count: int, offset: int) -> None:
    rng = random.Random(15 + offset)
    regions, pillars = list(Region.objects.all()), list(Pillar.objects.all())
    populations = list(Population.objects.all())
    calls = [CallFactory(), CallFactory(fund__code="CSF")]
    now = timezone.now()
    organizations = Organization.objects.bulk_create([
        Organization(
            legal_name=f"Organization {i}", type="first_nation" if i % 3 == 0 else "charity",
            registration_number="123" if i % 3 == 0 else "123456789RR0001", street_address="1 Main St",
            city="Toronto", postal_code="M5H 2N2", region=regions[i % len(regions)], phone="416-555-0100",
            email=f"org{i}@example.org", public_description_en=f"Services of organization {i}.",
            location_confidential=i % 10 == 1, publication_consent_at=now if i % 6 == 0 else None,
        )
        for i in range(count)
    ])
    applications = Application.objects.bulk_create([
        Application(organization=organizations[i], call=calls[i % 2], status="approved",
                    reference=f"BENCH-{offset + i:05d}", title=f"Project {i}", start_date=dt.date(2026, 4, 1),
                    end_date=dt.date(2028, 3, 31))
        for i in range(count)
    ])
    for through, name, refs in ((Application.pillars.through, "pillar", pillars),
                                (Application.populations.through, "population", populations),
                                (Application.regions.through, "region", regions)):
        through.objects.bulk_create([through(application=a, **{name: rng.choice(refs)}) for a in applications])
    BudgetLine.objects.bulk_create([
        BudgetLine(application=a, category="program", fiscal_year=y, amount=Decimal("40000"))
        for a in applications for y in (2026, 2027)
    ])
    awards = Award.objects.bulk_create([
        Award(application=a, status="active", start_date=a.start_date, end_date=a.end_date, risk_level="low",
              signing_name="A", signing_title="B", signing_email="a@example.org", created_at=now)
        for a in applications
    ])
    AwardYear.objects.bulk_create([
        AwardYear(award=w, fiscal_year=y, amount=Decimal(rng.choice([10_000, 40_000])))
        for w in awards for y in (2026, 2027)
    ])
    Agreement.objects.bulk_create([
        Agreement(award=w, version=1, terms={}, created_at=now, accepted_at=now, signer_name="A",
                  signer_title="B", pdf="agreements/x.pdf", sha256="0" * 64)
        for w in awards
    ])
    Amendment.objects.bulk_create([
        Amendment(award=w, number=1, reason="Bench.", changes={}, previous_total=Decimal("80000"),
                  new_total=Decimal("70000"), created_at=now)
        for w in awards[::10]
    ])


def measure(client: Client, url: str) -> tuple[int, float, int]:
    timings, queries, size = [], 0, 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(body)
    return queries, statistics.median(timings) * 1000, size


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    client = Client()
    urls = ["/services/", "/services/?page=3", "/services/?fund=CSF&region=toronto", "/open-data/",
            "/open-data/current/grants.json", "/open-data/current/grants.fr.json", "/open-data/current/grants.csv"]
    for size in (count // 10, count):
        build(size - Award.objects.count(), Award.objects.count())
        print(f"\n{Award.objects.count()} signed awards ({connection.vendor})")
        for url in urls:
            queries, ms, length = measure(client, url)
            print(f"  {url:45} {queries:3} queries {ms:8.1f} ms {length / 1024:8.1f} KB")
    connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
