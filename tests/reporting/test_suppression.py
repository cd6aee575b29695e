"""Small-count suppression (reporting/suppression.py): counts of 1 to 4 are never shown, nor can they be worked
out by subtraction from the totals."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.suppression import suppress


def _solutions_agree(table, shown) -> list[tuple[int, int]]:
    """The hidden cells whose value the published figures pin down: checked independently of the code
    under test, by trying to change each hidden cell along an alternating cycle of hidden cells (the only
    way to keep every row and column total), including the totals as part of the table."""
    n, m = len(table), len(table[0])
    full = [row + [sum(row)] for row in table]
    full.append([sum(table[i][j] for i in range(n)) for j in range(m)] + [sum(map(sum, table))])
    published = [row + [t] for row, t in zip(shown.cells, shown.row_totals, strict=True)]
    published.append(shown.column_totals + [shown.total])
    hidden = [(i, j) for i in range(n + 1) for j in range(m + 1) if isinstance(published[i][j], str)]
    # Null space of the linear map "row and column sums (totals counted negatively)" over the hidden cells.
    sign = {(i, j): -1 if (i == n) != (j == m) else 1 for i, j in hidden}
    equations = [[Fraction(sign[c]) if c[0] == i else Fraction(0) for c in hidden] for i in range(n + 1)]
    equations += [[Fraction(sign[c]) if c[1] == j else Fraction(0) for c in hidden] for j in range(m + 1)]
    # Gaussian elimination to find the pinned cells: a cell is pinned if no null vector moves it.
    rows, pivots = [r for r in equations if any(r)], []
    for col in range(len(hidden)):
        r = next((k for k in range(len(pivots), len(rows)) if rows[k][col]), None)
        if r is None:
            continue
        rows[len(pivots)], rows[r] = rows[r], rows[len(pivots)]
        p = len(pivots)
        rows[p] = [a / rows[p][col] for a in rows[p]]
        for k in range(len(rows)):
            if k != p and rows[k][col]:
                rows[k] = [a - rows[k][col] * b for a, b in zip(rows[k], rows[p], strict=True)]
        pivots.append(col)
    free = set(range(len(hidden))) - set(pivots)
    return [hidden[c] for k, c in enumerate(pivots) if not any(rows[k][f] for f in free)]


@pytest.mark.parametrize(
    "table",
    [
        [[3, 50, 20], [10, 40, 30]],
        [[3, 0, 0], [10, 40, 30]],
        [[1, 2, 3], [4, 0, 9]],
        [[7]],
        [[2]],
        [[12, 0], [0, 3], [40, 41]],
    ],
)
def test_no_suppressed_count_can_be_worked_out(table):
    shown = suppress(table)
    for i, j in product(range(len(table)), range(len(table[0]))):
        if 1 <= table[i][j] <= 4:
            assert shown.cells[i][j] == "<5"
        elif shown.cells[i][j] != "x":
            assert shown.cells[i][j] == table[i][j]
    assert _solutions_agree(table, shown) == []


def test_subtraction_from_the_totals_gives_nothing_away():
    shown = suppress([[3, 50, 20], [10, 40, 30]])
    assert shown.cells[0][0] == "<5"
    # The row total minus the visible cells would give the 3 back if only it were hidden.
    assert sum(isinstance(c, str) for c in shown.cells[0] + [shown.row_totals[0]]) >= 2
    assert sum(isinstance(row[0], str) for row in shown.cells) + isinstance(shown.column_totals[0], str) >= 2


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 9, 30]), min_size=1, max_size=5), min_size=1, max_size=5
    ).filter(lambda t: len({len(r) for r in t}) == 1)
)
def test_suppression_never_leaves_a_small_count_recoverable(table):
    shown = suppress(table)
    assert _solutions_agree(table, shown) == []
    assert not any(1 <= c <= 4 for row in shown.cells for c in row if isinstance(c, int))
