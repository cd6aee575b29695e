"""Small-count suppression (no recovery by subtraction) and the portfolio exports' contents."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction
from itertools import product

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from grants.awards import services as award_services
from grants.awards.models import Award
from reporting import services
from reporting.models import IndicatorValue
from reporting.suppression import suppress
from tests.factories import MembershipFactory
from tests.reporting.factories import filled_report, funded_award


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


@pytest.fixture
def portfolio(organization, applicant, program_officer):
    award = funded_award(organization=organization, officer=program_officer, owner=applicant)
    award_services.payment_release(payment=award.payments.get(number=1), by=program_officer)
    report = services.report_submit(report=filled_report(award=award, by=applicant), by=applicant)
    services.report_accept(report=report, by=program_officer)
    other = MembershipFactory()
    funded_award(organization=other.organization, officer=program_officer, owner=other.user)
    return award


def _csv(client, kind):
    response = client.get(reverse("reporting:portfolio_export", args=[kind, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_exports(login, portfolio, program_officer):
    client = login(program_officer)
    awards = _csv(client, "awards")
    assert awards[0][:2] == ["Reference", "Organization"]
    assert len(awards) == 3
    mine = next(row for row in awards if row[0] == portfolio.reference)
    paid = portfolio.payments.filter(status="released").values_list("amount", flat=True)
    assert Decimal(mine[8]) == Decimal("100000.00") and Decimal(mine[9]) == sum(paid)

    payments = _csv(client, "payments")
    assert len(payments) == 1 + 2 * portfolio.payments.count()
    assert any(row[0] == portfolio.reference and row[6] == "Released" for row in payments)

    indicators = _csv(client, "indicators")
    # Each of CSF's six indicators counted 7 in one region: nothing small, shown as is.
    assert indicators[0][0] == "Indicator" and indicators[0][-1] == "Total"
    assert len(indicators) == 1 + 6 + 1
    assert all(row[1] == "7" for row in indicators[1:-1])


def test_indicator_export_suppresses_small_counts(login, portfolio, program_officer):
    IndicatorValue.objects.filter(indicator__code="survivors-supported").update(value=3)
    rows = _csv(login(program_officer), "indicators")
    survivors = next(row for row in rows if row[0] == "Survivors supported")
    assert survivors[1] == "<5" and survivors[-1] == "<5"
    assert "3" not in [cell for row in rows for cell in row[1:]]
    # The column total (38) less the other rows would give the 3 back: another row is hidden too.
    assert rows[-1][1] == "38"
    assert [row[1] for row in rows[1:-1]].count("x") == 1


def test_xlsx_export_has_the_three_sheets(login, portfolio, program_officer):
    response = login(program_officer).get(reverse("reporting:portfolio_export", args=["portfolio", "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Awards", "Payments", "Indicators"]
    awards = list(workbook["Awards"].iter_rows(values_only=True))
    assert len(awards) == 3 and {row[0] for row in awards[1:]} >= {portfolio.reference}


def _as_csv_text(value) -> str:
    """A workbook cell as the CSV spells it: dates in ISO form, blanks empty."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return "" if value is None else str(value)


def test_xlsx_sheets_hold_what_the_csv_exports_hold(login, portfolio, program_officer):
    client = login(program_officer)
    response = client.get(reverse("reporting:portfolio_export", args=["portfolio", "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    for kind, title in (("awards", "Awards"), ("payments", "Payments"), ("indicators", "Indicators")):
        expected = _csv(client, kind)
        sheet = list(workbook[title].iter_rows())
        assert len(sheet) == len(expected)
        for cells, row in zip(sheet, expected, strict=True):
            values = [cell.value for cell in cells]
            numbers = [i for i, v in enumerate(values) if isinstance(v, int | float)]
            # Amounts are numbers in the workbook: compared as numbers, the CSV keeping the cents.
            assert [Decimal(str(values[i])) for i in numbers] == [Decimal(row[i]) for i in numbers]
            assert [_as_csv_text(v) for i, v in enumerate(values) if i not in numbers] == [
                cell for i, cell in enumerate(row) if i not in numbers
            ]
    mine = next(row for row in workbook["Awards"].iter_rows(min_row=2) if row[0].value == portfolio.reference)
    start, committed = mine[6], mine[8]
    assert start.is_date and start.number_format == "yyyy-mm-dd"
    assert committed.value == 100000 and committed.number_format == "#,##0.00"
    assert next(workbook["Payments"].iter_rows(min_row=2))[5].number_format == "#,##0.00"


EXPORTS = {
    "awards": ["awards", "csv"],
    "payments": ["payments", "csv"],
    "indicators": ["indicators", "csv"],
    "xlsx": ["portfolio", "xlsx"],
}


def _queries_per_export(client) -> dict[str, int]:
    """The queries each export runs, a streamed CSV read to its end."""
    counts = {}
    for name, args in EXPORTS.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reporting:portfolio_export", args=args))
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and body
        counts[name] = len(queries)
    return counts


def test_exports_run_as_many_queries_for_30_awards_as_for_3(login, program_officer):
    client = login(program_officer)
    counts = {}
    for total in (3, 30):
        while Award.objects.count() < total:
            member = MembershipFactory()
            funded_award(organization=member.organization, officer=program_officer, owner=member.user)
        assert len(_csv(client, "awards")) == 1 + total
        counts[total] = _queries_per_export(client)
    assert counts[3] == counts[30]
    assert max(counts[30].values()) <= 10


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["$200,000.00", "Survivors supported"]), ("fr", ["Personnes survivantes soutenues"])],
)
def test_pdf_report(login, portfolio, program_officer, lang, words):
    response = login(program_officer).get(
        reverse("reporting:portfolio_export", args=["portfolio", "pdf"]), {"lang": lang, "fund": "CSF"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for word in words:
        assert word in text
    assert "Outcomes to date" in text or lang == "fr"


def test_exports_are_for_staff_only(client, login, portfolio, applicant, program_officer):
    urls = [
        reverse("reporting:portfolio_export", args=[k, "csv"]) for k in ("awards", "payments", "indicators")
    ]
    urls += [reverse("reporting:portfolio_export", args=["portfolio", f]) for f in ("xlsx", "pdf")]
    for url in urls:
        client.logout()
        assert client.get(url).status_code == 302
        assert login(applicant).get(url).status_code == 403
    assert (
        login(program_officer).get(reverse("reporting:portfolio_export", args=["awards", "pdf"])).status_code
        == 404
    )
