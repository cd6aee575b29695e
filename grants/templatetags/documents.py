from django import template
from django.conf import settings
from django.contrib import messages
from django.urls import reverse

from grants.documents.checks import ACCEPT, ALLOWED_TYPES_TEXT
from grants.documents.store import DocumentStore

register = template.Library()


@register.simple_tag(takes_context=True)
def document_uploads(context, form) -> dict:
    """What the documents step's upload controls need: its slots (read once by the DocumentsForm), each
    with the error to show beside it, whether the store answers, and whether browsers upload straight to
    it."""
    request = context["request"]
    store = DocumentStore()
    available = store.available()
    # After a refused upload the portal redirects here with ?slot=<type>: its messages belong to that slot.
    flashed = [str(m) for m in messages.get_messages(request) if m.level == messages.ERROR]
    errors = form.errors if form.is_bound else {}
    rows = []
    for slot in form.slots:
        if request.GET.get("slot") == slot.code and flashed:
            error = " ".join(flashed)
        else:
            error = " ".join(errors.get(slot.field_name, []))
        rows.append({"slot": slot, "error": error, "input_id": f"id_documents-{slot.field_name}"})
    pk = form.application.pk
    return {
        "rows": rows,
        "available": available,
        "direct": store.direct_uploads and available,
        "max_bytes": settings.DOCUMENT_MAX_BYTES,
        "accept": ACCEPT,
        "types": ALLOWED_TYPES_TEXT,
        "upload_url": reverse("grants:document_upload", kwargs={"pk": pk}),
        "presign_url": reverse("grants:document_presign", kwargs={"pk": pk}),
    }
