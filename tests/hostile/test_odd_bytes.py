"""NUL and other control characters, at the edge (grants.kernel.inputs): in an address they name nothing (404
page); in a query string or a cookie they are dropped; in posted text they are removed, the page says so and
everything else typed is kept. No request gives a server error, on SQLite or PostgreSQL (which refuses NUL)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.applications.models import Application
from grants.documents.models import Document
from grants.kernel.models import AuditEntry
from reporting.models import ProgressReport
from tests.grants import document_files as files
from tests.grants.helpers import answers_for, flash, page_text, post_step, saved

REMOVED = "Invisible control characters were removed from what you sent; everything else is kept."
# The C0 and C1 controls a tester (or a broken copy and paste) sends; tab and line feed are text (9 inputs).
CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f"]


@pytest.mark.parametrize("path", ["/invitations/%00/", "/invitations/abc%01def/", "/calls/%00/", "/%1b/"])
def test_an_address_with_a_control_character_is_a_page_not_found(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "We can't find that page" in page_text(response)


@pytest.mark.parametrize(
    "query",
    ["fund=%00", "region=%00&status=%1b", "call=%00&fiscal_year=%7f", "page=%00", "fund=CSF%00"],
)
def test_a_query_string_with_control_characters_is_read_without_them(login, program_officer, query):
    response = login(program_officer).get(f"{reverse('grants:award_list')}?{query}")

    assert response.status_code == 200


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "django_language"])
def test_a_cookie_with_a_nul_is_ignored(client, db, cookie):
    client.cookies[cookie] = "\x00abcdefghijklmnop"

    assert client.get(reverse("grants:call_list")).status_code == 200


@pytest.mark.parametrize("control", CONTROLS)
def test_the_wizard_saves_typed_answers_without_control_characters_and_says_so(me, draft, control):
    answers = answers_for(
        draft, "project", project_title=f"Safe{control} Futures", summary=f"Outreach{control} in schools."
    )

    response = post_step(me, draft, "project", answers)

    assert response.status_code == 302
    assert any(REMOVED in message for message in flash(response))
    data = saved(draft, "project").data
    assert data["project-project_title"] == ["Safe Futures"]
    assert data["project-summary"] == ["Outreach in schools."]
    assert saved(draft, "project").is_valid  # everything else was kept: the step is complete
    assert Application.objects.get(pk=draft.pk).title == "Safe Futures"


def test_an_invalid_page_with_a_nul_keeps_every_answer_on_the_page(me, draft):
    answers = answers_for(draft, "project", project_title="Safe\x00 Futures", summary="")

    response = post_step(me, draft, "project", answers)

    assert response.status_code == 200
    text = page_text(response)
    assert REMOVED in text and "This field is required." in text
    assert 'value="Safe Futures"' in response.content.decode()
    assert saved(draft, "project").data["project-project_title"] == ["Safe Futures"]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_report_narrative_with_control_characters_is_saved_without_them(login, funded, applicant, control):
    client = login(applicant)
    period = funded.reporting_periods.get(number=1)
    client.post(reverse("reporting:report_start", args=[period.pk]))
    report = ProgressReport.objects.get(period=period)

    response = client.post(
        reverse("reporting:report_step", args=[report.pk, "narrative"]),
        {"awareness": f"Twelve{control} workshops.", "step_version": "0"},
    )

    assert response.status_code == 302
    assert any(REMOVED in message for message in flash(response))
    assert ProgressReport.objects.get(pk=report.pk).narratives["awareness"] == "Twelve workshops."


def test_a_withdrawal_reason_with_a_nul_withdraws_and_keeps_the_reason(me, draft):
    url = reverse("grants:application_withdraw", args=[draft.pk])
    response = me.post(url, {"reason": "Merged\x00 with a partner."})

    assert response.status_code == 302
    assert Application.objects.get(pk=draft.pk).status == Application.Status.WITHDRAWN
    entry = AuditEntry.objects.get(action="application.withdrawn")
    assert entry.details["reason"] == "Merged with a partner."


def test_an_upload_whose_document_type_is_a_nul_asks_which_document_it_is(me, draft):
    response = me.post(
        reverse("grants:document_upload", args=[draft.pk]),
        {"document_type": "\x00", "file": SimpleUploadedFile("budget.xlsx", files.xlsx())},
    )

    assert response.status_code == 302
    assert "Choose which document this file is." in flash(response)
    assert not Document.objects.filter(application=draft).exists()


def test_a_direct_upload_with_nuls_is_refused_in_words(me, draft, s3_documents):
    presign = me.post(
        reverse("grants:document_presign", args=[draft.pk]), {"document_type": "\x00", "name": "a.pdf", "size": "9"}
    )
    confirm = me.post(reverse("grants:document_confirm", args=[draft.pk]), {"key": "\x00"})

    assert presign.status_code == 400 and presign.json() == {"error": "Choose which document this file is."}
    assert confirm.status_code == 400 and "error" in confirm.json()
