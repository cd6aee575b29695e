"""Writes: one function per change of a document. Each checks the change, writes an audit entry and tells the
document's owner (grants.documents.owners: an application, a progress report, ...), e.g. so that an application's
documents step stays in line with its files.

Two ways in, one verification (grants.documents.checks.verify_object):
- direct: `document_upload_start` records a pending version and presigns a POST for its key; the browser
  sends the file to S3; `document_upload_confirm` verifies the object and makes the version current.
- through the portal (no JavaScript, or the local-disk default): `document_upload` stores the file Django's
  upload handlers streamed to a temporary file, then verifies and makes it current the same way.
A refused object is deleted; the owner and its other files are untouched.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.documents.checks import DocumentRejected, Verified, check_name, check_size, verify_object
from grants.documents.models import Document, DocumentType
from grants.documents.owners import DocumentOwner, owner_of, owner_of_document
from grants.documents.store import DocumentStore, StoreUnavailable
from grants.kernel.audit import audit
from grants.kernel.errors import TransitionError
from grants.kernel.responses import private_file
from grants.organizations.models import User

logger = logging.getLogger(__name__)

# How long a presigned POST stays valid; an unconfirmed upload older than a day is discarded.
UPLOAD_SECONDS = 30 * 60
STALE_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class DirectUpload:
    document: Document
    url: str
    fields: dict


def _max_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower()


def check_room(*, owner, document_type: DocumentType, count: int = 1, replaces: Document | None = None) -> None:
    """Refuse files the slot cannot take: a type the owner does not take, or more files than it holds."""
    owner = owner_of(owner)
    if document_type.pk not in {t.pk for t in owner.document_types()}:
        raise DocumentRejected(str(owner.not_taken) % {"type": document_type.name})
    if replaces is not None:
        if (
            not owner.owns(replaces)
            or replaces.document_type_id != document_type.pk
            or replaces.status != Document.Status.CURRENT
        ):
            raise DocumentRejected(
                _(
                    "“%(name)s” was replaced or removed meanwhile, perhaps by another member. Reload the "
                    "page to see the current files."
                )
                % {"name": replaces.original_name}
            )
        if count > 1:
            raise DocumentRejected(
                _("Choose one file to replace “%(name)s”.") % {"name": replaces.original_name}
            )
        return
    current = Document.objects.filter(
        document_type=document_type, status=Document.Status.CURRENT, **owner.lookup()
    ).count()
    allowed = document_type.max_files
    if current + count <= allowed:
        return
    if allowed == 1:
        raise DocumentRejected(
            _(
                "“%(type)s” takes one file, and it already has one. Use “Replace” to upload a new version, "
                "or remove the current file first."
            )
            % {"type": document_type.name}
            if current
            else _("“%(type)s” takes one file; you chose %(count)s. Choose one.")
            % {"type": document_type.name, "count": count}
        )
    raise DocumentRejected(
        ngettext(
            "“%(type)s” takes at most %(allowed)s files and %(current)s is uploaded, so you can add "
            "%(room)s more; you chose %(count)s.",
            "“%(type)s” takes at most %(allowed)s files and %(current)s are uploaded, so you can add "
            "%(room)s more; you chose %(count)s.",
            current,
        )
        % {
            "type": document_type.name,
            "allowed": allowed,
            "current": current,
            "room": max(allowed - current, 0),
            "count": count,
        }
    )


def _new_pending(
    *,
    owner: DocumentOwner,
    document_type: DocumentType,
    name: str,
    by: User,
    replaces: Document | None,
    store: DocumentStore,
) -> Document:
    return Document.objects.create(
        organization_id=owner.organization_id,
        document_type=document_type,
        original_name=name,
        key=store.new_key(extension=_extension(name)),
        uploaded_by=by,
        replaces=replaces,
        **owner.lookup(),
    )


def _reject(*, pending: Document, store: DocumentStore, by: User, reason: str) -> None:
    """Delete a refused upload's object and row, and keep a trace of the refusal."""
    store.delete(pending.key)
    audit(
        actor=by,
        obj=owner_of_document(pending).obj,
        action="document.rejected",
        name=pending.original_name,
        type=pending.document_type.code,
        reason=reason,
    )
    pending.delete()


def _make_current(*, pending: Document, verified: Verified, by: User, now: dt.datetime) -> Document:
    with transaction.atomic():
        owner = owner_of_document(pending).locked()
        owner.check_editable()
        replaces = (
            Document.objects.select_for_update().get(pk=pending.replaces_id) if pending.replaces_id else None
        )
        check_room(owner=owner, document_type=pending.document_type, replaces=replaces)
        if replaces is not None:
            replaces.status, replaces.retired_at = Document.Status.REPLACED, now
            replaces.save(update_fields=["status", "retired_at"])
        pending.status, pending.uploaded_at = Document.Status.CURRENT, now
        pending.size, pending.content_type, pending.sha256 = (
            verified.size,
            verified.content_type,
            verified.sha256,
        )
        pending.save(update_fields=["status", "uploaded_at", "size", "content_type", "sha256"])
        audit(
            actor=by,
            obj=pending,
            action="document.uploaded",
            from_state=Document.Status.PENDING,
            to_state=Document.Status.CURRENT,
            **{owner.kind: owner.obj.pk},
            type=pending.document_type.code,
            size=verified.size,
            sha256=verified.sha256,
            replaces=replaces.pk if replaces else None,
        )
        owner.changed(by=by)
    return pending


def _verify_and_accept(*, pending: Document, store: DocumentStore, by: User, now: dt.datetime) -> Document:
    try:
        verified = verify_object(
            store=store, key=pending.key, name=pending.original_name, max_bytes=_max_bytes()
        )
        return _make_current(pending=pending, verified=verified, by=by, now=now)
    except (DocumentRejected, TransitionError) as refusal:
        _reject(pending=pending, store=store, by=by, reason=refusal.message)
        raise


def document_upload_start(
    *,
    owner,
    document_type: DocumentType,
    name: str,
    size: int | None,
    by: User,
    replaces: Document | None = None,
) -> DirectUpload:
    """Before any byte moves: check the name, the announced size and the slot; record a pending version and
    presign a POST for its key. The announced size is only a hint; the stored object is measured again."""
    store = DocumentStore()
    if not store.direct_uploads:
        raise DocumentRejected(_("Direct uploads are not available; use the upload form."))
    if not store.available():
        raise StoreUnavailable()
    name = check_name(name)
    check_size(size=size, max_bytes=_max_bytes(), name=name)
    owner = owner_of(owner)
    owner.check_editable()
    check_room(owner=owner, document_type=document_type, replaces=replaces)
    pending = _new_pending(
        owner=owner, document_type=document_type, name=name, by=by, replaces=replaces, store=store
    )
    post = store.presigned_post(key=pending.key, max_bytes=_max_bytes(), expires_in=UPLOAD_SECONDS)
    return DirectUpload(document=pending, url=post["url"], fields=post["fields"])


def document_upload_confirm(*, owner, key: str, by: User, now: dt.datetime | None = None) -> Document:
    """The browser says the file is in the bucket: verify it there and make it the current version."""
    owner = owner_of(owner)
    document = (
        Document.objects.filter(key=key, **owner.lookup()).select_related("document_type").first()
    )
    if document is None:
        # Another owner's key (or none at all): refuse, and touch nothing that is not ours.
        raise DocumentRejected(str(owner.foreign_upload))
    if document.status == Document.Status.CURRENT:
        return document  # confirmed twice (a retried request): it is already accepted
    if document.status != Document.Status.PENDING:
        raise DocumentRejected(_("This upload was already replaced or removed. Reload the page."))
    return _verify_and_accept(pending=document, store=DocumentStore(), by=by, now=now or timezone.now())


def document_upload(
    *,
    owner,
    document_type: DocumentType,
    file,
    by: User,
    replaces: Document | None = None,
    now: dt.datetime | None = None,
) -> Document:
    """A file that came through the portal (already on local disk, streamed there by Django's upload
    handlers): store it under a new key, then verify and accept it exactly as a direct upload."""
    store = DocumentStore()
    name = check_name(file.name)
    check_size(size=file.size, max_bytes=_max_bytes(), name=name)
    owner = owner_of(owner)
    owner.check_editable()
    check_room(owner=owner, document_type=document_type, replaces=replaces)
    pending = _new_pending(
        owner=owner, document_type=document_type, name=name, by=by, replaces=replaces, store=store
    )
    try:
        store.save(key=pending.key, content=file)
    except Exception:
        pending.delete()
        raise
    return _verify_and_accept(pending=pending, store=store, by=by, now=now or timezone.now())


def document_remove(*, document: Document, by: User, now: dt.datetime | None = None) -> None:
    """Take a current file out of a draft. Its object is deleted, unless the file was part of the last
    submission (an application reopened by staff, a report returned): that record keeps it, marked removed."""
    now = now or timezone.now()
    store = DocumentStore()
    with transaction.atomic():
        owner = owner_of_document(document).locked()
        owner.check_editable()
        document = Document.objects.select_for_update().select_related("document_type").get(pk=document.pk)
        if document.status != Document.Status.CURRENT:
            raise TransitionError(
                _("“%(name)s” was already replaced or removed. Reload the page to see the current files.")
                % {"name": document.original_name}
            )
        audit(
            actor=by,
            obj=document,
            action="document.removed",
            from_state=document.status,
            to_state=Document.Status.REMOVED,
            **{owner.kind: owner.obj.pk},
            type=document.document_type.code,
        )
        if document.pk in owner.submitted_document_ids():
            document.status, document.retired_at = Document.Status.REMOVED, now
            document.save(update_fields=["status", "retired_at"])
        else:
            key = document.key
            document.delete()
            store.delete(key)  # inside the transaction: if the store is down, nothing is removed
        owner.changed(by=by)


def document_download_response(*, document: Document, by: User, filename: str | None = None) -> HttpResponse:
    """The file for someone already allowed to see it: a redirect to a presigned GET (five minutes, saved
    as `filename`) or, on local disk, the file streamed. Every download is audited.

    Other apps' views call this too, e.g. with a neutral `filename` for blind review.
    """
    if document.status == Document.Status.PENDING:
        raise Http404
    name = filename or document.original_name
    store = DocumentStore()
    if store.is_s3:
        if not store.available():  # a link to a store that does not answer would fail in the browser
            raise StoreUnavailable()
        response = HttpResponseRedirect(
            store.download_url(key=document.key, filename=name, content_type=document.content_type)
        )
    else:
        try:
            response = FileResponse(
                store.open(document.key),
                as_attachment=True,
                filename=name,
                content_type=document.content_type,
            )
        except FileNotFoundError as exc:
            logger.error("Document %s has no object at %s", document.pk, document.key)
            raise Http404 from exc
    audit(
        actor=by,
        obj=document,
        action="document.downloaded",
        owner_kind=owner_of_document(document).kind,
        owner=document.owner_id,
        filename=name,
        version_status=document.status,
    )
    return private_file(response)


def documents_discard_stale(*, now: dt.datetime | None = None) -> int:
    """Delete uploads started more than a day ago and never confirmed (the browser closed mid-upload)."""
    now = now or timezone.now()
    store = DocumentStore()
    stale = Document.objects.filter(status=Document.Status.PENDING, created_at__lt=now - STALE_AFTER)
    count = 0
    for document in stale.iterator():
        store.delete(document.key)
        document.delete()
        count += 1
    return count


def describe_limit() -> str:
    return filesizeformat(_max_bytes())
