"""Documents on the embedded default (local disk, uploads through the portal): the documents step, every
refused input, versions, removal, immutability after submission, the review page and the snapshot."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.applications import services
from grants.applications.demo import complete_application
from grants.applications.models import Application
from grants.documents import services as documents
from grants.documents.models import Document, DocumentType
from grants.kernel import errors
from grants.kernel.models import AuditEntry
from tests.factories import CallFactory, submitted_application
from tests.grants import document_files as files
from tests.grants.helpers import flash, page_text, step_url

TYPES = ["budget-workbook", "financial-statements", "letters-of-support"]


@pytest.fixture
def call(db):
    return CallFactory(documents=TYPES)


@pytest.fixture
def draft(applicant, organization, call):
    return services.application_start(organization=organization, call=call, by=applicant)


@pytest.fixture
def me(client, applicant):
    client.force_login(applicant)
    return client


def upload(client, application, code, *named_files, replaces=None, **headers):
    """Post the slot's upload form as a browser does without JavaScript."""
    data = {
        "document_type": code,
        "file": [SimpleUploadedFile(name, content) for name, content in named_files],
    }
    if replaces is not None:
        data["replaces"] = str(replaces.pk)
    return client.post(reverse("grants:document_upload", args=[application.pk]), data, **headers)


def given(application, code, name, content, *, replaces=None):
    """A file already uploaded (setup, through the same service as the page)."""
    return documents.document_upload(
        owner=application,
        document_type=DocumentType.objects.get(code=code),
        file=SimpleUploadedFile(name, content),
        by=application.created_by,
        replaces=replaces,
    )


def stored(settings) -> list:
    folder = settings.MEDIA_ROOT / "documents"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def current(application, code=None):
    documents_ = Document.objects.filter(application=application, status=Document.Status.CURRENT)
    return list(documents_.filter(document_type__code=code) if code else documents_)


# --- The documents step ----------------------------------------------------------------------------------


def test_the_documents_step_offers_one_slot_per_required_type(me, draft):
    response = me.get(step_url(draft, "documents"))

    text = page_text(response)
    assert response.status_code == 200
    for name in ("Budget workbook", "Financial statements", "Letters of support"):
        assert f"Choose a file for “{name}”" in text or f"Choose one or more files for “{name}”" in text
    assert "Proof of insurance" not in text
    assert text.count("No file uploaded yet.") == 3
    assert "Up to 5 files." in text
    content = response.content.decode()
    # Without a bucket, the forms post through the portal: no presigned upload is offered.
    assert 'enctype="multipart/form-data"' in content and "data-presign-url" not in content
    assert 'id="id_documents-doc_budget_workbook"' in content


def test_an_applicant_uploads_a_document_and_sees_it_verified(me, applicant, draft, settings):
    content = files.xlsx()

    response = upload(me, draft, "budget-workbook", ("Budget 2026-27.xlsx", content))

    assert response.status_code == 302
    assert response.url == step_url(draft, "documents") + "#slot-budget-workbook"
    assert flash(response) == ["“Budget 2026-27.xlsx” is uploaded and verified."]
    [document] = current(draft, "budget-workbook")
    assert document.original_name == "Budget 2026-27.xlsx"
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert document.uploaded_by == applicant and document.organization == draft.organization
    # Stored under an unguessable key, not under the name the applicant chose, readable by the portal only.
    assert document.key.startswith("documents/") and len(document.key) > 70 and "Budget" not in document.key
    path = settings.MEDIA_ROOT / document.key
    assert path.read_bytes() == content
    assert path.stat().st_mode & 0o077 == 0
    assert AuditEntry.objects.filter(
        action="document.uploaded", object_id=str(document.pk), actor=applicant
    ).exists()

    page = me.get(step_url(draft, "documents"))
    text = page_text(page)
    assert "Budget 2026-27.xlsx Verified" in text
    assert "1.6 KB" in text and applicant.get_full_name() in text
    assert reverse("grants:document_download", args=[document.pk]) in page.content.decode()


def test_a_document_downloads_through_the_portal_under_its_own_name(me, applicant, draft):
    document = given(draft, "financial-statements", "États financiers 2025.pdf", files.pdf())

    response = me.get(reverse("grants:document_download", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C3%89tats%20financiers%202025.pdf"
    )
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="document.downloaded")
    assert entry.actor == applicant and entry.object_id == str(document.pk)


def test_several_letters_of_support_upload_at_once(me, draft):
    letters = [(f"letter-{n}.pdf", files.pdf(f"Letter {n}")) for n in range(3)]

    response = upload(me, draft, "letters-of-support", *letters)

    assert len(flash(response)) == 3
    assert sorted(d.original_name for d in current(draft)) == ["letter-0.pdf", "letter-1.pdf", "letter-2.pdf"]


# --- Bad input: a clear message, nothing else lost ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "statements.pdf",
            files.windows_program(),
            "“statements.pdf” is a Windows program, not a document, whatever its name says.",
        ),
        ("statements.pdf", files.linux_program(), "“statements.pdf” is a Linux program, not a document"),
        ("statements.pdf", b"", "“statements.pdf” is empty (0 bytes)."),
        (
            "statements.pdf",
            files.xlsx(),
            "“statements.pdf” is named as a .pdf file but its content is an Excel workbook",
        ),
        ("statements.pdf.exe", files.pdf(), "has two extensions (.pdf.exe)"),
        ("statements.txt", b"plain text", "Files ending in .txt are not accepted."),
        ("statements.zip", files.plain_zip(), "Files ending in .zip are not accepted."),
        (
            "statements.docx",
            files.plain_zip(),
            "“statements.docx” is a ZIP archive, not a Word, Excel or OpenDocument file.",
        ),
    ],
)
def test_a_refused_file_says_why_and_leaves_the_draft_as_it_was(
    me, applicant, draft, settings, name, content, message
):
    complete_application(draft, by=applicant)  # every step answered, every document present
    before = {d.pk for d in current(draft)}
    saved_steps = {s.step: (s.data, s.version) for s in draft.steps.all() if s.step != "documents"}
    files_before = stored(settings)

    response = upload(me, draft, "letters-of-support", (name, content))

    assert response.status_code == 302
    assert response.url == step_url(draft, "documents") + "?slot=letters-of-support#slot-letters-of-support"
    [shown] = flash(response)
    assert message in shown
    assert {d.pk for d in current(draft)} == before
    assert stored(settings) == files_before
    assert {s.step: (s.data, s.version) for s in draft.steps.all() if s.step != "documents"} == saved_steps
    page = me.get(response.url)
    assert message in page_text(page)
    assert 'aria-invalid="true"' in page.content.decode()


def test_a_file_over_the_limit_is_dropped_while_it_arrives(me, draft, settings):
    settings.DOCUMENT_MAX_BYTES = 4096

    response = upload(me, draft, "financial-statements", ("scan.pdf", files.padded_pdf(5000)))

    assert flash(response) == [
        "“scan.pdf” is larger than the 4.0\xa0KB limit. Reduce it (for example export fewer pages, or "
        "compress the images), or split it into several files."
    ]
    assert current(draft) == [] and stored(settings) == []
    upload(me, draft, "financial-statements", ("scan.pdf", files.padded_pdf(4096)))
    assert [d.size for d in current(draft)] == [4096]


def test_choosing_no_file_asks_for_one(me, draft):
    response = me.post(
        reverse("grants:document_upload", args=[draft.pk]), {"document_type": "budget-workbook"}
    )

    assert flash(response) == ["Choose a file to upload."]


def test_a_type_the_call_does_not_ask_for_is_refused(me, draft):
    response = upload(me, draft, "insurance", ("insurance.pdf", files.pdf()))

    assert flash(response) == ["This call does not ask for “Proof of insurance”."]
    assert current(draft) == []


def test_too_many_files_for_a_slot_are_refused_together(me, draft, settings):
    for n in range(3):
        given(draft, "letters-of-support", f"l{n}.pdf", files.pdf())

    response = upload(me, draft, "letters-of-support", *[(f"m{n}.pdf", files.pdf()) for n in range(3)])

    assert flash(response) == [
        "“Letters of support” takes at most 5 files and 3 are uploaded, so you can add 2 more; you chose 3."
    ]
    assert len(current(draft)) == 3 and len(stored(settings)) == 3


def test_a_second_file_for_a_one_file_slot_points_to_replace(me, draft):
    given(draft, "budget-workbook", "budget.xlsx", files.xlsx())

    response = upload(me, draft, "budget-workbook", ("budget-v2.xlsx", files.xlsx()))

    assert flash(response) == [
        "“Budget workbook” takes one file, and it already has one. Use “Replace” to upload a new version, "
        "or remove the current file first."
    ]
    assert [d.original_name for d in current(draft)] == ["budget.xlsx"]


def test_a_good_file_and_a_bad_one_together_keep_the_good_one(me, draft):
    response = upload(
        me, draft, "letters-of-support", ("good.pdf", files.pdf()), ("bad.pdf", files.windows_program())
    )

    messages = flash(response)
    assert "“good.pdf” is uploaded and verified." in messages
    assert any("“bad.pdf” is a Windows program" in m for m in messages)
    assert [d.original_name for d in current(draft)] == ["good.pdf"]


def test_the_script_gets_the_next_page_as_json(me, draft):
    response = upload(
        me, draft, "budget-workbook", ("budget.xlsx", files.xlsx()), HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"redirect": step_url(draft, "documents") + "#slot-budget-workbook"}


# --- Versions ---------------------------------------------------------------------------------------------


def test_replacing_keeps_the_earlier_version(me, draft, settings):
    first = given(draft, "budget-workbook", "budget.xlsx", files.xlsx())

    response = upload(me, draft, "budget-workbook", ("budget-final.pdf", files.pdf()), replaces=first)

    assert flash(response) == ["“budget-final.pdf” is uploaded and verified."]
    [second] = current(draft)
    first.refresh_from_db()
    assert second.original_name == "budget-final.pdf" and second.replaces == first
    assert first.status == Document.Status.REPLACED and first.retired_at is not None
    assert (settings.MEDIA_ROOT / first.key).exists() and (settings.MEDIA_ROOT / second.key).exists()
    text = page_text(me.get(step_url(draft, "documents")))
    assert "budget-final.pdf" in text and "budget.xlsx" not in text


def test_replacing_a_version_that_was_already_replaced_is_refused(me, draft):
    first = given(draft, "budget-workbook", "budget.xlsx", files.xlsx())
    given(draft, "budget-workbook", "budget-2.xlsx", files.xlsx(), replaces=first)

    response = upload(me, draft, "budget-workbook", ("budget-3.xlsx", files.xlsx()), replaces=first)

    assert flash(response) == [
        "“budget.xlsx” was replaced or removed meanwhile, perhaps by another member. Reload the page to see "
        "the current files."
    ]
    assert [d.original_name for d in current(draft)] == ["budget-2.xlsx"]


def test_removing_a_document_from_a_draft_deletes_its_file(me, applicant, draft, settings):
    document = given(draft, "budget-workbook", "budget.xlsx", files.xlsx())

    response = me.post(reverse("grants:document_remove", args=[document.pk]))

    assert response.status_code == 302
    assert flash(response) == ["“budget.xlsx” is removed."]
    assert not Document.objects.filter(pk=document.pk).exists()
    assert stored(settings) == []
    assert AuditEntry.objects.filter(
        action="document.removed", object_id=str(document.pk), actor=applicant
    ).exists()
    assert "No file uploaded yet." in page_text(me.get(step_url(draft, "documents")))


def test_staff_see_the_history_of_versions(login, program_officer, draft):
    first = given(draft, "budget-workbook", "budget.xlsx", files.xlsx())
    given(draft, "budget-workbook", "budget-final.xlsx", files.xlsx(), replaces=first)

    staff_page = login(program_officer).get(reverse("grants:application_detail", args=[draft.pk]))

    text = page_text(staff_page)
    assert "Document history" in text
    assert "budget.xlsx" in text and "Replaced" in text and "budget-final.xlsx" in text


# --- Submission: completeness, snapshot, immutability ------------------------------------------------------


def test_the_review_page_lists_missing_documents_and_submission_waits_for_them(me, applicant, draft):
    complete_application(draft, by=applicant)
    [statements] = current(draft, "financial-statements")
    documents.document_remove(document=statements, by=applicant)

    review = me.get(step_url(draft, "review"))

    assert "Documents – Financial statements: Missing: upload it before you submit." in page_text(review)
    assert f"{step_url(draft, 'documents')}#id_documents-doc_financial_statements" in review.content.decode()
    response = me.post(reverse("grants:application_submit", args=[draft.pk]))
    assert flash(response) == ["The application is not complete yet."]
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_the_documents_step_links_each_missing_type_to_its_upload_control(me, applicant, draft):
    given(draft, "budget-workbook", "budget.xlsx", files.xlsx())
    wizard_form = {f"application_{draft.pk}-current_step": "documents", "step_version": "0"}

    response = me.post(step_url(draft, "documents"), wizard_form)

    content = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_documents-doc_financial_statements">Financial statements: Missing' in content
    assert 'id="id_documents-doc_financial_statements"' in content
    assert "Budget workbook: Missing" not in content


def test_the_snapshot_lists_the_exact_versions_submitted(applicant, organization, call):
    application = submitted_application(organization=organization, call=call, by=applicant)

    listed = application.snapshot["documents"]
    versions = {d.pk: d for d in current(application)}
    assert {entry["id"] for entry in listed} == set(versions) and len(listed) == 3
    for entry in listed:
        document = versions[entry["id"]]
        assert entry["name"] == document.original_name and entry["sha256"] == document.sha256
        assert entry["size"] == document.size and entry["type"] == document.document_type.code


def test_documents_of_a_submitted_application_cannot_change(me, applicant, organization, call, settings):
    application = submitted_application(organization=organization, call=call, by=applicant)
    [budget] = current(application, "budget-workbook")
    files_before = stored(settings)

    refusal = (
        "This application has been submitted, so its documents can no longer change. If something must be "
        "corrected, contact the coordination office."
    )
    upload_response = upload(me, application, "budget-workbook", ("new.xlsx", files.xlsx()), replaces=budget)
    assert upload_response.url == reverse("grants:application_detail", args=[application.pk])
    assert flash(upload_response) == [refusal]
    me.get(upload_response.url)

    remove_response = me.post(reverse("grants:document_remove", args=[budget.pk]))

    assert remove_response.url == reverse("grants:application_detail", args=[application.pk])
    assert flash(remove_response) == [refusal]
    budget.refresh_from_db()
    assert budget.status == Document.Status.CURRENT
    assert stored(settings) == files_before
    with pytest.raises(errors.TransitionError):
        documents.document_upload(
            owner=application,
            document_type=budget.document_type,
            file=SimpleUploadedFile("x.xlsx", files.xlsx()),
            by=applicant,
            replaces=budget,
        )


def test_the_detail_page_lists_the_submitted_versions_for_download(me, applicant, organization, call):
    application = submitted_application(organization=organization, call=call, by=applicant)

    page = me.get(reverse("grants:application_detail", args=[application.pk]))

    content = page.content.decode()
    for document in current(application):
        assert reverse("grants:document_download", args=[document.pk]) in content
    assert "Document history" not in page_text(page)


def test_a_reopened_application_keeps_the_submitted_version_it_removes(
    me, applicant, program_officer, organization, call, settings
):
    application = submitted_application(organization=organization, call=call, by=applicant)
    application = services.application_reopen(
        application=application, by=program_officer, reason="Sign the budget."
    )
    [budget] = current(application, "budget-workbook")

    me.post(reverse("grants:document_remove", args=[budget.pk]))
    given(application, "budget-workbook", "budget-signed.xlsx", files.xlsx())

    budget.refresh_from_db()
    assert budget.status == Document.Status.REMOVED  # the last submission's record still holds it
    assert (settings.MEDIA_ROOT / budget.key).exists()
    application = services.application_submit(application=application, by=applicant)
    names = [entry["name"] for entry in application.snapshot["documents"]]
    assert "budget-signed.xlsx" in names and budget.original_name not in names


# --- Fixed number of queries, whatever the number of files ------------------------------------------------


@pytest.mark.parametrize("count", [3, 60])
def test_the_documents_step_costs_the_same_queries_for_3_or_60_files(
    me, applicant, draft, count, django_assert_max_num_queries
):
    letters = DocumentType.objects.get(code="letters-of-support")
    letters.max_files = 100
    letters.save()
    Document.objects.bulk_create(
        Document(
            organization=draft.organization,
            owner=draft,
            document_type=letters,
            status=Document.Status.CURRENT,
            original_name=f"letter-{n}.pdf",
            size=1000 + n,
            content_type="application/pdf",
            sha256="0" * 64,
            key=f"documents/test-{draft.pk}-{n}.pdf",
            uploaded_by=applicant,
            uploaded_at=draft.created_at,
        )
        for n in range(count)
    )

    with django_assert_max_num_queries(22):
        response = me.get(step_url(draft, "documents"))

    assert response.content.decode().count("data-document=") == count
