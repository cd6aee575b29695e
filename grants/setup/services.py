"""Call set-up: the only writers of a call's fields, its required documents, its rubric's criteria and its
fiscal-year envelopes from the portal. Each locks the call's row (the lock awards take to check the envelope, so
an envelope never shrinks under an award being made), checks what the call's state allows, writes and audits.
The call's status changes only through grants.applications.lifecycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from grants.applications import lifecycle
from grants.applications.enums import CallStatus
from grants.applications.models import Call
from grants.awards.models import CallYearEnvelope
from grants.kernel.audit import audit
from grants.kernel.errors import IncompleteError, ServiceError, TransitionError
from grants.kernel.money import format_money
from grants.kernel.timeutils import fiscal_year_label, format_local
from grants.organizations.models import User
from grants.setup.enums import CLOSES_AT_MOVABLE, FIXED_ONCE_IN_REVIEW, FIXED_ONCE_PUBLISHED, IN_REVIEW
from grants.setup.selectors import call_problems, committed_by_year
from scoring.models import Criterion, Rubric

M2M = ("pillars", "populations", "regions", "required_document_types")


def call_create(*, by: User, data: dict) -> Call:
    """A new call, as a draft: it is published once complete (call_publish)."""
    with transaction.atomic():
        call = Call.objects.create(status=CallStatus.DRAFT, **{k: v for k, v in data.items() if k not in M2M})
        for name in M2M:
            getattr(call, name).set(data.get(name, []))
        audit(actor=by, obj=call, action="call.created")
    return call


def fixed_fields(call: Call) -> set[str]:
    """The fields the call's state no longer lets change (the form leaves them out; call_update refuses them)."""
    fixed = set()
    if call.status != CallStatus.DRAFT:
        fixed.update(FIXED_ONCE_PUBLISHED)
    if call.status in IN_REVIEW:
        fixed.update(FIXED_ONCE_IN_REVIEW)
    if call.status not in CLOSES_AT_MOVABLE:
        fixed.add("closes_at")
    return fixed


def call_update(*, call_id: int, by: User, data: dict) -> Call:
    """Change the call's fields; once it is published, only what cannot break an application under way."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        changed = [name for name, value in data.items() if _current(call, name) != _comparable(name, value)]
        if refused := sorted(set(changed) & fixed_fields(call)):
            raise TransitionError(
                _("%(call)s is %(status)s: %(fields)s can no longer change.")
                % {
                    "call": call,
                    "status": call.get_status_display().lower(),
                    "fields": ", ".join(str(Call._meta.get_field(name).verbose_name) for name in refused),
                }
            )
        if "closes_at" in changed and call.status == CallStatus.PUBLISHED and data["closes_at"] < call.closes_at:
            raise TransitionError(
                _("A published call's closing time can only move later (it is %(time)s). To stop taking "
                  "applications now, close its intake.") % {"time": format_local(call.closes_at)}
            )
        if "envelope" in changed:
            committed = sum(committed_by_year(call=call).values(), Decimal(0))
            if data["envelope"] < data.get("max_request", call.max_request):
                raise ServiceError(_("The envelope cannot be smaller than the maximum request."))
            if data["envelope"] < committed:
                raise ServiceError(
                    _("Awards already commit %(committed)s of this call: the envelope cannot be smaller.")
                    % {"committed": format_money(committed)}
                )
        for name in changed:
            if name in M2M:
                getattr(call, name).set(data[name])
            else:
                setattr(call, name, data[name])
        if scalars := [name for name in changed if name not in M2M]:
            call.save(update_fields=scalars)
        if changed:
            audit(actor=by, obj=call, action="call.changed", fields=changed)
    return call


def _current(call: Call, name: str):
    if name in M2M:
        return {obj.pk for obj in getattr(call, name).all()}
    return getattr(call, name)


def _comparable(name: str, value):
    return {obj.pk for obj in value} if name in M2M else value


def call_publish(*, call_id: int, by: User, now: dt.datetime | None = None) -> Call:
    """Publish a draft call, only once complete: the refusal lists what is missing."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        if call.status == CallStatus.DRAFT and (problems := call_problems(call=call, now=now)):
            raise IncompleteError(_("%(call)s cannot be published yet.") % {"call": call}, problems)
        lifecycle.publish(call, by=by)
    return call


def _editable_rubric(call: Call) -> Rubric:
    rubric, _created = Rubric.objects.select_for_update().get_or_create(call=call)
    if not rubric.is_editable:
        raise TransitionError(
            _("The rubric is locked because reviews have been saved. Reopen it on its rubric page first.")
        )
    return rubric


def criterion_save(*, call_id: int, by: User, data: dict, criterion_id: int | None = None) -> Criterion:
    """Add a criterion to the call's rubric, or change one, while the rubric is open to changes."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        rubric = _editable_rubric(call)
        if criterion_id is None:
            criterion = Criterion.objects.create(rubric=rubric, **data)
            action = "rubric.criterion_added"
        else:
            criterion = Criterion.objects.get(pk=criterion_id, rubric=rubric)
            for name, value in data.items():
                setattr(criterion, name, value)
            criterion.save()
            action = "rubric.criterion_changed"
        audit(actor=by, obj=rubric, action=action, criterion=criterion.name_en or criterion.name_fr,
              weight=str(criterion.weight))
    return criterion


def criterion_remove(*, call_id: int, by: User, criterion_id: int) -> None:
    """Take a criterion out of the rubric; one that reviews have scored stays (its scores would go with it)."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        rubric = _editable_rubric(call)
        criterion = Criterion.objects.get(pk=criterion_id, rubric=rubric)
        if criterion.scores.exists():
            raise ServiceError(_("Reviews have scored this criterion: change it rather than remove it."))
        name = criterion.name_en or criterion.name_fr
        criterion.delete()
        audit(actor=by, obj=rubric, action="rubric.criterion_removed", criterion=name)


def year_envelope_set(*, call_id: int, by: User, fiscal_year: int, amount: Decimal) -> CallYearEnvelope:
    """Set what the call may commit in one fiscal year: within the call's envelope, and never below what its
    awards already commit in that year."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        if amount > call.envelope:
            raise ServiceError(
                _("%(amount)s is more than the call's envelope of %(envelope)s.")
                % {"amount": format_money(amount), "envelope": format_money(call.envelope)}
            )
        committed = committed_by_year(call=call).get(fiscal_year, Decimal(0))
        if amount < committed:
            raise ServiceError(
                _("Awards already commit %(committed)s in %(year)s: the limit cannot be smaller.")
                % {"committed": format_money(committed), "year": fiscal_year_label(fiscal_year)}
            )
        envelope, _created = CallYearEnvelope.objects.update_or_create(
            call=call, fiscal_year=fiscal_year, defaults={"amount": amount}
        )
        audit(actor=by, obj=call, action="call.year_envelope_set", fiscal_year=fiscal_year, amount=str(amount))
    return envelope


def year_envelope_remove(*, call_id: int, by: User, fiscal_year: int) -> None:
    """Drop a fiscal year's limit: the call's envelope alone then applies to that year."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        deleted, _rows = CallYearEnvelope.objects.filter(call=call, fiscal_year=fiscal_year).delete()
        if deleted:
            audit(actor=by, obj=call, action="call.year_envelope_removed", fiscal_year=fiscal_year)

