"""Properties of the balanced assignment, over plain data (no database)."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.planner import plan_assignments


def witness(apps: int, reviewers: int, n: int) -> set[tuple[int, int]]:
    """A balanced round-robin assignment: proof that one exists whenever forbidden pairs avoid it."""
    return {(a, (a * n + j) % reviewers) for a in range(apps) for j in range(n)}


@st.composite
def instances(draw, *, locked_share=False):
    reviewers = draw(st.integers(min_value=1, max_value=9))
    n = draw(st.integers(min_value=1, max_value=min(reviewers, 4)))
    apps = draw(st.integers(min_value=0, max_value=25))
    keep = witness(apps, reviewers, n)
    others = sorted({(a, r) for a in range(apps) for r in range(reviewers)} - keep)
    forbidden = (
        set(draw(st.lists(st.sampled_from(others), unique=True, max_size=len(others)))) if others else set()
    )
    return apps, reviewers, n, forbidden


def check(plan_pairs, *, apps, reviewers, n, forbidden):
    by_app = {a: [r for (x, r) in plan_pairs if x == a] for a in range(apps)}
    assert all(len(rs) == n and len(set(rs)) == n for rs in by_app.values()), "N distinct reviewers each"
    assert not (plan_pairs & forbidden), "no forbidden pair"
    loads = Counter(r for _a, r in plan_pairs)
    counts = [loads.get(r, 0) for r in range(reviewers)]
    assert max(counts) - min(counts) <= 1, f"loads differ by at most one: {counts}"


@settings(max_examples=50, deadline=None)
@given(instances())
def test_every_application_gets_n_distinct_allowed_reviewers_with_balanced_loads(instance):
    apps, reviewers, n, forbidden = instance
    plan = plan_assignments(
        applications=list(range(apps)),
        reviewers=list(range(reviewers)),
        per_application=n,
        forbidden=forbidden,
    )
    assert not plan.remove and not plan.short
    check(plan.add, apps=apps, reviewers=reviewers, n=n, forbidden=forbidden)


@settings(max_examples=50, deadline=None)
@given(instances(), st.data())
def test_after_conflicts_the_plan_is_complete_and_balanced_again(instance, data):
    apps, reviewers, n, forbidden = instance
    first = plan_assignments(
        applications=list(range(apps)),
        reviewers=list(range(reviewers)),
        per_application=n,
        forbidden=forbidden,
    )
    # Reviewers declare conflicts on some of what they were given (outside the witness, so a balanced
    # answer still exists); the others have not acted yet, so their assignments may move.
    candidates = sorted(first.add - witness(apps, reviewers, n))
    conflicts = (
        set(data.draw(st.lists(st.sampled_from(candidates), unique=True), label="conflicts"))
        if candidates
        else set()
    )
    remaining = first.add - conflicts
    second = plan_assignments(
        applications=list(range(apps)),
        reviewers=list(range(reviewers)),
        per_application=n,
        existing=remaining,
        movable=remaining,
        forbidden=forbidden | conflicts,
    )
    after = (remaining - second.remove) | second.add
    check(after, apps=apps, reviewers=reviewers, n=n, forbidden=forbidden | conflicts)


@settings(max_examples=50, deadline=None)
@given(instances(), st.data())
def test_assignments_reviewers_have_acted_on_never_move(instance, data):
    apps, reviewers, n, forbidden = instance
    first = plan_assignments(
        applications=list(range(apps)),
        reviewers=list(range(reviewers)),
        per_application=n,
        forbidden=forbidden,
    )
    pairs = sorted(first.add)
    locked = set(data.draw(st.lists(st.sampled_from(pairs), unique=True), label="locked")) if pairs else set()
    conflicts = (
        set(data.draw(st.lists(st.sampled_from(sorted(first.add - locked)), unique=True), label="conflicts"))
        if first.add - locked
        else set()
    )
    remaining = first.add - conflicts
    second = plan_assignments(
        applications=list(range(apps)),
        reviewers=list(range(reviewers)),
        per_application=n,
        existing=remaining,
        movable=remaining - locked,
        forbidden=forbidden | conflicts,
    )
    assert not (second.remove & locked)
    after = (remaining - second.remove) | second.add
    assert not (after & (forbidden | conflicts))
    for a in range(apps):
        assigned = [r for (x, r) in after if x == a]
        allowed = [r for r in range(reviewers) if (a, r) not in forbidden | conflicts]
        assert len(assigned) == len(set(assigned)) == min(n, len(allowed))


def test_an_application_with_too_few_allowed_reviewers_is_reported_short():
    plan = plan_assignments(
        applications=["A", "B"],
        reviewers=["r1", "r2", "r3"],
        per_application=3,
        forbidden={("A", "r1"), ("A", "r2")},
    )
    assert {r for a, r in plan.add if a == "A"} == {"r3"}
    assert plan.short == {"A": 2}
    assert {r for a, r in plan.add if a == "B"} == {"r1", "r2", "r3"}


def test_balancing_moves_work_along_a_chain_when_no_direct_move_exists():
    # r1 holds A and B; r3 may take only C, which r2 holds: the balanced answer moves C to r3 and B to r2.
    plan = plan_assignments(
        applications=["A", "B", "C"],
        reviewers=["r1", "r2", "r3"],
        per_application=1,
        existing={("A", "r1"), ("B", "r1"), ("C", "r2")},
        movable={("A", "r1"), ("B", "r1"), ("C", "r2")},
        forbidden={("A", "r3"), ("B", "r3"), ("A", "r2")},
    )
    after = ({("A", "r1"), ("B", "r1"), ("C", "r2")} - plan.remove) | plan.add
    assert sorted(Counter(r for _a, r in after).values()) == [1, 1, 1]
    assert ("C", "r3") in after and ("B", "r2") in after
