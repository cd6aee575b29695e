"""Applications as owners of documents (registered with the documents app in ApplicationsConfig.ready())."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.applications import services
from grants.applications.models import Application
from grants.applications.wizard import step_form
from grants.documents.models import DocumentType
from grants.documents.owners import DocumentOwner, slot_url
from grants.kernel.errors import TransitionError
from grants.kernel.forms import cleaned_or_none
from grants.organizations.models import User


def submitted_document_ids(snapshot: dict | None) -> set[int]:
    """The versions an application's last submission listed."""
    return {entry["id"] for entry in (snapshot or {}).get("documents", [])}


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
        """The call's required types for applications (a report-only type listed there by mistake never blocks a
        submission); uses the prefetched list when the caller has one."""
        return sorted(
            (t for t in self.obj.call.required_document_types.all() if t.used_for == DocumentType.UsedFor.APPLICATION),
            key=lambda t: (t.position, t.code),
        )

    def submitted_document_ids(self) -> set[int]:
        return submitted_document_ids(self.obj.snapshot)

    def changed(self, *, by: User) -> None:
        """Keep the documents step's saved state in line with its files: saved once every required type has
        one (so the steps and the review show it complete), and again on each change after that. Before, it
        stays unsaved, so the page does not call the files not uploaded yet errors."""
        form = step_form(self.obj, "documents", {})
        if form.is_valid() or self.obj.steps.filter(step="documents").exists():
            services.application_save_step(
                application=self.obj, step="documents", data={},
                cleaned=cleaned_or_none(form), expected_version=None, by=by,
            )

    def page_url(self, document_type: DocumentType | None = None, *, error: bool = False) -> str:
        url = reverse("grants:application_wizard_step", kwargs={"pk": self.obj.pk, "step": "documents"})
        return slot_url(url, document_type, error=error)

    def detail_url(self) -> str:
        return reverse("grants:application_detail", kwargs={"pk": self.obj.pk})
