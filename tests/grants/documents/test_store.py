"""Documents in a private S3 bucket, over real HTTP: moto's server stands in for S3 (tests/s3.py) and the
test uploads and downloads with `requests`, as the browser does. Nothing patches boto3."""

import base64
import hashlib
import io
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from grants.applications import services
from grants.applications.wizard import step_form
from grants.documents import services as documents
from grants.documents.models import Document, DocumentType
from grants.kernel.forms import cleaned_or_none
from grants.kernel.models import AuditEntry
from tests.factories import CallFactory
from tests.grants import document_files as files
from tests.grants.helpers import flash, page_text, step_url
from tests.s3 import documents_storage, send_to_bucket

UNAVAILABLE = (
    "Documents are temporarily unavailable: the document store cannot be reached. Nothing you entered is "
    "lost; try again in a few minutes."
)


@pytest.fixture
def call(db):
    return CallFactory(documents=["budget-workbook", "financial-statements", "letters-of-support"])


@pytest.fixture
def draft(applicant, organization, call):
    return services.application_start(organization=organization, call=call, by=applicant)


@pytest.fixture
def me(client, applicant):
    client.force_login(applicant)
    return client


def presign(client, application, code, name, size, replaces=None):
    data = {"document_type": code, "name": name, "size": str(size)}
    if replaces is not None:
        data["replaces"] = str(replaces.pk)
    return client.post(reverse("grants:document_presign", args=[application.pk]), data)


def confirm(client, application, key):
    return client.post(reverse("grants:document_confirm", args=[application.pk]), {"key": key})


def direct_upload(client, application, code, name, content, *, announced_size=None):
    presigned = presign(
        client, application, code, name, len(content) if announced_size is None else announced_size
    )
    assert presigned.status_code == 200, presigned.content
    sent = send_to_bucket(presigned.json(), name, content)
    assert sent.status_code in (200, 201, 204), sent.text
    return presigned.json(), confirm(client, application, presigned.json()["key"])


def test_the_page_offers_direct_uploads_when_a_bucket_is_configured(me, draft, s3_documents):
    response = me.get(step_url(draft, "documents"))

    content = response.content.decode()
    assert f'data-presign-url="{reverse("grants:document_presign", args=[draft.pk])}"' in content
    assert "/static/js/uploads.js" in content
    assert "Uploads are unavailable" not in page_text(response)


def test_a_file_goes_from_the_browser_to_the_bucket_and_back_through_the_portal(
    me, applicant, draft, s3_documents, settings
):
    content = files.pdf("Audited statements")

    presigned = presign(me, draft, "financial-statements", "Audited statements 2025.pdf", len(content)).json()

    key = presigned["key"]
    assert key.startswith("documents/") and len(key) > 70 and "Audited" not in key
    policy = json.loads(base64.b64decode(presigned["fields"]["policy"]))
    assert ["content-length-range", 1, settings.DOCUMENT_MAX_BYTES] in policy["conditions"]
    assert {"key": key} in policy["conditions"]
    pending = Document.objects.get(key=key)
    assert pending.status == Document.Status.PENDING and current_names(draft) == []

    assert send_to_bucket(presigned, "Audited statements 2025.pdf", content).status_code == 204
    confirmed = confirm(me, draft, key)

    assert confirmed.status_code == 200
    assert confirmed.json() == {
        "redirect": step_url(draft, "documents") + "#slot-financial-statements",
        "name": "Audited statements 2025.pdf",
    }
    document = Document.objects.get(key=key)
    assert document.status == Document.Status.CURRENT
    assert document.sha256 == hashlib.sha256(content).hexdigest() and document.size == len(content)
    assert document.content_type == "application/pdf"
    assert not (settings.MEDIA_ROOT / "documents").exists()  # nothing went through the web server's disk
    assert "Audited statements 2025.pdf Verified" in page_text(me.get(step_url(draft, "documents")))

    download = me.get(reverse("grants:document_download", args=[document.pk]))

    assert download.status_code == 302
    link = urlparse(download["Location"])
    query = parse_qs(link.query)
    assert link.netloc == urlparse(s3_documents.endpoint).netloc and link.path.endswith(key)
    assert query["X-Amz-Expires"] == ["300"]
    assert download["Cache-Control"] == "no-store"
    fetched = requests.get(download["Location"], timeout=30)
    assert fetched.status_code == 200 and fetched.content == content
    assert fetched.headers["Content-Disposition"] == 'attachment; filename="Audited statements 2025.pdf"'
    assert fetched.headers["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(
        action="document.downloaded", object_id=str(document.pk), actor=applicant
    ).exists()


def current_names(application):
    return sorted(
        Document.objects.filter(application=application, status=Document.Status.CURRENT).values_list(
            "original_name", flat=True
        )
    )


@pytest.mark.parametrize(
    ("name", "content", "announced", "message"),
    [
        (
            "statements.pdf",
            files.windows_program(),
            None,
            "“statements.pdf” is a Windows program, not a document, whatever its name says.",
        ),
        (
            "statements.pdf",
            files.xlsx(),
            None,
            "is named as a .pdf file but its content is an Excel workbook (XLSX)",
        ),
        (
            "statements.docx",
            files.plain_zip(),
            None,
            "is a ZIP archive, not a Word, Excel or OpenDocument file",
        ),
        # The browser announced a small file; the bucket holds an empty or oversized one: the portal measures.
        ("statements.pdf", b"", 10, "“statements.pdf” is empty (0 bytes)."),
        (
            "statements.pdf",
            files.padded_pdf(5000),
            100,
            "“statements.pdf” is 4.9\xa0KB; the limit is 4.0\xa0KB.",
        ),
    ],
)
def test_a_refused_object_is_deleted_from_the_bucket_and_the_reason_shown(
    me, draft, s3_documents, settings, name, content, announced, message
):
    settings.DOCUMENT_MAX_BYTES = 4096
    given = documents.document_upload(
        owner=draft,
        document_type=DocumentType.objects.get(code="budget-workbook"),
        file=SimpleUploadedFile("budget.xlsx", files.xlsx()),
        by=draft.created_by,
    )

    presigned, confirmed = direct_upload(
        me, draft, "financial-statements", name, content, announced_size=announced
    )

    assert confirmed.status_code == 400
    assert message in confirmed.json()["error"]
    assert not s3_documents.exists(presigned["key"])
    assert not Document.objects.filter(key=presigned["key"]).exists()
    assert current_names(draft) == ["budget.xlsx"] and s3_documents.exists(given.key)
    assert AuditEntry.objects.filter(action="document.rejected", object_id=str(draft.pk)).exists()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("../../budget.pdf", 100, "contains a folder separator"),
        ("C:\\budget.pdf", 100, "contains a folder separator"),
        # A C0 control character never gets this far (grants.kernel.inputs removes it); a bidi control does.
        ("budget\u2066.pdf", 100, "contains invisible control characters"),
        ("budget.pdf.exe", 100, "has two extensions (.pdf.exe)"),
        ("budget.exe", 100, "Files ending in .exe are not accepted."),
        ("budget.pdf", 0, "is empty (0 bytes)"),
        ("budget.pdf", 26 * 1024 * 1024, "is 26.0\xa0MB; the limit is 25.0\xa0MB"),
    ],
)
def test_what_can_be_refused_before_upload_is_refused_before_a_byte_moves(
    me, draft, s3_documents, name, size, message
):
    response = presign(me, draft, "financial-statements", name, size)

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Document.objects.filter(application=draft).exists()


def test_too_many_files_are_refused_at_presign(me, draft, s3_documents):
    direct_upload(me, draft, "budget-workbook", "budget.xlsx", files.xlsx())

    response = presign(me, draft, "budget-workbook", "budget-2.xlsx", 2000)

    assert response.status_code == 400
    assert response.json()["error"].startswith("“Budget workbook” takes one file, and it already has one.")


def test_a_confirmation_for_another_applications_key_is_refused_and_touches_nothing(
    me, client, draft, s3_documents, other_applicant, call
):
    theirs = services.application_start(
        organization=other_applicant.memberships.get().organization, call=call, by=other_applicant
    )
    client.force_login(other_applicant)
    their_upload = presign(client, theirs, "budget-workbook", "budget.xlsx", 1600).json()
    send_to_bucket(their_upload, "budget.xlsx", files.xlsx())
    me.force_login(draft.created_by)

    response = confirm(me, draft, their_upload["key"])

    assert response.status_code == 400
    assert response.json()["error"] == (
        "This upload does not belong to this application. Reload the page and upload the file again."
    )
    assert s3_documents.exists(their_upload["key"])
    assert Document.objects.get(key=their_upload["key"]).status == Document.Status.PENDING
    assert current_names(draft) == []


def test_a_confirmation_without_an_upload_says_the_file_did_not_arrive(me, draft, s3_documents):
    presigned = presign(me, draft, "budget-workbook", "budget.xlsx", 1600).json()

    response = confirm(me, draft, presigned["key"])

    assert response.json()["error"] == (
        "The upload of “budget.xlsx” did not arrive. Check your connection, then upload it again."
    )
    assert not Document.objects.filter(key=presigned["key"]).exists()


def test_a_repeated_confirmation_is_answered_once(me, draft, s3_documents):
    presigned, first = direct_upload(me, draft, "budget-workbook", "budget.xlsx", files.xlsx())

    second = confirm(me, draft, presigned["key"])

    assert first.status_code == second.status_code == 200
    assert current_names(draft) == ["budget.xlsx"]


def test_replacing_and_removing_in_the_bucket(me, draft, s3_documents):
    presigned, _ = direct_upload(me, draft, "budget-workbook", "budget.xlsx", files.xlsx())
    first = Document.objects.get(key=presigned["key"])
    replacement = presign(me, draft, "budget-workbook", "budget-v2.xlsx", 1600, replaces=first).json()
    send_to_bucket(replacement, "budget-v2.xlsx", files.xlsx())
    confirm(me, draft, replacement["key"])
    second = Document.objects.get(key=replacement["key"])

    me.post(reverse("grants:document_remove", args=[second.pk]))

    first.refresh_from_db()
    assert first.status == Document.Status.REPLACED and s3_documents.exists(first.key)  # history keeps it
    assert not Document.objects.filter(pk=second.pk).exists() and not s3_documents.exists(second.key)


def test_without_javascript_the_portal_streams_the_file_into_the_bucket(me, draft, s3_documents, settings):
    content = files.docx()

    response = me.post(
        reverse("grants:document_upload", args=[draft.pk]),
        {"document_type": "letters-of-support", "file": SimpleUploadedFile("Letter.docx", content)},
    )

    assert flash(response) == ["“Letter.docx” is uploaded and verified."]
    document = Document.objects.get(application=draft)
    assert s3_documents.read(document.key) == content
    assert document.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert not (settings.MEDIA_ROOT / "documents").exists()


def test_an_unreachable_bucket_says_uploads_are_unavailable_and_keeps_the_draft(
    me, applicant, draft, s3_unreachable
):
    typed = {"project-project_title": ["Safe Futures"]}  # a step saved half-done
    project = services.application_save_step(
        application=draft,
        step="project",
        data=typed,
        cleaned=cleaned_or_none(step_form(draft, "project", typed)),
        expected_version=0,
        by=applicant,
    )

    page = me.get(step_url(draft, "documents"))
    uploaded = me.post(
        reverse("grants:document_upload", args=[draft.pk]),
        {"document_type": "budget-workbook", "file": SimpleUploadedFile("budget.xlsx", files.xlsx())},
    )
    presigned = presign(me, draft, "budget-workbook", "budget.xlsx", 1600)

    assert page.status_code == 200
    assert "Uploads are unavailable right now" in page_text(page)
    assert 'class="document-upload"' not in page.content.decode()
    assert flash(uploaded) == [UNAVAILABLE]
    assert presigned.status_code == 503 and presigned.json() == {"error": UNAVAILABLE}
    assert not Document.objects.filter(application=draft).exists()
    project.refresh_from_db()
    assert project.data == typed
    assert me.get(step_url(draft, "project")).status_code == 200


def test_a_confirmation_while_the_bucket_is_unreachable_keeps_the_upload_pending(
    me, draft, s3_documents, settings, moto_endpoint
):
    presigned = presign(me, draft, "budget-workbook", "budget.xlsx", 1600).json()
    send_to_bucket(presigned, "budget.xlsx", files.xlsx())
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage("http://127.0.0.1:9")}

    response = confirm(me, draft, presigned["key"])

    assert response.status_code == 503 and response.json() == {"error": UNAVAILABLE}
    assert Document.objects.get(key=presigned["key"]).status == Document.Status.PENDING
    settings.STORAGES = {**settings.STORAGES, "documents": documents_storage(moto_endpoint)}
    assert confirm(me, draft, presigned["key"]).status_code == 200


def test_uploads_never_confirmed_are_discarded_after_a_day(me, draft, s3_documents):
    old = presign(me, draft, "budget-workbook", "budget.xlsx", 1600).json()
    send_to_bucket(old, "budget.xlsx", files.xlsx())
    Document.objects.filter(key=old["key"]).update(created_at=timezone.now() - timedelta(days=2))
    recent = presign(me, draft, "financial-statements", "statements.pdf", 1600).json()

    out = io.StringIO()
    call_command("discard_stale_uploads", stdout=out)

    assert out.getvalue().strip() == "1 unconfirmed upload discarded."
    assert not Document.objects.filter(key=old["key"]).exists() and not s3_documents.exists(old["key"])
    assert Document.objects.get(key=recent["key"]).status == Document.Status.PENDING
