# ruff: noqa: E402  (Django is set up before the portal is imported)
"""Time the agreement PDF: one at a time and 500 in a batch (goal: under 100 ms each).

Run: .venv/bin/python bench/agreements.py [count]

The PDF is drawn from an agreement's frozen terms alone (no database), so the benchmark builds 500 varied
terms with the same schedule functions the award service uses: one to three years, each risk level,
long and short project descriptions, half of them accepted.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from pypdf import PdfReader

from grants.awards import schedule
from grants.awards.pdf import agreement_pdf
from grants.kernel.timeutils import fiscal_years_between

WORDS = (
    "prevention workshops peer mentoring survivors outreach schools referral pathways youth shelter "
    "training frontline staff Indigenous communities culturally safe counselling evaluation"
).split()


def terms(number: int, rng: random.Random) -> dict:
    start = dt.date(2027, rng.choice([4, 7, 10]), 1)
    years = rng.choice([1, 2, 3])
    end = dt.date(start.year + years, start.month, 1) - dt.timedelta(days=1)
    risk = rng.choice(["low", "medium", "high"])
    fiscal_years = fiscal_years_between(start, end)
    amounts = {y: Decimal(rng.randrange(20_000, 120_000)) for y in fiscal_years}
    periods = schedule.reporting_periods(start=start, end=end, risk=risk)
    payments = schedule.instalments(periods=periods, years=amounts)
    description = " ".join(rng.choice(WORDS) for _ in range(rng.choice([40, 250, 600])))
    return {
        "reference": f"CSF-2027-{number:04d}",
        "version": 1,
        "generated_on": "2027-02-15",
        "fund": {
            "code": "CSF",
            "name_en": "Community Supports Fund",
            "name_fr": "Fonds de soutien communautaire",
        },
        "call": {
            "title_en": "Community Supports Fund 2027–28",
            "title_fr": "Fonds de soutien communautaire 2027-2028",
        },
        "organization": {
            "legal_name": f"Centre d'aide Horizon {number}",
            "operating_name": "",
            "street_address": "100 Queen Street West",
            "city": "Toronto",
            "postal_code": "M5H 2N2",
        },
        "project": {
            "title": f"Safe Futures {number}",
            "fields": [
                {
                    "name": "project_title",
                    "label_en": "Project title",
                    "label_fr": "Titre du projet",
                    "value_en": f"Safe Futures {number}",
                    "value_fr": f"Safe Futures {number}",
                },
                {
                    "name": "summary",
                    "label_en": "Summary",
                    "label_fr": "Résumé",
                    "value_en": description[:300],
                    "value_fr": description[:300],
                },
                {
                    "name": "description",
                    "label_en": "Description",
                    "label_fr": "Description",
                    "value_en": description,
                    "value_fr": description,
                },
                {
                    "name": "pillars",
                    "label_en": "Strategy pillars",
                    "label_fr": "Piliers de la Stratégie",
                    "value_en": "Raise awareness; Support survivors",
                    "value_fr": "Sensibiliser; Soutenir les personnes survivantes",
                },
            ],
        },
        "term": {"start": start.isoformat(), "end": end.isoformat()},
        "risk_level": risk,
        "years": [
            {"fiscal_year": y, "requested": str(a + 5000), "approved": str(a)} for y, a in amounts.items()
        ],
        "requested_total": str(sum(amounts.values()) + 5000 * len(amounts)),
        "approved_total": str(sum(amounts.values())),
        "difference_reason": "Demand exceeded the envelope; every approved project was reduced by the "
        "same share.",
        "payments": [
            {
                "number": p.number,
                "kind": p.kind,
                "due": p.due.isoformat(),
                "amount": str(p.amount),
                "fiscal_year": p.fiscal_year,
                "status": "scheduled",
                "report": p.period,
            }
            for p in payments
        ],
        "reports": [
            {
                "number": r.number,
                "start": r.start.isoformat(),
                "end": r.end.isoformat(),
                "due": r.due.isoformat(),
                "final": r.final,
            }
            for r in periods
        ],
        "conditions_en": "Submit the signed board resolution before the first payment.",
        "conditions_fr": "Remettre la résolution signée du conseil avant le premier paiement.",
        "signing_authority": {
            "name": "Camille Tremblay",
            "title": "Directrice générale",
            "email": "ct@example.org",
        },
        "officer": {"name": "Owen Officer", "email": "officer@example.org"},
    }


def acceptance(number: int) -> dict | None:
    if number % 2:
        return None
    return {
        "name": "Camille Tremblay",
        "title": "Directrice générale",
        "at": "2027-03-01T14:05:00-05:00",
        "email": "ct@example.org",
    }


def main(count: int = 500) -> None:
    rng = random.Random(2027)
    batch = [(terms(n, rng), acceptance(n)) for n in range(1, count + 1)]
    agreement_pdf(terms=batch[0][0])  # first call loads fonts and styles

    single = []
    for t, a in batch[:50]:
        started = time.perf_counter()
        agreement_pdf(terms=t, acceptance=a)
        single.append((time.perf_counter() - started) * 1000)

    started, cpu_started = time.perf_counter(), time.process_time()
    sizes, pages = [], []
    for t, a in batch:
        content = agreement_pdf(terms=t, acceptance=a)
        sizes.append(len(content))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    for t, a in batch[:20]:
        pages.append(len(PdfReader(__import__("io").BytesIO(agreement_pdf(terms=t, acceptance=a))).pages))

    single.sort()
    print(
        f"agreement PDF, one at a time (50 runs): median {statistics.median(single):.1f} ms, "
        f"p95 {single[int(len(single) * 0.95) - 1]:.1f} ms, max {single[-1]:.1f} ms"
    )
    print(
        f"agreement PDF, batch of {count}: {elapsed:.2f} s in total, {elapsed / count * 1000:.1f} ms each, "
        f"{count / elapsed:.0f} per second"
    )
    # CPU time is what one PDF costs whatever else the machine is doing.
    print(f"CPU time: {cpu / count * 1000:.1f} ms per PDF")
    print(f"size: median {statistics.median(sizes) / 1024:.1f} KB; pages: {min(pages)} to {max(pages)}")
    print("goal: under 100 ms each:", "met" if elapsed / count < 0.1 else "NOT met")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
