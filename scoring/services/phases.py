"""A call's review phase changes: the checks the review needs before each phase. The change itself is
grants.applications.lifecycle's (the only writer of a call's phase and status)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications import lifecycle
from grants.applications.enums import ReviewPhase
from grants.applications.models import Call
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.timeutils import format_local
from grants.organizations.models import User
from scoring.models import Rubric


def call_phase_change(*, call: Call, phase: str, by: User, now: dt.datetime | None = None) -> Call:
    now = now or timezone.now()
    if phase not in ReviewPhase.values:
        raise ServiceError(_("Choose one of the review phases."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        previous = call.review_phase
        if phase == previous:
            raise TransitionError(
                _("The call is already in the %(phase)s phase.") % {"phase": ReviewPhase(phase).label.lower()}
            )
        if previous == ReviewPhase.DECIDED:
            raise TransitionError(_("The review of this call is decided; its phase can no longer change."))
        if phase != ReviewPhase.SCREENING and now < call.closes_at:
            raise TransitionError(
                _("The call is open until %(time)s; review starts after it closes.")
                % {"time": format_local(call.closes_at)}
            )
        if phase == ReviewPhase.REVIEWING:
            rubric = Rubric.objects.filter(call=call).first()
            if rubric is None or not rubric.criteria.exists():
                raise TransitionError(
                    _("Set up the rubric before reviewing starts: reviewers score against it.")
                )
        lifecycle.set_review_phase(call, phase=phase, by=by)
    return call
