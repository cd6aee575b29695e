"""OCAP: everything the portal holds about one organization, as a ZIP streamed while it is written.

The ZIP is written into a small buffer that is emptied after every piece, and each document is copied
from the documents store in 1 MB chunks, so memory stays flat whatever the size of the archive. The
manifest (manifest.json, written last) lists every file with its size and SHA-256.

Before the first byte, every file is looked up in the documents store: if the store does not answer, the
download is refused (StoreUnavailable) and the page says so. If it stops answering mid-way, the ZIP is still
finished, and its manifest marks the files it could not copy. The download is audited once the last byte has
been handed over, with what it held.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from grants.applications.models import Application
from grants.awards.models import Agreement, Award, Decision, Payment, ReportingPeriod
from grants.conversations.models import Clarification, Message
from grants.documents.models import Document
from grants.documents.store import DocumentStore, StoreUnavailable
from grants.kernel.audit import audit
from grants.organizations.models import Membership, Organization
from reporting.models import ProgressReport

logger = logging.getLogger(__name__)

# A person's account secrets are not the organization's data.
USER_FIELDS = ("first_name", "last_name", "email", "language")


class _Sink:
    """A write-only stream whose contents are taken away piece by piece."""

    def __init__(self):
        self.chunks: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def _row(obj) -> dict:
    row = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    return {name: value.name if isinstance(value, FieldFile) else value for name, value in row.items()}


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:120] or "file"


def _records(organization: Organization) -> Iterator[tuple[str, object]]:
    """(path, JSON-able data) for every record, one related table at a time."""
    yield "organization.json", _row(organization)
    yield (
        "members.json",
        [
            {"role": m.role, "joined": m.created_at, **{f: getattr(m.user, f) for f in USER_FIELDS}}
            for m in Membership.objects.filter(organization=organization).select_related("user")
        ],
    )
    applications = Application.objects.filter(organization=organization).prefetch_related(
        "budget_lines", "pillars", "populations", "regions"
    )
    for application in applications.iterator(chunk_size=50):
        record = _row(application)
        record["pillars"] = [p.code for p in application.pillars.all()]
        record["populations"] = [p.code for p in application.populations.all()]
        record["regions"] = [r.code for r in application.regions.all()]
        record["budget_lines"] = [_row(line) for line in application.budget_lines.all()]
        yield f"applications/{application.pk}/application.json", record
    # Only decisions the organization was told of: staged ones are the office's work in progress.
    yield (
        "decisions.json",
        [
            _row(d)
            for d in Decision.objects.filter(
                application__organization=organization, released_at__isnull=False
            )
        ],
    )
    awards = Award.objects.filter(application__organization=organization)
    yield (
        "awards.json",
        [
            {**_row(award), "years": {y.fiscal_year: y.amount for y in award.years.all()}}
            for award in awards.prefetch_related("years")
        ],
    )
    yield "agreements.json", [_row(a) for a in Agreement.objects.filter(award__in=awards)]
    yield "payments.json", [_row(p) for p in Payment.objects.filter(award__in=awards)]
    yield "reporting_periods.json", [_row(p) for p in ReportingPeriod.objects.filter(award__in=awards)]
    reports = ProgressReport.objects.filter(award__in=awards).prefetch_related(
        "indicator_values__indicator", "spending_lines", "versions"
    )
    yield (
        "progress_reports.json",
        [
            {
                **_row(report),
                "indicators": {v.indicator.code: v.value for v in report.indicator_values.all()},
                "spending": [_row(line) for line in report.spending_lines.all()],
                "versions": [_row(version) for version in report.versions.all()],
            }
            for report in reports
        ],
    )
    # The conversations with the coordination office; its internal notes are the office's own records, not the
    # organization's, and stay out.
    messages = (
        Message.objects.filter(thread__organization=organization, sent_at__isnull=False, internal=False)
        .select_related("thread", "author").prefetch_related("documents").order_by("sent_at", "pk")
    )
    yield (
        "messages.json",
        [
            {
                "record": f"{m.thread.kind}/{m.thread.subject_id}",
                "from": "coordination office" if m.from_staff else (m.author.get_full_name() if m.author else ""),
                "sent_at": m.sent_at,
                "body": m.body,
                "documents": [d.pk for d in m.documents.all() if d.status != Document.Status.PENDING],
            }
            for m in messages
        ],
    )
    yield (
        "clarifications.json",
        [
            {key: value for key, value in _row(c).items() if key not in ("asked_by_id", "thread_id")}
            for c in Clarification.objects.filter(thread__organization=organization).order_by("asked_at", "pk")
        ],
    )
    yield "documents.json", [_row(d) for d in _documents(organization)]


def _documents(organization: Organization):
    """Its verified files, but not those waiting in someone's unsent message."""
    drafts = Message.objects.filter(thread__organization=organization, sent_at__isnull=True)
    return (
        Document.objects.filter(organization=organization)
        .exclude(status=Document.Status.PENDING)
        .exclude(owner_type=ContentType.objects.get_for_model(Message), owner_id__in=drafts.values("pk"))
        .order_by("pk")
    )


def _files(organization: Organization) -> list[tuple[str, str]]:
    """(path in the ZIP, key in the documents store) of every stored file."""
    files = [(f"documents/{d.pk}-{_safe(d.original_name)}", d.key) for d in _documents(organization)]
    files += [
        (f"agreements/{a.award_id}-v{a.version}.pdf", a.pdf.name)
        for a in Agreement.objects.filter(award__application__organization=organization).exclude(pdf="")
    ]
    return files


def organization_archive(*, organization: Organization, by) -> Iterator[bytes]:
    """The ZIP's bytes, piece by piece. Raises StoreUnavailable now, before any byte, when the documents store
    does not answer for one of the files (a HEAD each)."""
    store = DocumentStore()
    files = _files(organization)
    for _path, key in files:
        store.size(key)  # None when missing (the manifest says so); StoreUnavailable when the store is down
    return _stream(organization=organization, files=files, store=store, by=by)


def _stream(*, organization: Organization, files, store: DocumentStore, by) -> Iterator[bytes]:
    sink = _Sink()
    manifest = {
        "organization": organization.legal_name,
        "organization_id": organization.pk,
        "generated_at": timezone.now().isoformat(),
        "files": [],
    }
    unavailable = []
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in _records(organization):
            content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
            archive.writestr(path, content)
            manifest["files"].append(
                {"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            )
            yield sink.drain()
        for path, key in files:
            if unavailable:  # the store stopped answering: the others are not tried, each would wait for it
                unavailable.append(path)
                manifest["files"].append({"path": path, "unavailable": True})
                continue
            digest, size = hashlib.sha256(), 0
            try:
                with archive.open(path, mode="w", force_zip64=True) as target:
                    for chunk in store.iter_chunks(key):
                        target.write(chunk)
                        digest.update(chunk)
                        size += len(chunk)
                        yield sink.drain()
            except FileNotFoundError:
                manifest["files"].append({"path": path, "missing": True})
                continue
            except StoreUnavailable:
                logger.error("The documents store stopped answering during organization %s's archive", organization.pk)
                unavailable.append(path)
                manifest["files"].append({"path": path, "unavailable": True, "incomplete": size > 0})
                continue
            manifest["files"].append({"path": path, "size": size, "sha256": digest.hexdigest()})
            yield sink.drain()
        manifest["complete"] = not unavailable
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    yield sink.drain()
    # Reached once the last piece has been handed over: a download cut short is not recorded as one.
    audit(
        actor=by,
        obj=organization,
        action="organization.archive_downloaded",
        files=len(files) - len(unavailable),
        unavailable=unavailable,
    )
