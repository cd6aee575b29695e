"""What the portal accepts as a document, judged by its name and by its bytes, never by the name alone.

`verify_object` is the one verification every upload passes, whichever way it arrived: the object must
exist under its key, be neither empty nor over the limit, and its first bytes (and, for the ZIP-based
office formats, its table of contents) must show a type on the allowlist that its name agrees with.

The content is read through byte ranges only, on local disk as in S3, within a fixed budget: a PDF must start
with its header; a ZIP's end record is read first, and an archive whose table of contents holds more entries
or bytes than any office file is refused before the table is read.
"""

from __future__ import annotations

import hashlib
import io
import struct
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.kernel.errors import ServiceError

MAX_NAME_LENGTH = 200


class DocumentRejected(ServiceError):
    """An upload that is refused, with the reason its uploader can act on."""


@dataclass(frozen=True)
class Kind:
    code: str
    content_type: str
    extensions: tuple[str, ...]
    label: str


KINDS = (
    Kind("pdf", "application/pdf", ("pdf",), gettext_lazy("a PDF")),
    Kind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
        gettext_lazy("a Word document (DOCX)"),
    ),
    Kind(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
        gettext_lazy("an Excel workbook (XLSX)"),
    ),
    Kind(
        "odt", "application/vnd.oasis.opendocument.text", ("odt",), gettext_lazy("an OpenDocument text (ODT)")
    ),
    Kind(
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        ("ods",),
        gettext_lazy("an OpenDocument spreadsheet (ODS)"),
    ),
    Kind("png", "image/png", ("png",), gettext_lazy("a PNG image")),
    Kind("jpeg", "image/jpeg", ("jpg", "jpeg"), gettext_lazy("a JPEG image")),
)
KIND_BY_CODE = {kind.code: kind for kind in KINDS}
ALLOWED_EXTENSIONS = tuple(ext for kind in KINDS for ext in kind.extensions)
# The file input's `accept` attribute: a hint to the browser's file picker, never a check.
ACCEPT = (
    ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)
    + ","
    + ",".join(dict.fromkeys(kind.content_type for kind in KINDS))
)
ALLOWED_TYPES_TEXT = gettext_lazy("PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), PNG or JPEG")

# Extensions of programs, scripts, archives and other formats: one of these inside a name
# ("report.pdf.exe", "invoice.exe.pdf") is how a file disguises what it is.
OTHER_EXTENSIONS = frozenset(
    "exe com bat cmd scr pif msi msp dll sys cpl lnk reg hta js jse vbs vbe wsf wsh ps1 psm1 sh bash zsh py "
    "pl rb php jar apk app dmg pkg deb rpm iso img bin run elf out zip rar 7z gz tgz bz2 xz tar html htm "
    "svg xml url desktop docm dotm xlsm xltm xlam pptm doc dot xls xlt ppt pptx rtf txt csv "
    "odp odg gif bmp tif tiff heic webp".split()
)
KNOWN_EXTENSIONS = OTHER_EXTENSIONS | set(ALLOWED_EXTENSIONS)
BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_name(name: str) -> str:
    """The name as it will be kept and offered on download, or DocumentRejected saying what to change."""
    name = (name or "").strip()
    if not name:
        raise DocumentRejected(_("The file has no name. Choose the file again."))
    shown = "".join(c if c.isprintable() else "?" for c in name)[:80]
    if "/" in name or "\\" in name:
        raise DocumentRejected(
            _(
                "The file name “%(name)s” contains a folder separator (/ or \\). Upload the file itself, "
                "with a plain name such as budget.xlsx."
            )
            % {"name": shown}
        )
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") or c in BIDI_CONTROLS for c in name):
        raise DocumentRejected(
            _(
                "The file name “%(name)s” contains invisible control characters. Rename the file with "
                "letters, numbers, spaces, hyphens and dots only, then upload it again."
            )
            % {"name": shown}
        )
    if len(name) > MAX_NAME_LENGTH:
        raise DocumentRejected(
            _(
                "The file name is %(length)s characters long; the limit is %(limit)s. Shorten it, then "
                "upload it again."
            )
            % {"length": len(name), "limit": MAX_NAME_LENGTH}
        )
    parts = name.split(".")
    stem, extensions = parts[0], [p.lower() for p in parts[1:]]
    if not extensions or not extensions[-1]:
        raise DocumentRejected(
            _("The file name “%(name)s” has no extension, so its type is unknown. Accepted: %(types)s.")
            % {"name": shown, "types": ALLOWED_TYPES_TEXT}
        )
    if not stem.strip() and len(extensions) == 1:
        raise DocumentRejected(
            _("The file name “%(name)s” is only an extension. Give the file a name.") % {"name": shown}
        )
    if len(extensions) > 1 and extensions[-2] in KNOWN_EXTENSIONS:
        single = extensions[-1] if extensions[-1] in ALLOWED_EXTENSIONS else "pdf"
        raise DocumentRejected(
            _(
                "The file name “%(name)s” has two extensions (.%(inner)s.%(outer)s), a way programs "
                "disguise themselves as documents. Rename the file so that it ends with a single extension, "
                "such as “%(example)s”."
            )
            % {
                "name": shown,
                "inner": extensions[-2],
                "outer": extensions[-1],
                "example": f"{stem or 'document'}.{single}",
            }
        )
    if extensions[-1] not in ALLOWED_EXTENSIONS:
        raise DocumentRejected(
            _("Files ending in .%(extension)s are not accepted. Accepted: %(types)s.")
            % {"extension": extensions[-1], "types": ALLOWED_TYPES_TEXT}
        )
    return name


def check_size(*, size: int | None, max_bytes: int, name: str) -> None:
    if size is None:
        return
    if size <= 0:
        raise DocumentRejected(
            _("“%(name)s” is empty (0 bytes). Check that it was saved completely, then upload it again.")
            % {"name": name}
        )
    if size > max_bytes:
        raise DocumentRejected(
            _(
                "“%(name)s” is %(size)s; the limit is %(limit)s. Reduce it (for example export fewer pages, "
                "or compress the images), or split it into several files."
            )
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )


EXECUTABLE_SIGNATURES = (
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a Linux program")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("a macOS program")),
    (b"\xce\xfa\xed\xfe", gettext_lazy("a macOS program")),
    (b"\xca\xfe\xba\xbe", gettext_lazy("a macOS or Java program")),
    (b"#!", gettext_lazy("a script")),
)
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
OOXML_MACROS = ("macroEnabled", "ms-word.document.macroEnabled", "ms-excel.sheet.macroEnabled")
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
HEAD_BYTES = 1024
# Parts read from inside a ZIP are tiny in real files; larger ones are refused rather than unpacked.
MAX_ZIP_PART = 512 * 1024
# A Word document or workbook holds tens to a few hundred parts, listed in a table of contents of some kilobytes.
# zipfile builds an object per entry of the table, so both are bounded before it reads the table.
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_DIRECTORY = 1024 * 1024
# What reading a ZIP's table of contents and its two small parts may fetch, whatever the archive claims.
ZIP_READ_BUDGET = MAX_ZIP_DIRECTORY + 2 * MAX_ZIP_PART + 1024 * 1024

# The ZIP end records (APPNOTE 4.3.14 to 4.3.16): the classic one, and the ZIP64 locator and record it points to.
END = struct.Struct("<4s4H2LH")
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_END = struct.Struct("<4sQ2H2L4Q")

Read = Callable[[int, int], bytes]  # bytes start..end inclusive of the stored object


def kind_from_content(*, head: bytes, read: Read, size: int, name: str) -> Kind:
    """The allowlisted kind the bytes show, or DocumentRejected naming what the file really is."""
    for signature, what in EXECUTABLE_SIGNATURES:
        if head.startswith(signature):
            raise DocumentRejected(
                _(
                    "“%(name)s” is %(what)s, not a document, whatever its name says. Upload the document "
                    "itself: %(types)s."
                )
                % {"name": name, "what": what, "types": ALLOWED_TYPES_TEXT}
            )
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KIND_BY_CODE["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return KIND_BY_CODE["jpeg"]
    if head.startswith(b"%PDF-"):
        return KIND_BY_CODE["pdf"]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DocumentRejected(
            _(
                "“%(name)s” is in an older Office format (.doc or .xls) or is password-protected. Save it "
                "as PDF, DOCX or XLSX without a password, then upload it again."
            )
            % {"name": name}
        )
    if head.startswith(b"PK\x03\x04"):
        return _kind_of_zip(read, size, name)
    if name.lower().endswith(".pdf"):
        raise DocumentRejected(
            _(
                "“%(name)s” is named as a PDF but does not begin like one (a PDF starts with “%%PDF-”): it may "
                "be a web page or another kind of file saved under a .pdf name. Open it, save or export it as "
                "PDF, then upload it again."
            )
            % {"name": name}
        )
    raise DocumentRejected(
        _(
            "The content of “%(name)s” is not a type the portal accepts, whatever its name says. Accepted: "
            "%(types)s."
        )
        % {"name": name, "types": ALLOWED_TYPES_TEXT}
    )


def zip_directory(read: Read, size: int) -> tuple[int, int]:
    """(entries, bytes) of a ZIP's table of contents, from its end record: reads at most 64 KB and 76 bytes.

    zipfile finds the same record but then reads the whole table into objects, which is what a hostile archive
    of hundreds of thousands of entries relies on; this is the part of it that comes first.
    """
    tail_start = max(0, size - (END.size + 0xFFFF))  # the record, then a comment of up to 65,535 bytes
    tail = read(tail_start, size - 1)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < END.size:
        raise zipfile.BadZipFile("no end of central directory record")
    _sig, disk, directory_disk, here, entries, directory, _offset, _comment = END.unpack_from(tail, at)
    if 0xFFFF in (here, entries) or directory == 0xFFFFFFFF:
        locator_at = tail_start + at - ZIP64_LOCATOR.size
        if locator_at < 0:
            raise zipfile.BadZipFile("no ZIP64 locator")
        locator = read(locator_at, locator_at + ZIP64_LOCATOR.size - 1)
        signature, _disk, record_at, _disks = ZIP64_LOCATOR.unpack(locator)
        if signature != b"PK\x06\x07" or not 0 <= record_at <= size - ZIP64_END.size:
            raise zipfile.BadZipFile("bad ZIP64 locator")
        record = ZIP64_END.unpack(read(record_at, record_at + ZIP64_END.size - 1))
        if record[0] != b"PK\x06\x06":
            raise zipfile.BadZipFile("bad ZIP64 end record")
        disk, directory_disk, here, entries, directory = record[4:9]
    if disk or directory_disk or here != entries:
        raise zipfile.BadZipFile("an archive split over several files")
    return entries, directory


def _kind_of_zip(read: Read, size: int, name: str) -> Kind:
    not_office = DocumentRejected(
        _(
            "“%(name)s” is a ZIP archive, not a Word, Excel or OpenDocument file. Upload the documents "
            "themselves, one by one."
        )
        % {"name": name}
    )
    try:
        entries, directory = zip_directory(read, size)
        if entries > MAX_ZIP_ENTRIES or directory > MAX_ZIP_DIRECTORY:
            raise DocumentRejected(
                _(
                    "“%(name)s” holds %(entries)s files inside it; a Word, Excel or OpenDocument file holds a "
                    "few hundred at most. It may be an archive under an office file's name. Save the document "
                    "again from its program, or as PDF, then upload it again."
                )
                % {"name": name, "entries": number_format(entries, force_grouping=True)}
            )
        with (
            io.BufferedReader(RangedReader(read, size, budget=ZIP_READ_BUDGET), 64 * 1024) as stream,
            zipfile.ZipFile(stream) as archive,
        ):
            names = set(archive.namelist())
            mimetype = _read_part(archive, "mimetype").strip() if "mimetype" in names else None
            types = (
                _read_part(archive, "[Content_Types].xml").decode("utf-8", "replace")
                if "[Content_Types].xml" in names
                else None
            )
        if mimetype is not None:
            if mimetype in ODF_MIMETYPES:
                return KIND_BY_CODE[ODF_MIMETYPES[mimetype]]
            raise not_office
        if types is not None:
            if any(marker in types for marker in OOXML_MACROS):
                raise DocumentRejected(
                    _(
                        "“%(name)s” contains macros, which are not accepted. Save it as a plain DOCX or "
                        "XLSX (or as PDF), then upload it again."
                    )
                    % {"name": name}
                )
            for content_type, code in OOXML_MAIN.items():
                if f'ContentType="{content_type}"' in types:
                    return KIND_BY_CODE[code]
        raise not_office
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        ValueError,
        NotImplementedError,
        KeyError,
    ) as exc:
        raise DocumentRejected(
            _(
                "“%(name)s” looks like an office file but cannot be read: it may be damaged or incomplete. "
                "Open it, save it again, then upload it again."
            )
            % {"name": name}
        ) from exc


def _read_part(archive: zipfile.ZipFile, part: str) -> bytes:
    info = archive.getinfo(part)
    if info.file_size > MAX_ZIP_PART or info.compress_size > MAX_ZIP_PART:
        raise ValueError(part)
    return archive.read(part)


def check_kind_matches_name(*, kind: Kind, name: str) -> None:
    extension = name.rsplit(".", 1)[-1].lower()
    if extension not in kind.extensions:
        stem = name.rsplit(".", 1)[0]
        raise DocumentRejected(
            _(
                "“%(name)s” is named as a .%(extension)s file but its content is %(kind)s. Rename it "
                "“%(fixed)s”, or save it in the format its name says, then upload it again."
            )
            % {
                "name": name,
                "extension": extension,
                "kind": kind.label,
                "fixed": f"{stem}.{kind.extensions[0]}",
            }
        )


@dataclass(frozen=True)
class Verified:
    size: int
    content_type: str
    sha256: str


def verify_object(*, store, key: str, name: str, max_bytes: int) -> Verified:
    """Check a stored object before the portal accepts it; the caller deletes it when this refuses.

    Costs a HEAD, a ranged read of the first bytes, a few ranged reads of a ZIP's end record and table of
    contents, and one streamed read for the checksum, in fixed memory whatever the size, on every backend.
    """
    size = store.size(key)
    if size is None:
        raise DocumentRejected(
            _("The upload of “%(name)s” did not arrive. Check your connection, then upload it again.")
            % {"name": name}
        )
    check_size(size=size, max_bytes=max_bytes, name=name)
    head = store.read_range(key, 0, min(size, HEAD_BYTES) - 1)
    kind = kind_from_content(
        head=head, read=lambda start, end: store.read_range(key, start, end), size=size, name=name
    )
    check_kind_matches_name(kind=kind, name=name)
    digest = hashlib.sha256()
    for chunk in store.iter_chunks(key):
        digest.update(chunk)
    return Verified(size=size, content_type=kind.content_type, sha256=digest.hexdigest())


class RangedReader(io.RawIOBase):
    """A read-only, seekable file over a stored object that fetches only the byte ranges read, up to a
    budget, so that zipfile can read an archive's table of contents without downloading the archive."""

    def __init__(self, fetch: Callable[[int, int], bytes], size: int, budget: int = 4 * 1024 * 1024):
        self._fetch, self._size, self._budget, self._pos = fetch, size, budget, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise OSError("seek before the start of the object")
        self._pos = base + offset
        return self._pos

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self._size - self._pos)
        if count <= 0:
            return 0
        self._budget -= count
        if self._budget < 0:
            raise ValueError("the archive's table of contents is too large to inspect")
        data = self._fetch(self._pos, self._pos + count - 1)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)
