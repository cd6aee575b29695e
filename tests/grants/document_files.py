"""Small files of every kind the portal accepts or refuses, built in memory for the document tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from grants.applications.demo import sample_pdf, sample_xlsx

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACROS = "application/vnd.ms-word.document.macroEnabled.main+xml"


def _zip(parts: dict[str, str | bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(
                zipfile.ZipInfo(stored_first), parts[stored_first], compress_type=zipfile.ZIP_STORED
            )
        for name, content in parts.items():
            if name != stored_first:
                archive.writestr(name, content)
    return buffer.getvalue()


def pdf(title: str = "Financial statements 2025") -> bytes:
    return sample_pdf(title)


def xlsx() -> bytes:
    return sample_xlsx()


def docx(*, main: str = WORD_MAIN) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
            ),
            "word/document.xml": "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>",
        }
    )


def odf(kind: str = "text") -> bytes:
    return _zip(
        {"mimetype": f"application/vnd.oasis.opendocument.{kind}", "content.xml": "<office:document/>"},
        stored_first="mimetype",
    )


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
    )


def windows_program() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode"
    )


def linux_program() -> bytes:
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 100


def plain_zip() -> bytes:
    return _zip({"notes.txt": "hello"})


def padded_pdf(size: int) -> bytes:
    """A PDF-looking file of exactly `size` bytes, for the size limit."""
    head = b"%PDF-1.7\n"
    return head + b"0" * (size - len(head))
