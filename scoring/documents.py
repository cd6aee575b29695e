"""The submitted documents of an application, as its reviewers open them.

Reviewers get exactly the versions frozen in the snapshot. Under blind review each file is handed
over under a neutral name (reference, type and number), since applicants often name files after
their organization.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from grants.documents.models import Document
from grants.documents.services import document_download_response
from grants.documents.store import StoreUnavailable
from grants.kernel.language import bilingual_value
from scoring.models import Assignment


def _entries(assignment: Assignment) -> list[dict]:
    return (assignment.application.snapshot or {}).get("documents", [])


def neutral_name(*, reference: str, entry: dict, number: int) -> str:
    extension = entry.get("name", "").rsplit(".", 1)[-1].lower() if "." in entry.get("name", "") else ""
    extension = re.sub(r"[^a-z0-9]", "", extension)[:8]
    stem = f"{reference}-{entry.get('type', 'document')}-{number}"
    return f"{stem}.{extension}" if extension else stem


def documents_for_reviewer(*, assignment: Assignment, blind: bool) -> list[dict]:
    rows = []
    for number, entry in enumerate(_entries(assignment), start=1):
        rows.append(
            {
                "type": bilingual_value(entry, "type"),
                "name": neutral_name(reference=assignment.application.reference, entry=entry, number=number)
                if blind
                else entry.get("name", ""),
                "size": entry.get("size", 0),
                "url": reverse("scoring:document", args=[assignment.pk, entry["id"]]),
            }
        )
    return rows


def download_for_reviewer(*, request, assignment: Assignment, document_pk: int, blind: bool):
    """The file, if it is one of the submitted versions; the caller has checked the reviewer's access."""
    entries = _entries(assignment)
    number, entry = next(
        ((i, e) for i, e in enumerate(entries, start=1) if e["id"] == document_pk), (None, None)
    )
    if entry is None:
        raise Http404
    document = Document.objects.filter(pk=document_pk, application=assignment.application_id).first()
    if document is None:
        raise Http404
    filename = (
        neutral_name(reference=assignment.application.reference, entry=entry, number=number)
        if blind
        else None
    )
    try:
        return document_download_response(document=document, by=request.user, filename=filename)
    except StoreUnavailable as error:
        messages.error(request, error.message)
        return redirect("scoring:score", pk=assignment.pk)
