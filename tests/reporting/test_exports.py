"""The portfolio exports (reporting/exports.py, written by grants.kernel.exports): what each CSV and the XLSX
workbook hold, formula-like text neutralized, a fixed number of queries, staff only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grants.awards.models import Award
from reporting.models import IndicatorValue
from tests.factories import MembershipFactory
from tests.reporting.factories import funded_award


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

    # Money as fixed two-decimal values in every row, never "180000" beside "22377.0500000000".
    money_cells = [row[i] for row in awards[1:] for i in (8, 9, 10)]
    assert money_cells and all(re.fullmatch(r"\d+\.\d{2}", cell) for cell in money_cells), money_cells

    payments = _csv(client, "payments")
    assert all(re.fullmatch(r"\d+\.\d{2}", row[5]) for row in payments[1:]), [row[5] for row in payments]
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


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralized(login, portfolio, program_officer):
    organization = portfolio.application.organization
    organization.legal_name = '=HYPERLINK("http://example.com","Open me")'
    organization.save(update_fields=["legal_name"])
    client = login(program_officer)

    row = next(row for row in _csv(client, "awards") if row[0] == portfolio.reference)
    assert row[1] == "'" + organization.legal_name  # read as text, never run

    response = client.get(reverse("reporting:portfolio_export", args=["portfolio", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content))["Awards"]
    cell = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == portfolio.reference)[1]
    assert cell.value == organization.legal_name and cell.data_type == "s"


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
