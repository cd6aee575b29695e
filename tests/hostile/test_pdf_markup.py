"""Every PDF escapes what people and staff typed for reportlab, whose paragraphs read a markup language: each text
of the table prints as typed in the application's, the agreement's, the reviewer's and the portfolio's PDF, and
none breaks the PDF or pulls in a file."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from grants.applications.models import Application
from reporting.models import Indicator

# reportlab markup, broken markup and entities (10 inputs).
MARKUP = [
    "<b>bold</b>",
    "<font size=200>huge",
    "</para>",
    '<img src="/etc/passwd"/>',
    '<a href="javascript:alert(1)">link</a>',
    "<unknown attr='x'>",
    "Smith & Sons &amp; &nbsp &#0; &bogus;",
    "<br>",
    "1 < 2 > 0",
    "<![CDATA[ x ]]>",
]


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def squashed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("text", MARKUP)
def test_the_application_and_agreement_pdfs_print_typed_text_as_typed(client, award, applicant, text):
    application = award.application
    for section in application.snapshot["sections"]:
        for field in section["fields"]:
            if field["name"] == "summary":
                field["value_en"] = field["value_fr"] = f"Summary: {text}"
    Application.objects.filter(pk=application.pk).update(snapshot=application.snapshot)
    agreement = award.agreements.get(version=1)
    agreement.terms["conditions_en"] = f"Condition: {text}"
    agreement.save(update_fields=["terms"])
    client.force_login(applicant)

    for url in (
        reverse("grants:application_pdf", args=[application.pk]),
        reverse("grants:agreement_pdf", args=[award.pk, 1]),
    ):
        assert squashed(text) in squashed(pdf_text(client.get(url))), url


@pytest.mark.parametrize("text", MARKUP)
def test_the_portfolio_pdf_prints_staff_indicator_names_as_typed(login, portfolio, program_officer, text):
    Indicator.objects.filter(code="survivors-supported").update(name_en=text)

    response = login(program_officer).get(reverse("reporting:portfolio_export", args=["portfolio", "pdf"]))

    assert squashed(text) in squashed(pdf_text(response))


def test_the_reviewers_pdf_prints_typed_text_as_typed(client, blind):
    application = blind["application"]
    for section in application.snapshot["sections"]:
        for field in section["fields"]:
            if field["name"] == "description":
                field["value_en"] = field["value_fr"] = "\n".join(MARKUP)
    Application.objects.filter(pk=application.pk).update(snapshot=application.snapshot)
    assignment = blind["assignment"]
    client.force_login(blind["reviewer"])
    client.post(reverse("scoring:declare", args=[assignment.pk]), {"declaration": "none"})

    text = squashed(pdf_text(client.get(reverse("scoring:pdf", args=[assignment.pk]))))

    assert [markup for markup in MARKUP if squashed(markup) not in text] == []
