"""Blind review masks what people actually write about who applies, not only the exact strings on file: each
variant of the table, written into the proposal, reaches neither the reviewer's page nor the PDF; the proposal
itself does. The call's set-up page says what is not masked: the contents of uploaded files."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from scoring.blind import Masker
from tests.grants.helpers import page_text

# The organization is "Zebra Unique Society" (operating as "Zebra Youth Circle"), registration 1234567, at
# 77 Quokka Lane, M5H 2N2, hello@zebra-unique.example.org; its owner Quentin Blindtest, its contact Alex Martin,
# 416-555-0123 (44 inputs).
VARIANTS = [
    "Zebra Unique Society's", "zebra unique society", "ZEBRA UNIQUE SOCIETY", "Zebra-Unique-Society",
    "ZebraUnique", "Zebra  Unique", "Zebra, Unique", "Unique Society", "Zebra Youth Circle", "Zebra-Youth",
    "Zebra’s", "Unique", "ZUS", "Z.U.S.", "ZYC",
    "zebra-unique.example.org", "www.zebra-unique.example.org", "https://zebra-unique.example.org/about",
    "shop.zebra-unique.example.org", "ZEBRA-UNIQUE.EXAMPLE.ORG", "hello@zebra-unique.example.org",
    "123 4567", "123-45-67", "1234567",
    "(416) 555-0123", "416.555.0123", "+1 416 555 0123", "4165550123", "416 555 0123",
    "M5H 2N2", "m5h2n2", "M5H-2N2",
    "77 Quokka Ln.", "77, Quokka Lane", "Quokka Lane", "77 QUOKKA LANE", "Quokka Ln",
    "Quentin", "Blindtest", "QUENTIN BLINDTEST", "quentin blindtest", "Alex", "Martin", "Alex Martin",
]
PROPOSAL = "Peer mentors run weekly drop-in sessions for youth at risk."


@pytest.fixture
def written_into_the_proposal(blind):
    """The `blind` world of tests/scoring/test_blind.py, each variant written into the project's description."""
    application = blind["application"]
    for section in application.snapshot["sections"]:
        for field in section["fields"]:
            if field["name"] == "description":
                field["value_en"] = field["value_fr"] = PROPOSAL + "\n" + "\n".join(f"[{v}]" for v in VARIANTS)
    application.save(update_fields=["snapshot"])
    return blind


def found(text: str) -> list[str]:
    return [variant for variant in VARIANTS if f"[{variant}]".lower() in text.lower()]


def test_no_variant_reaches_the_reviewer_page_or_pdf(client, written_into_the_proposal):
    assignment = written_into_the_proposal["assignment"]
    client.force_login(written_into_the_proposal["reviewer"])
    client.post(reverse("scoring:declare", args=[assignment.pk]), {"declaration": "none"})

    page = page_text(client.get(reverse("scoring:score", args=[assignment.pk])))
    pdf = client.get(reverse("scoring:pdf", args=[assignment.pk]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)

    assert PROPOSAL in page and "Peer mentors run weekly" in text
    assert found(page) == [] and page.count("[withheld]") >= len(VARIANTS)
    assert found(text) == []
    assert pdf["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "sentence",
    [
        "safe housing for youth in the community",
        "the zebra crossing near the school",
        "a unique approach to outreach",
        "Youth Services in Toronto and Community Supports",
        "Our budget.xlsx lists 12 workshops in 2027.",
    ],
)
def test_ordinary_words_of_a_proposal_are_left_as_written(sentence):
    masker = Masker(
        names=["Zebra Unique Society", "Safe Harbour Youth Services"], people=["Alex Martin"],
        addresses=["77 Quokka Lane"], numbers=["1234567"], emails=["hello@zebra-unique.example.org"],
    )

    assert masker.mask(sentence) == sentence


def test_the_call_set_up_page_says_what_blind_review_does_not_mask(admin_client, open_call):
    page = admin_client.get(reverse("setup:call_edit", args=[open_call.pk])).content.decode()

    assert "The contents of uploaded files are not rewritten" in page
