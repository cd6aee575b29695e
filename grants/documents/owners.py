"""What owns documents, and what the document services, views and pages need to know about each kind of owner.

Every owner's app registers its kind here from its AppConfig.ready() (applications: grants/applications/
documents.py; progress reports: reporting/documents.py), so this app imports none of them; the services and
views look the kind up by the owner's model or by the `kind` their URL names.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from grants.documents.models import Document, DocumentType


class DocumentOwner(ABC):
    """One owner of files, wrapped. Subclasses name their model, URL names and permissions, and answer the
    abstract questions below."""

    kind: str  # the owner's name in URLs and audit entries
    model: type[models.Model]
    view_permission: str
    edit_permission: str
    url_names: dict[str, str]  # "upload", "presign", "confirm": each takes the owner's pk
    # Refusals, in the owner's words.
    not_taken: str  # %(type)s
    foreign_upload: str
    foreign_replacement: str

    def __init__(self, obj):
        self.obj = obj

    @classmethod
    @abstractmethod
    def load(cls, pk: int):
        """The owner object named by a URL, with what its pages read (404 when there is none)."""

    @property
    @abstractmethod
    def organization_id(self) -> int:
        """Whose file it is: the organization whose members may see it."""

    def lookup(self) -> dict:
        """The fields that tie a document to this owner: to filter on and to create with."""
        return {"owner_type": ContentType.objects.get_for_model(self.model), "owner_id": self.obj.pk}

    def owns(self, document: Document) -> bool:
        content_type = ContentType.objects.get_for_model(self.model)
        return document.owner_type_id == content_type.pk and document.owner_id == self.obj.pk

    def locked(self) -> DocumentOwner:
        """The owner re-read with its row locked (inside a transaction): its state and slot counts hold until
        commit, so an upload cannot slip in beside a submission or overfill a slot."""
        return type(self)(self.model.objects.select_for_update().get(pk=self.obj.pk))

    @abstractmethod
    def check_editable(self) -> None:
        """Raise TransitionError, saying why, when the owner's files can no longer change."""

    @abstractmethod
    def document_types(self) -> list[DocumentType]:
        """The types of file the owner takes, in their order."""

    @abstractmethod
    def submitted_document_ids(self) -> set[int]:
        """The versions the owner's last submission listed: removing one keeps it, marked removed."""

    def changed(self, *, by) -> None:  # noqa: B027 - a hook: most owners keep nothing in line with their files
        """Called inside the transaction after each upload or removal (applications refresh their documents step)."""

    def extra_viewer(self, user, document: Document) -> bool:
        """Whether someone outside the organization and staff may download this file (assigned reviewers, for
        applications: see register_viewer)."""
        return any(predicate(user, document) for predicate in _VIEWERS.get(self.kind, ()))

    @abstractmethod
    def page_url(self, document_type: DocumentType | None = None, *, error: bool = False) -> str:
        """Where the files are listed: uploads and removals go back there, to the slot concerned."""

    @abstractmethod
    def detail_url(self) -> str:
        """Where a refused change goes: the owner's own page."""

    def url(self, name: str) -> str:
        return reverse(self.url_names[name], kwargs={"pk": self.obj.pk})


_BY_MODEL: dict[type[models.Model], type[DocumentOwner]] = {}
_BY_KIND: dict[str, type[DocumentOwner]] = {}
# Who else may download a kind's files, added by apps above the owner's (scoring: assigned reviewers).
_VIEWERS: dict[str, list] = {}


def register(owner_class: type[DocumentOwner]) -> type[DocumentOwner]:
    _BY_MODEL[owner_class.model] = owner_class
    _BY_KIND[owner_class.kind] = owner_class
    return owner_class


def register_viewer(kind: str, predicate) -> None:
    """Let `predicate(user, document)` grant downloading a kind's files too (from the registering app's ready())."""
    _VIEWERS.setdefault(kind, []).append(predicate)


def owner_of(obj) -> DocumentOwner:
    """The wrapper for an owner object (an Application, a ProgressReport, ...)."""
    if isinstance(obj, DocumentOwner):
        return obj
    return _BY_MODEL[type(obj)](obj)


def owner_kind(kind: str) -> type[DocumentOwner]:
    return _BY_KIND[kind]


def owner_of_document(document: Document) -> DocumentOwner:
    return owner_of(document.owner)


def slot_url(url: str, document_type: DocumentType | None, *, error: bool) -> str:
    """A page's URL pointing at one slot; after a refusal, ?slot= tells the page whose error the message is."""
    if document_type is None:
        return url
    query = f"?slot={document_type.code}" if error else ""
    return f"{url}{query}#slot-{document_type.code}"
