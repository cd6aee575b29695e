"""Document endpoints, for every kind of owner (grants.documents.owners): its URLs pass `kind`. Uploads and
removals are their own POSTs (not the owner's step form) and always return to the page that lists the files,
where everything already entered is kept; downloads check `grants.view_document`.

A refusal comes back through grants.kernel.views.service_errors as the page's message, beside the slot it was
for; the two steps of a direct upload answer the page's script in JSON instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from grants.documents import services
from grants.documents.checks import DocumentRejected
from grants.documents.models import Document, DocumentType
from grants.documents.owners import DocumentOwner, owner_kind, owner_of_document
from grants.documents.store import StoreUnavailable
from grants.documents.uploads import LimitedTemporaryFileUploadHandler
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.permissions import check
from grants.kernel.views import redirect_or_json, service_errors


def _owner_for_change(request, kind: str, pk: int) -> DocumentOwner:
    """The owner whose files the person wants to change: strangers get 403; members of a submitted
    application or report get TransitionError, which says why nothing can change."""
    owner_class = owner_kind(kind)
    owner = owner_class(owner_class.load(pk))
    check(request.user, owner.view_permission, owner.obj)
    owner.check_editable()
    check(request.user, owner.edit_permission, owner.obj)
    return owner


def _slot_choice(owner: DocumentOwner, data) -> tuple[DocumentType, Document | None]:
    document_type = DocumentType.objects.filter(code=data.get("document_type", "")).first()
    if document_type is None:
        raise DocumentRejected(_("Choose which document this file is."))
    replaces = None
    if data.get("replaces"):
        replaces = Document.objects.filter(
            pk=data["replaces"] if str(data["replaces"]).isdigit() else 0, **owner.lookup()
        ).first()
        if replaces is None:
            raise DocumentRejected(str(owner.foreign_replacement))
    return document_type, replaces


def _back_after_refusal(owner: DocumentOwner, document_type: DocumentType | None) -> str:
    """Where a refused change goes: the slot it was for, on the page that lists the files; or the owner's own
    page once its files can no longer change at all (submitted), since the files page has nothing to offer."""
    try:
        owner.check_editable()
    except TransitionError:
        return owner.detail_url()
    return owner.page_url(document_type, error=True)


def _refused_upload(request, kind: str, pk: int, **kwargs) -> str:
    owner_class = owner_kind(kind)
    document_type = DocumentType.objects.filter(code=request.POST.get("document_type", "")).first()
    return _back_after_refusal(owner_class(owner_class.load(pk)), document_type)


def _refused_removal(request, pk: int) -> str:
    document = get_object_or_404(Document.objects.select_related("document_type"), pk=pk)
    return _back_after_refusal(owner_of_document(document), document.document_type)


def _owner_page(request, pk: int) -> str:
    return owner_of_document(get_object_or_404(Document, pk=pk)).detail_url()


@csrf_exempt
@login_required
@require_POST
def document_upload(request, kind: str, pk: int):
    """Files posted through the portal: without JavaScript, or when documents are kept on local disk."""
    handler = LimitedTemporaryFileUploadHandler(request, max_bytes=settings.DOCUMENT_MAX_BYTES)
    # Set before anything reads the body; the CSRF check (which reads it) runs just after.
    request.upload_handlers = [handler]
    return csrf_protect(_document_upload)(request, kind=kind, pk=pk, handler=handler)


@service_errors(_refused_upload)  # a refusal, or the store being unreachable: nothing else changed
def _document_upload(request, *, kind: str, pk: int, handler: LimitedTemporaryFileUploadHandler):
    owner = _owner_for_change(request, kind, pk)
    files = request.FILES.getlist("file")
    document_type, replaces = _slot_choice(owner, request.POST)
    if handler.oversized:
        raise DocumentRejected(
            _(
                "“%(name)s” is larger than the %(limit)s limit. Reduce it (for example export fewer "
                "pages, or compress the images), or split it into several files."
            )
            % {"name": handler.oversized[0], "limit": services.describe_limit()}
        )
    if not files:
        raise DocumentRejected(_("Choose a file to upload."))
    services.check_room(owner=owner, document_type=document_type, count=len(files), replaces=replaces)
    accepted, refused = [], []
    for file in files:
        try:
            accepted.append(services.document_upload(
                owner=owner, document_type=document_type, file=file, by=request.user, replaces=replaces
            ))
        except DocumentRejected as error:  # this file only: the others of the same post are kept
            refused.append(error.message)
    for document in accepted:
        messages.success(request, _("“%(name)s” is uploaded and verified.") % {"name": document.original_name})
    for message in refused:
        messages.error(request, message)
    # The page's script, which sends files with a progress bar, asks for the next page as JSON.
    return redirect_or_json(request, owner.page_url(document_type, error=bool(refused)))


def _json_refusal(error: ServiceError) -> JsonResponse:
    """A direct upload's refusal, for the page's script to show beside the slot (503: try again later)."""
    return JsonResponse({"error": error.message}, status=503 if isinstance(error, StoreUnavailable) else 400)


@login_required
@require_POST
def document_presign(request, kind: str, pk: int):
    """Step 1 of a direct upload (JavaScript): where and how to send the file to the bucket."""
    try:
        owner = _owner_for_change(request, kind, pk)
        document_type, replaces = _slot_choice(owner, request.POST)
        size = request.POST.get("size", "")
        upload = services.document_upload_start(
            owner=owner,
            document_type=document_type,
            name=request.POST.get("name", ""),
            size=int(size) if size.isdigit() else None,
            by=request.user,
            replaces=replaces,
        )
    except ServiceError as error:
        return _json_refusal(error)
    return JsonResponse(
        {
            "url": upload.url,
            "fields": upload.fields,
            "key": upload.document.key,
            "confirm_url": owner.url("confirm"),
        }
    )


@login_required
@require_POST
def document_confirm(request, kind: str, pk: int):
    """Step 2 of a direct upload: the browser has sent the file; the portal verifies it before accepting."""
    try:
        owner = _owner_for_change(request, kind, pk)
        document = services.document_upload_confirm(owner=owner, key=request.POST.get("key", ""), by=request.user)
    except ServiceError as error:
        return _json_refusal(error)
    messages.success(request, _("“%(name)s” is uploaded and verified.") % {"name": document.original_name})
    return JsonResponse(
        {"redirect": owner.page_url(document.document_type), "name": document.original_name}
    )


@login_required
@require_POST
@service_errors(_refused_removal)
def document_remove(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("document_type"), pk=pk)
    owner = owner_of_document(document)
    owner = _owner_for_change(request, owner.kind, owner.obj.pk)
    services.document_remove(document=document, by=request.user)
    messages.success(request, _("“%(name)s” is removed.") % {"name": document.original_name})
    return redirect(owner.page_url(document.document_type))


@login_required
@require_GET
@service_errors(_owner_page)  # the store does not answer
def document_download(request, pk: int):
    document = get_object_or_404(
        Document.objects.select_related("organization", "document_type").exclude(
            status=Document.Status.PENDING
        ),
        pk=pk,
    )
    check(request.user, "grants.view_document", document)
    return services.document_download_response(document=document, by=request.user)
