"""Progress reports as records with a conversation (registered with grants.conversations in
ReportingConfig.ready())."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.conversations.subjects import Subject
from reporting.models import ProgressReport


class ReportSubject(Subject):
    kind = "report"
    model = ProgressReport
    view_permission = "reporting.view_report"
    title_related = ("award__application", "period")

    @classmethod
    def load(cls, pk: int) -> ProgressReport:
        return get_object_or_404(
            ProgressReport.objects.select_related("award__application__organization", "period"), pk=pk
        )

    @property
    def organization_id(self) -> int:
        return self.obj.award.application.organization_id

    @property
    def title(self) -> str:
        return _("Progress report %(name)s") % {"name": self.obj}

    def url(self) -> str:
        return reverse("reporting:report_detail", args=[self.obj.pk])
