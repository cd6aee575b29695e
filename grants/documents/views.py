"""Document endpoints. Uploads and removals are their own POSTs (not the wizard's form) and always return
to the documents step, where everything already entered is kept; downloads check `grants.view_document`."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from grants.documents import services
from grants.documents.checks import DocumentRejected
from grants.documents.store import StoreUnavailable
from grants.documents.uploads import LimitedTemporaryFileUploadHandler
from grants.models import Application, Document, DocumentType
from grants.services import ServiceError, TransitionError
from grants.views import check


def _step_url(
    application: Application, document_type: DocumentType | None = None, *, error: bool = False
) -> str:
    url = reverse("grants:application_wizard_step", kwargs={"pk": application.pk, "step": "documents"})
    if document_type is None:
        return url
    query = f"?slot={document_type.code}" if error else ""
    return f"{url}{query}#slot-{document_type.code}"


def _application_for_change(request, pk: int) -> Application:
    """The application whose documents the person wants to change: strangers get 403; members of a
    submitted application get TransitionError, which says why nothing can change."""
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    check(request.user, "grants.view_application", application)
    services.check_editable(application)
    check(request.user, "grants.edit_application", application)
    return application


def _slot_choice(application: Application, data) -> tuple[DocumentType, Document | None]:
    document_type = DocumentType.objects.filter(code=data.get("document_type", "")).first()
    if document_type is None:
        raise DocumentRejected(_("Choose which document this file is."))
    replaces = None
    if data.get("replaces"):
        replaces = Document.objects.filter(
            pk=data["replaces"] if str(data["replaces"]).isdigit() else 0, application=application
        ).first()
        if replaces is None:
            raise DocumentRejected(_("The file to replace is not part of this application. Reload the page."))
    return document_type, replaces


@csrf_exempt
@login_required
@require_POST
def document_upload(request, pk: int):
    """Files posted through the portal: without JavaScript, or when documents are kept on local disk."""
    handler = LimitedTemporaryFileUploadHandler(request, max_bytes=settings.DOCUMENT_MAX_BYTES)
    # Set before anything reads the body; the CSRF check (which reads it) runs just after.
    request.upload_handlers = [handler]
    return csrf_protect(_document_upload)(request, pk, handler)


def _back(request, url: str):
    """Where the person goes next; the page's script, which sends files with a progress bar, asks for it
    as JSON and goes there itself."""
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"redirect": url})
    return redirect(url)


def _document_upload(request, pk: int, handler: LimitedTemporaryFileUploadHandler):
    try:
        application = _application_for_change(request, pk)
    except TransitionError as error:
        messages.error(request, error.message)
        return _back(request, reverse("grants:application_detail", kwargs={"pk": pk}))
    files = request.FILES.getlist("file")
    document_type = None
    try:
        document_type, replaces = _slot_choice(application, request.POST)
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
        services.check_room(
            application=application, document_type=document_type, count=len(files), replaces=replaces
        )
        accepted, refused = [], []
        for file in files:
            try:
                accepted.append(
                    services.document_upload(
                        application=application,
                        document_type=document_type,
                        file=file,
                        by=request.user,
                        replaces=replaces,
                    )
                )
            except DocumentRejected as error:
                refused.append(error.message)
    except ServiceError as error:  # a refusal, or the store being unreachable: nothing else changed
        messages.error(request, error.message)
        return _back(request, _step_url(application, document_type, error=True))
    for document in accepted:
        messages.success(
            request, _("“%(name)s” is uploaded and verified.") % {"name": document.original_name}
        )
    for message in refused:
        messages.error(request, message)
    return _back(request, _step_url(application, document_type, error=bool(refused)))


def _json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@login_required
@require_POST
def document_presign(request, pk: int):
    """Step 1 of a direct upload (JavaScript): where and how to send the file to the bucket."""
    try:
        application = _application_for_change(request, pk)
        document_type, replaces = _slot_choice(application, request.POST)
        size = request.POST.get("size", "")
        upload = services.document_upload_start(
            application=application,
            document_type=document_type,
            name=request.POST.get("name", ""),
            size=int(size) if size.isdigit() else None,
            by=request.user,
            replaces=replaces,
        )
    except StoreUnavailable as error:
        return _json_error(error.message, status=503)
    except ServiceError as error:
        return _json_error(error.message)
    return JsonResponse(
        {
            "url": upload.url,
            "fields": upload.fields,
            "key": upload.document.key,
            "confirm_url": reverse("grants:document_confirm", kwargs={"pk": application.pk}),
        }
    )


@login_required
@require_POST
def document_confirm(request, pk: int):
    """Step 2 of a direct upload: the browser has sent the file; the portal verifies it before accepting."""
    try:
        application = _application_for_change(request, pk)
        document = services.document_upload_confirm(
            application=application, key=request.POST.get("key", ""), by=request.user
        )
    except StoreUnavailable as error:
        return _json_error(error.message, status=503)
    except ServiceError as error:
        return _json_error(error.message)
    messages.success(request, _("“%(name)s” is uploaded and verified.") % {"name": document.original_name})
    return JsonResponse(
        {"redirect": _step_url(application, document.document_type), "name": document.original_name}
    )


@login_required
@require_POST
def document_remove(request, pk: int):
    document = get_object_or_404(
        Document.objects.select_related("document_type"), pk=pk, application__isnull=False
    )
    try:
        application = _application_for_change(request, document.application_id)
    except TransitionError as error:
        messages.error(request, error.message)
        return redirect("grants:application_detail", pk=document.application_id)
    try:
        services.document_remove(document=document, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(_step_url(application, document.document_type, error=True))
    messages.success(request, _("“%(name)s” is removed.") % {"name": document.original_name})
    return redirect(_step_url(application, document.document_type))


@login_required
@require_GET
def document_download(request, pk: int):
    document = get_object_or_404(
        Document.objects.select_related("application__organization", "organization", "document_type").exclude(
            status=Document.Status.PENDING
        ),
        pk=pk,
    )
    check(request.user, "grants.view_document", document)
    try:
        return services.document_download_response(document=document, by=request.user)
    except StoreUnavailable as error:
        messages.error(request, error.message)
        if document.application_id:
            return redirect("grants:application_detail", pk=document.application_id)
        return redirect("grants:dashboard")
