"""The one writer of exports: text a spreadsheet would run as a formula is never a formula, in CSV or XLSX;
money keeps two decimals."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from grants.kernel.exports import FORMULA_STARTS, csv_response, xlsx_bytes, xlsx_response

# Each character a spreadsheet reads as the start of a formula, leading a value an applicant could type.
FORMULAS = [f"{start}HYPERLINK(\"http://evil.example\",\"Click\")" for start in FORMULA_STARTS]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # so that spreadsheet programs read the accents right
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def sheet_rows(content: bytes, title: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content))[title].iter_rows())


@pytest.mark.parametrize("text", FORMULAS)
def test_every_formula_start_is_escaped_in_csv(text):
    [row] = csv_rows(csv_response([["Organization", text]], filename="x.csv"))

    assert row == ["Organization", "'" + text]


def test_csv_keeps_plain_text_numbers_and_dates_and_writes_money_with_two_decimals():
    rows = [
        ["Centre d'aide Horizon", Decimal("25000"), Decimal("1234.5"), Decimal("0.125"), 3, -5, None,
         dt.date(2027, 4, 1)],
    ]

    [row] = csv_rows(csv_response(rows, filename="x.csv"))

    assert row == ["Centre d'aide Horizon", "25000.00", "1234.50", "0.12", "3", "-5", "", "2027-04-01"]


def test_csv_is_an_attachment_never_cached():
    response = csv_response([["a"]], filename="awards-2027.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="awards-2027.csv"'
    assert response["Cache-Control"] == "no-store"


def test_every_formula_start_is_stored_as_a_string_cell_in_xlsx():
    content = xlsx_bytes([("Applications", [[text] for text in FORMULAS])])

    cells = [row[0] for row in sheet_rows(content, "Applications")]
    # XML reads a stored carriage return back as a line feed; either way the cell is text.
    assert [cell.value for cell in cells] == [text.replace("\r", "\n") for text in FORMULAS]
    assert {cell.data_type for cell in cells} == {"s"}


def test_xlsx_money_is_a_number_with_two_decimals_text_stays_text_and_a_date_is_a_date():
    content = xlsx_bytes([("Awards", [["Centre d'aide Horizon", Decimal("25000.5"), None, 3, dt.date(2027, 4, 1)]])])

    [[name, amount, empty, count, day]] = sheet_rows(content, "Awards")
    assert (name.value, name.data_type) == ("Centre d'aide Horizon", "s")
    assert (amount.value, amount.data_type, amount.number_format) == (25000.5, "n", "#,##0.00")
    assert empty.value is None
    assert count.value == 3
    assert (day.value, day.data_type, day.is_date) == (dt.datetime(2027, 4, 1), "d", True)


def test_xlsx_has_a_sheet_per_title_cut_to_the_31_characters_allowed():
    long_title = "Applications received for the Community Supports Fund"
    content = xlsx_bytes([("Summary", [["a"]]), (long_title, [["b"]])])

    assert load_workbook(io.BytesIO(content)).sheetnames == ["Summary", long_title[:31]]


def test_xlsx_is_an_attachment_never_cached():
    response = xlsx_response([("Awards", [["a"]])], filename="awards.xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="awards.xlsx"'
    assert response["Cache-Control"] == "no-store"
