"""Awards as records with a conversation (registered with grants.conversations in AwardsConfig.ready())."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.awards.models import Award
from grants.conversations.subjects import Subject


class AwardSubject(Subject):
    kind = "award"
    model = Award
    view_permission = "grants.view_award"
    title_related = ("application",)

    @classmethod
    def load(cls, pk: int) -> Award:
        return get_object_or_404(Award.objects.select_related("application__organization"), pk=pk)

    @property
    def organization_id(self) -> int:
        return self.obj.application.organization_id

    @property
    def title(self) -> str:
        return _("Award %(name)s") % {"name": self.obj}

    def url(self) -> str:
        return reverse("grants:award_detail", args=[self.obj.pk])
