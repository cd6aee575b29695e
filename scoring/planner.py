"""Balanced assignment of reviewers to applications, over plain data (no database).

The plan gives every application `per_application` distinct reviewers (or all it can have when too
few reviewers are allowed), never uses a forbidden pair (member of the applicant organization,
declared conflict, removed by staff), and spreads the load so that no reviewer has more than one
assignment above another whenever the constraints allow it.

Balancing moves only assignments the reviewer has not yet acted on ("movable"). It is a convex-cost
flow: a plan is optimal exactly when no chain of moves takes one assignment from a reviewer with
load L to a reviewer with load at most L - 2, which is what `_balance` searches for breadth-first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

Pair = tuple[Hashable, Hashable]  # (application, reviewer)


@dataclass
class Plan:
    add: set[Pair] = field(default_factory=set)
    remove: set[Pair] = field(default_factory=set)
    # applications that could not get enough reviewers, with how many are missing
    short: dict[Hashable, int] = field(default_factory=dict)
    loads: dict[Hashable, int] = field(default_factory=dict)


def plan_assignments(
    *,
    applications: Sequence[Hashable],
    reviewers: Sequence[Hashable],
    per_application: int,
    existing: Iterable[Pair] = (),
    movable: Iterable[Pair] = (),
    forbidden: Iterable[Pair] = (),
) -> Plan:
    """What to add and remove so that the assignments are complete and balanced.

    `existing` are the active assignments; those in `movable` may be taken away from their reviewer
    to balance the load. An existing assignment of a reviewer no longer in `reviewers` (e.g. a
    submitted review of someone who left the pool) still counts for its application, never moves and
    carries no load; those on applications outside `applications` are ignored.
    """
    reviewer_order = {r: i for i, r in enumerate(reviewers)}
    forbidden = set(forbidden)
    current: dict[Hashable, set] = {a: set() for a in applications}
    for app, reviewer in existing:
        if app in current:
            current[app].add(reviewer)
    start = {(a, r) for a, rs in current.items() for r in rs}
    movable_now = {p for p in movable if p in start and p[1] in reviewer_order}
    loads = {r: 0 for r in reviewers}
    for _app, reviewer in start:
        if reviewer in loads:
            loads[reviewer] += 1

    def allowed(app, reviewer) -> bool:
        return (app, reviewer) not in forbidden and reviewer not in current[app]

    # The most constrained applications first, so that they get the reviewers they can have.
    options = {a: sum(1 for r in reviewers if (a, r) not in forbidden) for a in applications}
    short: dict[Hashable, int] = {}
    for app in sorted(applications, key=lambda a: (options[a], str(a))):
        while len(current[app]) < per_application:
            candidates = [r for r in reviewers if allowed(app, r)]
            if not candidates:
                short[app] = per_application - len(current[app])
                break
            chosen = min(candidates, key=lambda r: (loads[r], reviewer_order[r]))
            current[app].add(chosen)
            loads[chosen] += 1
            movable_now.add((app, chosen))

    _balance(current=current, loads=loads, movable=movable_now, forbidden=forbidden, reviewers=reviewers)

    final = {(a, r) for a, rs in current.items() for r in rs}
    return Plan(add=final - start, remove=start - final, short=short, loads=loads)


def _balance(*, current, loads, movable, forbidden, reviewers) -> None:
    """Move assignments along chains from overloaded to underloaded reviewers until none is left."""
    while True:
        path = None
        for source in sorted(reviewers, key=lambda r: -loads[r]):
            if loads[source] - min(loads.values()) < 2:
                break
            path = _find_path(
                source,
                current=current,
                loads=loads,
                movable=movable,
                forbidden=forbidden,
                reviewers=reviewers,
            )
            if path:
                break
        if not path:
            return
        for app, giver, taker in path:
            current[app].remove(giver)
            current[app].add(taker)
            movable.discard((app, giver))
            movable.add((app, taker))
        loads[path[0][1]] -= 1
        loads[path[-1][2]] += 1


def _find_path(source, *, current, loads, movable, forbidden, reviewers):
    """Breadth-first: a chain of moves (app, from, to) ending at a reviewer with load <= source's - 2."""
    held: dict[Hashable, list] = {r: [] for r in reviewers}
    for app, reviewer in movable:
        if reviewer in held:
            held[reviewer].append(app)
    came_from: dict[Hashable, tuple] = {source: None}
    queue = deque([source])
    while queue:
        giver = queue.popleft()
        for app in sorted(held[giver], key=str):
            for taker in reviewers:
                if taker in came_from or taker in current[app] or (app, taker) in forbidden:
                    continue
                came_from[taker] = (app, giver)
                if loads[taker] <= loads[source] - 2:
                    path = []
                    node = taker
                    while came_from[node] is not None:
                        app_, prev = came_from[node]
                        path.append((app_, prev, node))
                        node = prev
                    return list(reversed(path))
                queue.append(taker)
    return None
