"""What the portal accepts as a document, judged by name and by content (no database, no storage)."""

import io
import zipfile

import pytest

from grants.documents.checks import (
    DocumentRejected,
    RangedReader,
    check_kind_matches_name,
    check_name,
    check_size,
    kind_from_content,
)
from tests.grants import document_files as files


def kind_of(data: bytes, name: str = "file.bin"):
    return kind_from_content(
        head=data[:1024], read=lambda start, end: data[start : end + 1], size=len(data), name=name
    )


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (files.pdf(), "application/pdf"),
        (files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (files.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (files.odf("text"), "application/vnd.oasis.opendocument.text"),
        (files.odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
        (files.png(), "image/png"),
        (files.jpeg(), "image/jpeg"),
    ],
)
def test_each_allowed_type_is_recognized_from_its_bytes(data, content_type):
    assert kind_of(data).content_type == content_type


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (files.windows_program(), "is a Windows program, not a document"),
        (files.linux_program(), "is a Linux program, not a document"),
        (b"#!/bin/sh\nrm -rf /\n", "is a script, not a document"),
        (files.plain_zip(), "is a ZIP archive, not a Word, Excel or OpenDocument file"),
        (files.docx(main="application/vnd.ms-word.document.macroEnabled.main+xml"), "contains macros"),
        (files.odf("presentation"), "is a ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "older Office format"),
        (b"PK\x03\x04" + b"\x00" * 100, "cannot be read: it may be damaged"),
        (b"just some text that claims to be a PDF", "is named as a PDF but does not begin like one"),
    ],
)
def test_what_is_not_an_allowed_document_is_refused_with_what_it_is(data, says):
    with pytest.raises(DocumentRejected) as refusal:
        kind_of(data, name="report.pdf")
    assert says in refusal.value.message
    assert "report.pdf" in refusal.value.message


def test_a_file_whose_name_and_content_disagree_is_refused_with_the_fix():
    with pytest.raises(DocumentRejected) as refusal:
        check_kind_matches_name(kind=kind_of(files.xlsx()), name="budget.pdf")
    assert refusal.value.message == (
        "“budget.pdf” is named as a .pdf file but its content is an Excel workbook (XLSX). Rename it "
        "“budget.xlsx”, or save it in the format its name says, then upload it again."
    )
    check_kind_matches_name(kind=kind_of(files.jpeg()), name="photo.JPG")


@pytest.mark.parametrize(
    "name",
    [
        "Budget 2026-27.xlsx",
        "États financiers (vérifiés).pdf",
        "letter v2.1.docx",
        "scan.JPEG",
        "board.odt",
    ],
)
def test_plain_names_are_kept_as_typed(name):
    assert check_name(f"  {name} ") == name


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("report.pdf.exe", "has two extensions (.pdf.exe)"),
        ("invoice.exe.pdf", "has two extensions (.exe.pdf)"),
        ("budget.xlsx.js", "has two extensions"),
        ("../../etc/passwd.pdf", "contains a folder separator"),
        ("C:\\Users\\me\\budget.xlsx", "contains a folder separator"),
        ("budget\x00.pdf", "contains invisible control characters"),
        ("letter\nsigned.pdf", "contains invisible control characters"),
        ("photo\u202egpj.exe", "contains invisible control characters"),
        ("program.exe", "Files ending in .exe are not accepted"),
        ("notes.txt", "Files ending in .txt are not accepted"),
        ("README", "has no extension"),
        ("budget.", "has no extension"),
        (".pdf", "is only an extension"),
        ("x" * 200 + ".pdf", "the limit is 200"),
        ("", "has no name"),
    ],
)
def test_names_that_hide_or_break_something_are_refused(name, says):
    with pytest.raises(DocumentRejected) as refusal:
        check_name(name)
    assert says in refusal.value.message


def test_sizes_outside_the_limits_are_refused_with_the_figures():
    check_size(size=1, max_bytes=10, name="a.pdf")
    with pytest.raises(DocumentRejected, match="is empty"):
        check_size(size=0, max_bytes=10, name="a.pdf")
    with pytest.raises(DocumentRejected) as refusal:
        check_size(size=30 * 1024 * 1024, max_bytes=25 * 1024 * 1024, name="scan.pdf")
    assert "“scan.pdf” is 30.0\xa0MB; the limit is 25.0\xa0MB." in refusal.value.message


def test_the_ranged_reader_reads_an_archive_through_byte_ranges_only():
    data = files.xlsx()
    ranges = []

    def fetch(start, end):
        ranges.append((start, end))
        return data[start : end + 1]

    with (
        io.BufferedReader(RangedReader(fetch, len(data)), 64 * 1024) as stream,
        zipfile.ZipFile(stream) as archive,
    ):
        assert "[Content_Types].xml" in archive.namelist()
    assert all(0 <= start <= end < len(data) for start, end in ranges)


def test_the_ranged_reader_stops_at_its_budget():
    data = b"0" * 10_000
    reader = RangedReader(lambda start, end: data[start : end + 1], len(data), budget=4_000)
    with pytest.raises(ValueError, match="too large"):
        reader.read(5_000)
