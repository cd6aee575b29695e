"""The ranking against a fixture computed by hand: weights, N/A, medians, z-scores, the funding line."""

import statistics
from decimal import Decimal

import pytest

from grants.applications.models import Application
from grants.organizations.models import Pillar
from scoring import selectors
from scoring.models import Assignment, Moderation, Review, ReviewerPool, Screening
from scoring.selectors.ranking import compute_ranking
from tests.scoring.factories import (
    ClosedCallFactory,
    SubmittedApplicationFactory,
    assign,
    reviewer,
    rubric_for,
    submitted_review,
)

# Criteria: weight 2 on 0–4; weight 1 on 0–4 where N/A is allowed; weight 1 on 1–5.
# A review's total is 100 × Σ weight × (score − lowest) / (highest − lowest) ÷ Σ weight,
# N/A left out of both sums.
REVIEWS = {
    # (reviewer, application): (scores, total computed by hand)
    ("r1", "A"): ((4, 4, 5), 100.0),  # (2×1 + 1×1 + 1×1) / 4
    ("r1", "B"): ((2, None, 3), 50.0),  # (2×½ + 1×½) / 3; N/A counted as 0 would give 37.5
    ("r1", "C"): ((0, 0, 1), 0.0),
    ("r2", "A"): ((3, 2, 4), 68.75),  # (2×¾ + ½ + ¾) / 4
    ("r2", "B"): ((4, 3, 4), 87.5),  # (2×1 + ¾ + ¾) / 4
    ("r2", "D"): ((1, 1, 2), 25.0),  # (2×¼ + ¼ + ¼) / 4
    ("r3", "C"): ((1, None, 1), 100 * 0.5 / 3),  # (2×¼ + 0) / 3 = 16.67
    ("r3", "A"): ((2, 2, 3), 50.0),  # (2×½ + ½ + ½) / 4
}
REQUESTED = {"A": 40000, "B": 30000, "C": 20000, "D": 50000, "E": 10000}


@pytest.fixture
def fixture(db):
    call = ClosedCallFactory(
        envelope=Decimal("100000"),
        min_request=Decimal("10000"),
        max_request=Decimal("60000"),
        reviewers_per_application=3,
    )
    ReviewerPool.objects.create(call=call, disagreement_threshold=Decimal("19"))
    rubric_for(call, (2, 0, 4, False), (1, 0, 4, True), (1, 1, 5, False))
    apps = {
        name: SubmittedApplicationFactory(call=call, title=f"Project {name}", budget=amount)
        for name, amount in REQUESTED.items()
    }
    # Not in the ranking: an ineligible and a withdrawn application, both with a review.
    apps["F"] = SubmittedApplicationFactory(call=call, screened=Screening.Decision.INELIGIBLE)
    apps["G"] = SubmittedApplicationFactory(call=call, status=Application.Status.WITHDRAWN)
    people = {name: reviewer() for name in ("r1", "r2", "r3")}
    for (who, app), (scores, _total) in REVIEWS.items():
        submitted_review(assign(apps[app], people[who]), list(scores))
    submitted_review(assign(apps["F"], people["r1"]), [4, 4, 5])
    submitted_review(assign(apps["G"], people["r1"]), [4, 4, 5])
    # Neither a draft nor the review of a reviewer who then declared a conflict counts.
    draft = submitted_review(assign(apps["D"], people["r3"]), [4, 4, 5])
    Review.objects.filter(pk=draft.pk).update(status=Review.Status.DRAFT, submitted_at=None)
    submitted_review(assign(apps["E"], people["r1"], status=Assignment.Status.CONFLICT), [4, 4, 5])
    return call, apps


def expected_statistics():
    totals = {key: total for key, (_scores, total) in REVIEWS.items()}
    everyone = list(totals.values())
    call_mean, call_sd = statistics.fmean(everyone), statistics.pstdev(everyone)
    normalized = {}
    for (who, app), total in totals.items():
        own = [t for (w, _a), t in totals.items() if w == who]
        sd = statistics.pstdev(own)
        z = (total - statistics.fmean(own)) / sd if sd > 0 else 0.0
        normalized.setdefault(app, []).append(min(100.0, max(0.0, call_mean + call_sd * z)))
    per_app = {}
    for app in "ABCD":
        mine = [t for (_w, a), t in totals.items() if a == app]
        per_app[app] = {
            "mean": statistics.fmean(mine),
            "median": statistics.median(mine),
            "spread": statistics.pstdev(mine),
            "normalized": statistics.fmean(normalized[app]),
            "count": len(mine),
        }
    return per_app


def rows_by_reference(page, apps):
    names = {a.reference: name for name, a in apps.items()}
    return {names[r.reference]: r for r in page.rows}


def test_statistics_per_application_match_the_hand_computed_fixture(
    fixture, django_assert_num_queries, django_assert_max_num_queries
):
    call, apps = fixture
    call = selectors.call_for_staff(slug=call.slug)
    with django_assert_num_queries(1):  # the statement
        page = compute_ranking(call=call, pool=call.reviewer_pool, basis="mean", pillar=None, region=None,
                               population=None, page=1, per_page=50)
    assert selectors.ranking(call=call) == page  # computed, then kept in the cache
    with django_assert_max_num_queries(2):  # the version and the page, from the cache
        assert selectors.ranking(call=call) == page
    rows = rows_by_reference(page, apps)
    assert set(rows) == {"A", "B", "C", "D", "E"}
    # Hand-computed: A has 100, 68.75 and 50.
    assert rows["A"].mean == pytest.approx(72.9166667)
    assert rows["A"].median == pytest.approx(68.75)
    assert rows["B"].mean == pytest.approx(68.75)  # 50 and 87.5; N/A left out
    assert rows["D"].review_count == 1  # the draft does not count
    assert rows["E"].review_count == 0 and rows["E"].mean is None and rows["E"].final_rank is None
    for name, expected in expected_statistics().items():
        row = rows[name]
        assert row.review_count == expected["count"]
        assert row.mean == pytest.approx(expected["mean"])
        assert row.median == pytest.approx(expected["median"])
        assert row.spread == pytest.approx(expected["spread"])
        assert row.normalized == pytest.approx(expected["normalized"])


def test_ranks_funding_line_and_disagreement(fixture):
    call, apps = fixture
    page = selectors.ranking(call=selectors.call_for_staff(slug=call.slug))
    rows = rows_by_reference(page, apps)
    assert [r.reference for r in page.rows] == [apps[n].reference for n in "ABDCE"]
    assert [rows[n].final_rank for n in "ABDC"] == [1, 2, 3, 4]
    assert [rows[n].cumulative for n in "ABDC"] == [
        Decimal(v) for v in ("40000", "70000", "120000", "140000")
    ]
    # The envelope of 100,000 is met between B (70,000 so far) and D (120,000).
    assert [rows[n].above_line for n in "ABDCE"] == [True, True, False, False, False]
    assert (page.funded_count, page.funded_amount, page.remaining) == (
        2,
        Decimal("70000.00"),
        Decimal("30000.00"),
    )
    assert (page.ranked, page.eligible) == (4, 5)
    # Threshold 19: A's spread is 20.6, B's 18.75.
    assert rows["A"].disagreement and not rows["B"].disagreement and not rows["D"].disagreement


def test_ranking_by_the_normalized_score(fixture):
    call, apps = fixture
    page = selectors.ranking(call=selectors.call_for_staff(slug=call.slug), basis="normalized")
    expected = expected_statistics()
    order = sorted("ABCD", key=lambda n: -expected[n]["normalized"])
    assert [r.reference for r in page.rows][:4] == [apps[n].reference for n in order]


def test_a_consensus_score_reorders_and_both_orders_stay_visible(fixture):
    call, apps = fixture
    Moderation.objects.create(application=apps["D"], consensus_score=Decimal("90"), reason="Panel agreed.")
    page = selectors.ranking(call=selectors.call_for_staff(slug=call.slug))
    rows = rows_by_reference(page, apps)
    assert [r.reference for r in page.rows][:4] == [apps[n].reference for n in "DABC"]
    assert (rows["D"].review_rank, rows["D"].final_rank, rows["D"].moved) == (3, 1, 2)
    assert (rows["A"].review_rank, rows["A"].final_rank) == (1, 2)
    # D (50,000) then A (90,000) fit; B would reach 120,000.
    assert [rows[n].above_line for n in "DAB"] == [True, True, False]


def test_filters_show_a_subset_with_call_wide_ranks(fixture):
    call, apps = fixture
    pillar = Pillar.objects.first()
    apps["A"].pillars.add(pillar)
    apps["D"].pillars.add(pillar)
    page = selectors.ranking(call=selectors.call_for_staff(slug=call.slug), pillar=pillar.pk)
    assert [(r.reference, r.final_rank, r.cumulative) for r in page.rows] == [
        (apps["A"].reference, 1, Decimal("40000.00")),
        (apps["D"].reference, 3, Decimal("120000.00")),
    ]
    assert page.count == 2 and page.funded_count == 2


def test_pages_and_a_page_past_the_end(fixture):
    call, apps = fixture
    call = selectors.call_for_staff(slug=call.slug)
    second = selectors.ranking(call=call, per_page=2, page=2)
    assert [r.reference for r in second.rows] == [apps["D"].reference, apps["C"].reference]
    assert (second.num_pages, second.has_previous, second.has_next) == (3, True, True)
    past = selectors.ranking(call=call, per_page=2, page=99)
    assert past.number == 3 and [r.reference for r in past.rows] == [apps["E"].reference]
