"""The panel's consensus score on an application, recorded or withdrawn in the moderation phase; when present
it sets the application's final rank (scoring.selectors.ranking)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.models import Application
from grants.kernel.audit import audit
from grants.kernel.errors import ServiceError, TransitionError
from grants.organizations.models import User
from scoring.models import Moderation
from scoring.phases import switchboard_for_update
from scoring.selectors.reviewable import reviewable_applications


def moderation_record(
    *, application: Application, score: Decimal, reason: str, by: User, now: dt.datetime | None = None
) -> Moderation:
    now = now or timezone.now()
    if not reason.strip():
        raise ServiceError(_("Record the panel's reason for the consensus score."))
    if not Decimal(0) <= score <= Decimal(100):
        raise ServiceError(_("A consensus score is between 0 and 100."))
    score = score.quantize(Decimal("0.01"))
    with transaction.atomic():
        board = switchboard_for_update(application.call_id)
        if not board.staff_may_moderate:
            raise TransitionError(_("Consensus scores are recorded in the moderation phase."))
        if not reviewable_applications(call=board.call).filter(pk=application.pk).exists():
            raise ServiceError(_("Only applications screened eligible are ranked."))
        moderation = Moderation.objects.select_for_update().filter(application=application).first()
        previous = str(moderation.consensus_score) if moderation else ""
        moderation = moderation or Moderation(application=application)
        moderation.consensus_score, moderation.reason = score, reason.strip()
        moderation.recorded_by, moderation.recorded_at = by, now
        moderation.save()
        audit(
            actor=by,
            obj=application,
            action="application.consensus_recorded",
            from_state=previous,
            to_state=str(score),
            reason=moderation.reason,
        )
    return moderation


def moderation_clear(*, application: Application, by: User, reason: str) -> None:
    if not reason.strip():
        raise ServiceError(_("Record why the consensus score is withdrawn."))
    with transaction.atomic():
        if not switchboard_for_update(application.call_id).staff_may_moderate:
            raise TransitionError(_("Consensus scores are changed in the moderation phase."))
        moderation = Moderation.objects.select_for_update().filter(application=application).first()
        if moderation is None:
            raise ServiceError(_("There is no consensus score to withdraw."))
        previous = str(moderation.consensus_score)
        moderation.delete()
        audit(
            actor=by,
            obj=application,
            action="application.consensus_withdrawn",
            from_state=previous,
            to_state="",
            reason=reason.strip(),
        )
