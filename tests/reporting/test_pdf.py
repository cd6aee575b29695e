"""The PDF portfolio report (reporting/pdf.py), in English and in French."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader


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
