"""A call's rubric: copied from an earlier call, reopened for changes (its submitted reviews go back to their
reviewers) and locked again. The first saved review locks it (scoring.services.reviews)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.models import Call
from grants.kernel.audit import audit, transition
from grants.kernel.errors import ServiceError, TransitionError
from grants.organizations.models import User
from scoring import notifications
from scoring.enums import ReviewStatus, RubricStatus
from scoring.models import Criterion, Review, Rubric
from scoring.phases import switchboard_for_update
from scoring.services.reviews import reopen_review


def rubric_copy(*, call: Call, source: Call, by: User) -> Rubric:
    """Replace the call's criteria with those of an earlier call's rubric."""
    if source.pk == call.pk:
        raise ServiceError(_("Choose another call to copy from."))
    source_rubric = Rubric.objects.filter(call=source).prefetch_related("criteria").first()
    if source_rubric is None or not source_rubric.criteria.all():
        raise ServiceError(_("%(call)s has no rubric to copy.") % {"call": source})
    with transaction.atomic():
        rubric, _created = Rubric.objects.select_for_update().get_or_create(call=call)
        if not rubric.is_editable:
            raise TransitionError(_("The rubric is locked because reviews have been saved. Reopen it first."))
        if Review.objects.filter(assignment__call=call).exists():
            raise TransitionError(
                _(
                    "Reviews have been saved against this rubric; change its criteria one by one "
                    "instead of replacing them."
                )
            )
        rubric.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(
                rubric=rubric,
                position=c.position,
                name_en=c.name_en,
                name_fr=c.name_fr,
                description_en=c.description_en,
                description_fr=c.description_fr,
                guidance_en=c.guidance_en,
                guidance_fr=c.guidance_fr,
                weight=c.weight,
                scale_min=c.scale_min,
                scale_max=c.scale_max,
                allows_na=c.allows_na,
            )
            for c in source_rubric.criteria.all()
        )
        rubric.copied_from = source
        rubric.save(update_fields=["copied_from"])
        audit(
            actor=by,
            obj=rubric,
            action="rubric.copied",
            source_call=source.slug,
            criteria=len(source_rubric.criteria.all()),
        )
    return rubric


def rubric_reopen(*, rubric: Rubric, by: User, reason: str) -> Rubric:
    """Open a locked rubric for changes. Submitted reviews go back to their reviewers, since their
    scores were given against the old criteria; reviewers cannot save until staff lock it again."""
    if not reason.strip():
        raise ServiceError(
            _("Give a reason for changing the rubric; the reviewers whose reviews reopen receive it.")
        )
    with transaction.atomic():
        if not switchboard_for_update(rubric.call_id).staff_may_change_states:
            raise TransitionError(_("The review of this call is decided; the rubric can no longer change."))
        rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
        reviews = list(
            Review.objects.select_for_update(of=("self",))
            .select_related("assignment__reviewer", "assignment__application")
            .filter(assignment__call_id=rubric.call_id, status=ReviewStatus.SUBMITTED)
        )
        rubric.locked_at = None
        transition(
            rubric,
            to=RubricStatus.REOPENED,
            allowed=[RubricStatus.LOCKED],
            by=by,
            action="rubric.reopened",
            refusal=_("The rubric is not locked; it can be changed as it is."),
            update_fields=["locked_at"],
            reason=reason,
            reviews_reopened=len(reviews),
        )
        for review in reviews:
            reopen_review(review=review, by=by, reason=reason)
        notifications.notify_reviews_reopened(reviews=reviews, reason=reason)
    return rubric


def rubric_relock(*, rubric: Rubric, by: User, now: dt.datetime | None = None) -> Rubric:
    now = now or timezone.now()
    with transaction.atomic():
        rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
        rubric.locked_at = now
        transition(
            rubric,
            to=RubricStatus.LOCKED,
            allowed=[RubricStatus.REOPENED],
            by=by,
            action="rubric.relocked",
            refusal=_("Only a rubric reopened for changes can be locked again."),
            update_fields=["locked_at"],
        )
        if not rubric.criteria.exists():
            raise ServiceError(_("Add at least one criterion before locking the rubric."))
    return rubric
