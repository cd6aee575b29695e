"""{% document_uploads %}: what a page's upload controls need, for any owner of documents."""

from django import template
from django.conf import settings
from django.contrib import messages

from grants.documents.checks import ACCEPT, ALLOWED_TYPES_TEXT
from grants.documents.owners import owner_of
from grants.documents.store import DocumentStore

register = template.Library()


@register.simple_tag(takes_context=True)
def document_uploads(context, slots, owner, errors=None) -> dict:
    """What a page's upload controls need: the owner's slots (already read by the page), each with the error
    to show beside it (`errors`: a bound form's errors by slot field), whether the store answers, and whether
    browsers upload straight to it."""
    request = context["request"]
    store = DocumentStore()
    available = store.available()
    # After a refused upload the portal redirects here with ?slot=<type>: its messages belong to that slot.
    flashed = [str(m) for m in messages.get_messages(request) if m.level == messages.ERROR]
    errors = errors or {}
    rows = []
    for slot in slots:
        if request.GET.get("slot") == slot.code and flashed:
            error = " ".join(flashed)
        else:
            error = " ".join(errors.get(slot.field_name, []))
        rows.append({"slot": slot, "error": error, "input_id": f"id_documents-{slot.field_name}"})
    owner = owner_of(owner)
    return {
        "rows": rows,
        "available": available,
        "direct": store.direct_uploads and available,
        "max_bytes": settings.DOCUMENT_MAX_BYTES,
        "accept": ACCEPT,
        "types": ALLOWED_TYPES_TEXT,
        "upload_url": owner.url("upload"),
        "presign_url": owner.url("presign"),
    }
