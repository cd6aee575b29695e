"""Private files sent by the portal (PDFs, exports, archives, documents): saved under their name, and never kept
by a browser's or a proxy's cache, where the next person at a shared computer would find them."""

from __future__ import annotations

from django.utils.http import content_disposition_header


def private_file(response, *, filename: str | None = None):
    """The response with `Cache-Control: no-store`, and as an attachment named `filename` when one is given."""
    if filename is not None:
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response
