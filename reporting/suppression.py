"""Small-count suppression for tables of counts that leave the office.

A count from 1 to 4 is shown as "<5". So that no hidden count can be worked out from the totals, more cells
are hidden (complementary suppression) until no hidden entry is determined by the table's equations: each
row adds up to its total, each column to its total, and the totals to the grand total. An entry is
determined exactly when deleting its column from the system of equations over the hidden entries lowers
the system's rank; while one is, the smallest visible non-zero entry of its row (else its column) is
hidden too, and shown as "x".
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

SMALL = range(1, 5)
HIDDEN = "<5"
# Hidden only so that a small count cannot be worked out from the others.
COMPLEMENTARY = "x"


@dataclass
class SuppressedTable:
    cells: list[list[int | str]]
    row_totals: list[int | str]
    column_totals: list[int | str]
    total: int | str


def _rref(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form and its pivot columns."""
    rows = [r[:] for r in rows if any(r)]
    pivots: list[int] = []
    columns = len(rows[0]) if rows else 0
    for col in range(columns):
        rank = len(pivots)
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][col]
        rows[rank] = [a / lead for a in rows[rank]]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        pivots.append(col)
    return rows[: len(pivots)], pivots


def _equations(n: int, m: int) -> list[dict[tuple[int, int], int]]:
    """Over the augmented table: cell (i, j), row total (i, m), column total (n, j), grand total (n, m)."""
    equations = []
    for i in range(n + 1):
        equation = {(i, j): 1 for j in range(m)}
        equation[(i, m)] = -1
        equations.append(equation)
    for j in range(m + 1):
        equation = {(i, j): 1 for i in range(n)}
        equation[(n, j)] = -1
        equations.append(equation)
    return equations


def determined(hidden: set[tuple[int, int]], n: int, m: int) -> set[tuple[int, int]]:
    """The hidden entries that the table's equations give away: those every solution agrees on, i.e. the
    pivot variables whose reduced row has no free variable in it."""
    order = sorted(hidden)
    matrix = [[Fraction(eq.get(key, 0)) for key in order] for eq in _equations(n, m)]
    reduced, pivots = _rref(matrix)
    free = [c for c in range(len(order)) if c not in set(pivots)]
    return {order[col] for row, col in zip(reduced, pivots, strict=True) if not any(row[f] for f in free)}


def suppress(cells: list[list[int]]) -> SuppressedTable:
    n, m = len(cells), len(cells[0]) if cells else 0
    values = {(i, j): cells[i][j] for i in range(n) for j in range(m)}
    for i in range(n):
        values[(i, m)] = sum(cells[i])
    for j in range(m):
        values[(n, j)] = sum(cells[i][j] for i in range(n))
    values[(n, m)] = sum(values[(i, m)] for i in range(n))
    hidden = {key for key, value in values.items() if value in SMALL}
    while hidden:
        exposed = determined(hidden, n, m)
        if not exposed:
            break
        lines = [[(i, c) for c in range(m + 1)] for i in range(n + 1)]
        lines += [[(r, j) for r in range(n + 1)] for j in range(m + 1)]
        # A line holding one hidden entry gives it away: hide a second entry there; else (a hidden entry
        # whose lines each hold several) hide next to the first exposed one.
        alone = [keys for keys in lines if sum(k in hidden for k in keys) == 1]
        i, j = min(exposed)
        lines = alone or [[(i, c) for c in range(m + 1)], [(r, j) for r in range(n + 1)]]
        candidates = [(v, key) for key, v in values.items() if key not in hidden and v]
        for keys in lines:
            in_line = [(values[key], key) for key in keys if key not in hidden and values[key]]
            if in_line:
                candidates = in_line
                break
        if not candidates:
            break
        hidden.add(min(candidates)[1])

    def shown(key):
        if key not in hidden:
            return values[key]
        return HIDDEN if values[key] in SMALL else COMPLEMENTARY

    return SuppressedTable(
        cells=[[shown((i, j)) for j in range(m)] for i in range(n)],
        row_totals=[shown((i, m)) for i in range(n)],
        column_totals=[shown((n, j)) for j in range(m)],
        total=shown((n, m)),
    )
