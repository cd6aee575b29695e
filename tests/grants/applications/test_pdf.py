"""The PDF of what was submitted."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from grants.applications import services


def test_the_pdf_holds_the_reference_and_the_project_title(me, complete, applicant):
    application = services.application_submit(application=complete, by=applicant)

    response = me.get(reverse("grants:application_pdf", args=[application.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{application.reference}.pdf"' in response["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert application.reference in text
    assert "Safe Futures for Youth" in text
    assert "$105,000.00" in text


def test_a_draft_has_no_pdf(me, draft):
    assert me.get(reverse("grants:application_pdf", args=[draft.pk])).status_code == 404
