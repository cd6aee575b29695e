"""Progress reports as owners of documents: their attachments go through the same upload, verification, storage
and download path as applications' documents (grants.documents), registered in ReportingConfig.ready()."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.documents.models import DocumentType
from grants.documents.owners import DocumentOwner, slot_url
from grants.kernel.errors import TransitionError
from reporting.models import ProgressReport

# The final report must carry the project's financial statement; every other attachment is optional.
FINANCIAL_STATEMENT = "report-financial-statement"


class ReportOwner(DocumentOwner):
    kind = "report"
    model = ProgressReport
    view_permission = "reporting.view_report"
    edit_permission = "reporting.edit_report"
    url_names = {
        "upload": "reporting:report_document_upload",
        "presign": "reporting:report_document_presign",
        "confirm": "reporting:report_document_confirm",
    }
    not_taken = gettext_lazy("Progress reports do not take “%(type)s”.")
    foreign_upload = gettext_lazy(
        "This upload does not belong to this report. Reload the page and upload the file again."
    )
    foreign_replacement = gettext_lazy("The file to replace is not part of this report. Reload the page.")

    @classmethod
    def load(cls, pk: int) -> ProgressReport:
        return get_object_or_404(
            ProgressReport.objects.select_related("award__application__organization", "period"), pk=pk
        )

    @property
    def organization_id(self) -> int:
        return self.obj.award.application.organization_id

    def locked(self) -> ReportOwner:
        return ReportOwner(
            ProgressReport.objects.select_for_update(of=("self",))
            .select_related("award__application", "period")
            .get(pk=self.obj.pk)
        )

    def check_editable(self) -> None:
        if not self.obj.is_editable:
            raise TransitionError(
                _(
                    "This report has been submitted, so its attachments can no longer change. If staff return "
                    "it for revisions, you can change them again."
                )
            )

    def document_types(self) -> list[DocumentType]:
        return list(report_document_types())

    def submitted_document_ids(self) -> set[int]:
        last = self.obj.versions.order_by("-number").first()
        return {d["id"] for d in (last.snapshot.get("documents", []) if last else [])}

    def page_url(self, document_type: DocumentType | None = None, *, error: bool = False) -> str:
        url = reverse("reporting:report_step", kwargs={"pk": self.obj.pk, "step": "documents"})
        return slot_url(url, document_type, error=error)

    def detail_url(self) -> str:
        return reverse("reporting:report_detail", kwargs={"pk": self.obj.pk})


def report_document_types():
    return DocumentType.objects.filter(used_for=DocumentType.UsedFor.REPORT).order_by("position", "code")
