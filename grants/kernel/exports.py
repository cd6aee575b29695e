"""The one writer of spreadsheet files (CSV and XLSX) for every export.

Text that a spreadsheet would read as a formula (=, +, -, @, a tab or a carriage return first, or their
full-width forms) is neutralized: in CSV it is prefixed with an apostrophe, in XLSX it is written as a string
cell. Organization names, titles and reasons are typed by applicants, so every text cell goes through here.
Decimal values are money: fixed two decimals in CSV, a number with a two-decimal format in XLSX. Dates are
ISO text in CSV and date cells (yyyy-mm-dd) in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from grants.kernel.responses import private_file

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MONEY_FORMAT = "#,##0.00"
CENT = Decimal("0.01")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value.quantize(CENT))
    if isinstance(value, str):
        return "'" + value if is_formula_like(value) else value
    if isinstance(value, int | float | bool):
        return value
    text = str(value)  # lazy translations, dates: as text
    return "'" + text if is_formula_like(text) else text


class _Echo:
    """csv.writer writes into this and gets the line back, so that rows stream one by one."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read the accents right
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(rows: Iterable[Iterable], *, filename: str) -> StreamingHttpResponse:
    return private_file(
        StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8"), filename=filename
    )


def xlsx_cell(sheet, value):
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    # A date stays a date cell; a datetime is written as text, since a spreadsheet cell holds no time zone.
    is_date = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if value is not None and not is_date and not isinstance(value, int | float | bool | str):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold (older rows)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[Iterable]]]) -> bytes:
    """One workbook with a sheet per (title, rows), written row by row (openpyxl's write-only mode)."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        for row in rows:
            sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(sheets: Iterable[tuple[str, Iterable[Iterable]]], *, filename: str) -> HttpResponse:
    return private_file(HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE), filename=filename)
