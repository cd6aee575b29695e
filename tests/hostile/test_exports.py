"""Spreadsheet formula injection: every export goes through grants.kernel.exports, and text that a spreadsheet
would run as a formula (typed by an organization's owner, or by staff) comes out as text, whatever character
leads it. Each export is tried with each leading character of the table."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.kernel.exports import FORMULA_STARTS
from grants.organizations import services as organizations
from reporting.models import Indicator
from tests.scoring.factories import SubmittedApplicationFactory, assign, reviewer, submitted_review

# The finding's payload behind each character a spreadsheet reads as the start of a formula (11 inputs).
HOSTILE = [f'{start}HYPERLINK("http://x","y")' for start in FORMULA_STARTS]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def rename(organization, name: str, by) -> None:
    """What an owner can do at any time: rename the organization from its profile."""
    organizations.organization_update(organization=organization, by=by, data={"legal_name": name})


def as_text(value: str) -> str:
    return "'" + value


@pytest.mark.parametrize("text", HOSTILE)
def test_ranking_csv(client, review_call, program_officer, text):
    application = SubmittedApplicationFactory(call=review_call, title=text, organization__legal_name=text)
    submitted_review(assign(application, reviewer()), [3, 3])
    client.force_login(program_officer)

    [header, row] = csv_rows(client.get(reverse("scoring:ranking_csv", args=[review_call.slug])))

    assert row[header.index("Organization")] == as_text(text)
    assert row[header.index("Project title")] == as_text(text)


def test_portfolio_awards_csv(login, portfolio, organization, applicant, program_officer):
    client = login(program_officer)
    for text in HOSTILE:
        rename(organization, text, applicant)
        rows = csv_rows(client.get(reverse("reporting:portfolio_export", args=["awards", "csv"])))
        mine = next(row for row in rows if row[0] == portfolio.reference)
        assert mine[1] == as_text(text), text


def test_portfolio_indicators_csv(login, portfolio, program_officer):
    client = login(program_officer)
    for text in HOSTILE:
        # Staff name indicators in the back office.
        Indicator.objects.filter(code="survivors-supported").update(name_en=text)
        rows = csv_rows(client.get(reverse("reporting:portfolio_export", args=["indicators", "csv"])))
        assert as_text(text) in [row[0] for row in rows], text


def test_portfolio_xlsx(login, portfolio, organization, applicant, program_officer):
    client = login(program_officer)
    for text in HOSTILE:
        rename(organization, text, applicant)
        Indicator.objects.filter(code="survivors-supported").update(name_en=text)
        response = client.get(reverse("reporting:portfolio_export", args=["portfolio", "xlsx"]))
        assert response["Cache-Control"] == "no-store"
        workbook = load_workbook(io.BytesIO(response.content))
        # A string cell is never run as a formula; XML reads a stored carriage return back as a line feed.
        shown = text.replace("\r", "\n")
        cells = [row[1] for row in workbook["Awards"].iter_rows(min_row=2) if row[0].value == portfolio.reference]
        cells += [row[0] for row in workbook["Indicators"].iter_rows(min_row=2) if row[0].value == shown]
        assert [(c.value, c.data_type) for c in cells] == [(shown, "s")] * 2, text


def test_an_export_of_text_stored_with_control_characters_still_opens(login, portfolio, organization, program_officer):
    """Rows saved before the edge removed control characters: XML cannot hold them, the workbook drops them."""
    # Not NUL, which PostgreSQL itself refuses.
    type(organization).objects.filter(pk=organization.pk).update(legal_name="Safe\x01 Harbour\x1b")
    response = login(program_officer).get(reverse("reporting:portfolio_export", args=["portfolio", "xlsx"]))
    names = [row[1].value for row in load_workbook(io.BytesIO(response.content))["Awards"].iter_rows(min_row=2)]
    assert "Safe Harbour" in names
