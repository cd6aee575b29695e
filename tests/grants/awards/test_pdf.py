"""The agreement PDF as a reader finds it: both languages, the amounts, the names, every page numbered."""

import copy
import hashlib
import io
import re

from django.urls import reverse
from pypdf import PdfReader

from grants.awards.pdf import agreement_pdf
from tests.grants.awards.award_factories import award_for


def pages_of(content: bytes) -> list[str]:
    """Each page's text, with non-breaking spaces read as spaces and lines joined."""
    return [
        re.sub(r"\s+", " ", page.extract_text().replace("\xa0", " "))
        for page in PdfReader(io.BytesIO(content)).pages
    ]


def test_every_page_carries_the_reference_and_its_number(accepted_award):
    pages = pages_of(accepted_award.agreements.get().pdf.read())
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert accepted_award.reference in text
        assert f"Page {number} of {len(pages)} / Page {number} de {len(pages)}" in text


def test_the_letter_and_schedules_in_both_languages_with_the_amounts_and_names(
    approved_application, program_officer, applicant
):
    from grants.awards import services

    award = award_for(
        approved_application,
        officer=program_officer,
        risk_level="low",
        conditions_en="Send the signed board resolution first.",
        conditions_fr="Envoyer d'abord la résolution signée du conseil.",
    )
    services.agreement_accept(
        agreement=award.agreements.get(),
        by=applicant,
        signer_name="Alex Martin",
        signer_title="Executive Director",
    )
    agreement = award.agreements.get()
    text = " ".join(pages_of(agreement.pdf.read()))

    for heading in (
        "Award letter",
        "Lettre d'attribution",
        "Schedule A – Project / Annexe A – Projet",
        "Schedule B – Budget by fiscal year / Annexe B – Budget par exercice",
        "Schedule C – Payment plan / Annexe C – Calendrier des paiements",
        "Schedule D – Reporting schedule / Annexe D – Calendrier des rapports",
        "Schedule E – Conditions / Annexe E – Conditions",
        "Acceptance / Acceptation",
    ):
        assert heading in text
    assert approved_application.organization.legal_name in text
    assert approved_application.title in text
    assert "funding of up to $105,000.00 under the Community Supports Fund" in text
    assert "financement maximal de 105 000,00 $ au titre du Fonds de soutien communautaire" in text
    assert "2027–28 $52,500.00 52 500,00 $" in text
    for payment in award.payments.all():
        assert f"${payment.amount:,.2f}" in text
        assert payment.due_date.strftime("%B %-d, %Y") in text
    for period in award.reporting_periods.all():
        assert period.due_date.strftime("%B %-d, %Y") in text
    assert "Risk level Low: half-yearly reports, with no first-quarter report" in text
    assert "Send the signed board resolution first." in text
    assert "Envoyer d'abord la résolution signée du conseil." in text
    assert "Accepted in the portal by Alex Martin, Executive Director, on" in text
    assert "Acceptée dans le portail par Alex Martin, Executive Director, le" in text


def test_an_agreement_not_yet_accepted_says_so(award, applicant, client):
    client.force_login(applicant)
    response = client.get(reverse("grants:agreement_pdf", args=[award.pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pages_of(response.content))
    assert "Not yet accepted" in text and "Pas encore acceptée" in text


def test_the_accepted_pdf_downloads_exactly_as_stored(accepted_award, applicant, client):
    client.force_login(applicant)
    response = client.get(reverse("grants:agreement_pdf", args=[accepted_award.pk, 1]))
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == accepted_award.agreements.get().sha256
    assert f'filename="{accepted_award.reference}-agreement-v1.pdf"' in response["Content-Disposition"]


def test_a_long_project_description_flows_across_pages(award):
    terms = copy.deepcopy(award.agreements.get().terms)
    for field in terms["project"]["fields"]:
        if field["name"] == "description":
            field["value_en"] = field["value_fr"] = "Weekly workshops and mentoring. " * 900
    pages = pages_of(agreement_pdf(terms=terms))
    assert len(pages) >= 8
    assert all(f"of {len(pages)} / Page" in text for text in pages)
