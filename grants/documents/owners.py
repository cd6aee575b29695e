"""What owns documents, and what the document services, views and pages need to know about each kind of owner.

grants registers applications here. Other apps register their own kind in their AppConfig.ready() (reporting:
progress reports), so grants never imports them; the services and views look the kind up by the owner's model
or by the `kind` their URL names.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import Application, Document, DocumentType, User
from grants.services import TransitionError


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
    def load(cls, pk: int):
        return get_object_or_404(cls.model, pk=pk)

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

    def changed(self, *, by: User) -> None:  # noqa: B027 - a hook: most owners keep nothing in line with their files
        """Called inside the transaction after each upload or removal (applications refresh their documents step)."""

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


def register(owner_class: type[DocumentOwner]) -> type[DocumentOwner]:
    _BY_MODEL[owner_class.model] = owner_class
    _BY_KIND[owner_class.kind] = owner_class
    return owner_class


def owner_of(obj) -> DocumentOwner:
    """The wrapper for an owner object (an Application, a ProgressReport, ...)."""
    if isinstance(obj, DocumentOwner):
        return obj
    return _BY_MODEL[type(obj)](obj)


def owner_kind(kind: str) -> type[DocumentOwner]:
    return _BY_KIND[kind]


def owner_of_document(document: Document) -> DocumentOwner:
    if document.application_id:
        return ApplicationOwner(document.application)
    return owner_of(document.owner)


@register
class ApplicationOwner(DocumentOwner):
    kind = "application"
    model = Application
    view_permission = "grants.view_application"
    edit_permission = "grants.edit_application"
    url_names = {
        "upload": "grants:document_upload",
        "presign": "grants:document_presign",
        "confirm": "grants:document_confirm",
    }
    not_taken = gettext_lazy("This call does not ask for “%(type)s”.")
    foreign_upload = gettext_lazy(
        "This upload does not belong to this application. Reload the page and upload the file again."
    )
    foreign_replacement = gettext_lazy("The file to replace is not part of this application. Reload the page.")

    @classmethod
    def load(cls, pk: int) -> Application:
        return get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)

    @property
    def organization_id(self) -> int:
        return self.obj.organization_id

    def lookup(self) -> dict:
        # A foreign key of its own, so that application pages' queries stay simple.
        return {"application": self.obj}

    def owns(self, document: Document) -> bool:
        return document.application_id == self.obj.pk

    def locked(self) -> ApplicationOwner:
        return ApplicationOwner(Application.objects.select_for_update().select_related("call").get(pk=self.obj.pk))

    def check_editable(self) -> None:
        """A submitted application's documents are immutable (until staff reopen it)."""
        if not self.obj.is_editable:
            raise TransitionError(
                _(
                    "This application has been submitted, so its documents can no longer change. If something "
                    "must be corrected, contact the coordination office."
                )
            )

    def document_types(self) -> list[DocumentType]:
        from grants.documents.selectors import required_types

        return required_types(self.obj)

    def submitted_document_ids(self) -> set[int]:
        from grants.documents.selectors import submitted_document_ids

        return submitted_document_ids(self.obj)

    def changed(self, *, by: User) -> None:
        """Keep the documents step's saved state in line with its files: saved once every required type has
        one (so the steps and the review show it complete), and again on each change after that. Before, it
        stays unsaved, so the page does not call the files not uploaded yet errors."""
        from grants import services
        from grants.wizard import step_form

        form = step_form(self.obj, "documents", {})
        if form.is_valid() or self.obj.steps.filter(step="documents").exists():
            services.application_save_step(
                application=self.obj, step="documents", data={}, form=form, expected_version=None, by=by
            )

    def page_url(self, document_type: DocumentType | None = None, *, error: bool = False) -> str:
        url = reverse("grants:application_wizard_step", kwargs={"pk": self.obj.pk, "step": "documents"})
        return slot_url(url, document_type, error=error)

    def detail_url(self) -> str:
        return reverse("grants:application_detail", kwargs={"pk": self.obj.pk})


def slot_url(url: str, document_type: DocumentType | None, *, error: bool) -> str:
    """A page's URL pointing at one slot; after a refusal, ?slot= tells the page whose error the message is."""
    if document_type is None:
        return url
    query = f"?slot={document_type.code}" if error else ""
    return f"{url}{query}#slot-{document_type.code}"
