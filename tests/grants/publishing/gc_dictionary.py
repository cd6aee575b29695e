"""The Government of Canada's data dictionary for the proactive disclosure of grants and contributions
(open-data/ckanext-canada, ckanext/canada/tables/grants.yaml, template version 3), as checks on a CSV row: the
fields in their order, types, mandatory and conditionally mandatory fields, code lists and formats, and the
primary key. `problems(rows)` lists every rule a file breaks; an empty list is a valid file.

Written from the dictionary's obligations, validation texts, `*_required_formula`/`*_error_formula` and its
database trigger, which is what the open-government portal itself enforces on upload.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

FIELDS = (
    "agreement_number", "amendment_number", "amendment_date", "agreement_type", "agreement_title_en",
    "agreement_title_fr", "recipient_type", "recipient_business_number", "recipient_legal_name",
    "recipient_operating_name", "research_organization_name", "recipient_country", "recipient_province",
    "recipient_city", "recipient_postal_code", "federal_riding_name_en", "federal_riding_name_fr",
    "federal_riding_number", "prog_name_en", "prog_name_fr", "prog_purpose_en", "prog_purpose_fr",
    "alternate_agreement_number", "agreement_value", "foreign_currency_type", "foreign_currency_value",
    "agreement_start_date", "agreement_end_date", "agreement_termination_date", "coverage", "description_en",
    "description_fr", "naics_identifier", "expected_results_en", "expected_results_fr",
    "additional_information_en", "additional_information_fr",
)
AGREEMENT_TYPES = {"G", "C", "O"}
RECIPIENT_TYPES = {"F", "N", "S", "A", "G", "I", "P", "O"}
PROVINCES = {"ON", "QC", "NB", "NL", "PE", "SK", "YT", "AB", "BC", "MB", "NT", "NU", "NS"}
# choices/country.json is ISO 3166-1 alpha-2: the 360Giving schema copy beside this file carries that list.
COUNTRIES = set(
    json.loads((Path(__file__).parent / "schemas" / "360-giving-schema.json").read_text())["definitions"]["Location"][
        "properties"
    ]["countryCode"]["enum"]
)
POSTAL_CODE = re.compile(r"^[A-Z]\d[A-Z] \d[A-Z]\d$")
NINE_DIGITS = re.compile(r"^[1-9]\d{8}$")
FIVE_DIGITS = re.compile(r"^[1-9]\d{4}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SINCE_2018 = dt.date(2018, 4, 1)
SINCE_DEC_2025 = dt.date(2025, 12, 1)
SINCE_MAY_2026 = dt.date(2026, 5, 1)


def _date(value: str) -> dt.date | None:
    if not DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _money(value: str) -> Decimal | None:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount == amount.quantize(Decimal("0.01")) else None


def row_problems(row: dict[str, str]) -> list[str]:
    found = []

    def need(name):
        if not row.get(name, "").strip():
            found.append(f"{name} is mandatory")

    def choice(name, allowed):
        if row.get(name) and row[name] not in allowed:
            found.append(f"{name} {row[name]!r} is not in the code list")

    need("agreement_number")
    if "," in row.get("agreement_number", ""):
        found.append("agreement_number: comma is not allowed")
    if not re.fullmatch(r"\d+", row.get("amendment_number", "")):
        found.append("amendment_number must be a whole number")
    elif int(row["amendment_number"]) != 0:
        need("amendment_date")
    for name in ("amendment_date", "agreement_start_date", "agreement_end_date", "agreement_termination_date"):
        if row.get(name) and _date(row[name]) is None:
            found.append(f"{name} must be a date YYYY-MM-DD")
    need("agreement_value")
    value = _money(row.get("agreement_value", ""))
    if row.get("agreement_value") and value is None:
        found.append("agreement_value must be an amount")
    if bool(row.get("foreign_currency_type")) != bool(row.get("foreign_currency_value")):
        found.append("foreign_currency_type and foreign_currency_value go together")
    need("agreement_start_date")
    start = _date(row.get("agreement_start_date", ""))
    if start and start >= SINCE_2018:
        need("agreement_type")
        choice("agreement_type", AGREEMENT_TYPES)
        choice("recipient_type", RECIPIENT_TYPES)
        for name in ("recipient_legal_name", "recipient_country", "recipient_city", "description_en", "description_fr"):
            need(name)
        choice("recipient_country", COUNTRIES)
        if row.get("recipient_country") == "CA":
            need("recipient_province")
            choice("recipient_province", PROVINCES)
    if start and start >= SINCE_DEC_2025:
        for name in ("recipient_type", "prog_name_en", "prog_name_fr", "prog_purpose_en", "prog_purpose_fr",
                     "agreement_title_en", "agreement_title_fr", "agreement_end_date", "expected_results_en",
                     "expected_results_fr"):
            need(name)
        end = _date(row.get("agreement_end_date", ""))
        if end and start > end:
            found.append('"Agreement Start Date" cannot be after "Projected Agreement End Date"')
        if row.get("recipient_postal_code") and not POSTAL_CODE.match(row["recipient_postal_code"]):
            found.append('recipient_postal_code must be a Canadian postal code "A1A 1A1"')
        if row.get("recipient_business_number") and not NINE_DIGITS.match(row["recipient_business_number"]):
            found.append("recipient_business_number must be a 9 digit number")
        if row.get("federal_riding_number") and not FIVE_DIGITS.match(row["federal_riding_number"]):
            found.append("federal_riding_number must be a 5 digit number")
    if start and start >= SINCE_MAY_2026 and value is not None and value < 0:
        found.append('"Agreement Value" must be zero or greater')
    termination = _date(row.get("agreement_termination_date", ""))
    if termination and start and termination < start:
        found.append("agreement_termination_date cannot be before the start")
    return found


def problems(header: list[str], rows: list[dict[str, str]]) -> list[str]:
    found = []
    if tuple(header) != FIELDS:
        found.append(f"the fields are not the dictionary's, in its order: {header}")
    keys = set()
    for number, row in enumerate(rows, start=2):
        key = (row.get("agreement_number"), row.get("amendment_number"))
        if key in keys:
            found.append(f"line {number}: primary key {key} repeated")
        keys.add(key)
        found.extend(f"line {number}: {problem}" for problem in row_problems(row))
    return found
