"""Reads: an owner's documents, its upload slots, their history and the submitted list of exact versions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from grants.documents.models import Document, DocumentType
from grants.documents.owners import owner_of


def owner_filter(owner) -> dict:
    """The lookup for an owner's documents (any object, through the generic owner)."""
    return owner_of(owner).lookup()


def documents_current(*, owner) -> QuerySet[Document]:
    return (
        Document.objects.filter(status=Document.Status.CURRENT, **owner_filter(owner))
        .select_related("document_type", "uploaded_by")
        .order_by("document_type__position", "document_type__code", "uploaded_at", "pk")
    )


def document_history(*, owner) -> QuerySet[Document]:
    """Every verified version, current or not, with what replaced it: what staff see."""
    return (
        Document.objects.filter(**owner_filter(owner))
        .exclude(status=Document.Status.PENDING)
        .select_related("document_type", "uploaded_by", "replaces")
        .order_by("document_type__position", "document_type__code", "-uploaded_at", "-pk")
    )


@dataclass
class Slot:
    """One document type an owner takes (an application's required types, a report's attachments) and its
    current files."""

    document_type: DocumentType
    documents: list[Document] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.document_type.code

    @property
    def field_name(self) -> str:
        """The documents step's field for this type (grants.applications.forms.DocumentsForm)."""
        return "doc_" + self.document_type.code.replace("-", "_")

    @property
    def is_full(self) -> bool:
        return len(self.documents) >= self.document_type.max_files

    @property
    def room(self) -> int:
        return max(self.document_type.max_files - len(self.documents), 0)


def document_slots(*, owner, current: list[Document] | None = None) -> list[Slot]:
    """One slot per type the owner takes, in the types' order, each with its current files (2 queries at most)."""
    current = list(documents_current(owner=owner)) if current is None else current
    by_type: dict[int, list[Document]] = defaultdict(list)
    for document in current:
        by_type[document.document_type_id].append(document)
    return [Slot(document_type=t, documents=by_type.get(t.pk, [])) for t in owner_of(owner).document_types()]


def document_snapshot(*, owner) -> list[dict]:
    """The exact versions submitted: kept in the owner's snapshot."""
    return [
        {
            "id": d.pk,
            "type": d.document_type.code,
            "type_en": d.document_type.name_en,
            "type_fr": d.document_type.name_fr,
            "name": d.original_name,
            "size": d.size,
            "content_type": d.content_type,
            "sha256": d.sha256,
            "uploaded_at": d.uploaded_at.isoformat(),
        }
        for d in documents_current(owner=owner)
    ]

