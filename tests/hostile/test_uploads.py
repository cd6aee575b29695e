"""Uploads are judged by their real structure, on local disk (through the portal) and in S3 (straight from the
browser): a PDF starts with its header; an office file's table of contents is bounded, and is read within a fixed
memory budget. Each refusal names its reason, and the refused file is gone."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.documents.checks import kind_from_content
from grants.documents.models import Document
from tests.grants import document_files as files
from tests.grants.documents.test_store import direct_upload
from tests.grants.helpers import flash


def office_zip(entries: int, *, name_length: int = 8, zip64: bool = False) -> bytes:
    """A "DOCX": a real Word content-types part, then `entries` empty parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=zip64) as archive:
        with zipfile.ZipFile(io.BytesIO(files.docx())) as word:
            archive.writestr("[Content_Types].xml", word.read("[Content_Types].xml"))
        for number in range(entries):
            archive.writestr(f"word/media/{number:0{name_length}d}", b"")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script>"
HOSTILE = [
    # name, content, what the page says (11 inputs)
    ("report.pdf", HTML + b"%PDF-1.7" + b" " * 100, "is named as a PDF but does not begin like one"),
    ("report.pdf", b" %PDF-1.7\n" + files.pdf()[8:], "is named as a PDF but does not begin like one"),
    ("report.pdf", b"\xef\xbb\xbf%PDF-1.4\n", "is named as a PDF but does not begin like one"),
    ("report.pdf", b"MZ\x90\x00" + b"%PDF-" * 10, "is a Windows program, not a document"),
    ("budget.docx", office_zip(6_000), "holds 6,001 files inside it"),
    ("budget.docx", office_zip(70_000, name_length=2, zip64=True), "holds 70,001 files inside it"),
    ("budget.docx", office_zip(20, name_length=60_000), "holds 21 files inside it"),
    ("budget.docx", files.docx()[:-30], "cannot be read: it may be damaged"),
    ("budget.docx", files.docx()[:-22] + b"PK\x05\x06" + b"\xff" * 18, "cannot be read: it may be damaged"),
    ("budget.docx", b"PK\x03\x04" + b"\x00" * 2000, "cannot be read: it may be damaged"),
    ("budget.xlsx", files.docx(), "is named as a .xlsx file but its content is a Word document"),
]


@pytest.mark.parametrize(("name", "content", "says"), HOSTILE)
def test_through_the_portal_on_local_disk(me, draft, settings, name, content, says):
    response = me.post(
        reverse("grants:document_upload", args=[draft.pk]),
        {"document_type": "budget-workbook", "file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 302
    assert any(says in message for message in flash(response)), flash(response)
    assert not Document.objects.filter(application=draft).exists()
    assert not list(settings.MEDIA_ROOT.glob("documents/*"))  # the refused file is deleted


@pytest.mark.parametrize(("name", "content", "says"), HOSTILE)
def test_straight_to_the_bucket(me, draft, s3_documents, name, content, says):
    presigned, response = direct_upload(me, draft, "budget-workbook", name, content)

    assert response.status_code == 400 and says in response.json()["error"]
    assert not Document.objects.filter(application=draft).exists()
    assert not s3_documents.exists(presigned["key"])


def test_a_real_pdf_and_a_real_word_document_are_accepted(me, draft):
    for name, content in (("statements.pdf", files.pdf()), ("budget.docx", files.docx())):
        me.post(
            reverse("grants:document_upload", args=[draft.pk]),
            {"document_type": "budget-workbook", "file": SimpleUploadedFile(name, content)},
        )
    assert Document.objects.filter(application=draft, status=Document.Status.CURRENT).count() == 1


def test_the_table_of_contents_is_never_read_past_the_budget():
    """The 280,000-entry "DOCX" of the finding, read through byte ranges as the store serves it: refused from its
    end record, with a small fixed memory cost, whatever its size."""
    content = office_zip(280_000, name_length=1, zip64=True)
    fetched = []

    def read(start, end):
        fetched.append(end - start + 1)
        return content[start : end + 1]

    tracemalloc.start()
    with pytest.raises(Exception) as refusal:
        kind_from_content(head=content[:1024], read=read, size=len(content), name="budget.docx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert "holds 280,001 files inside it" in refusal.value.message
    assert sum(fetched) < 70 * 1024 and peak < 1024 * 1024
