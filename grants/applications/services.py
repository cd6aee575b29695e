"""Writes for applications: start, save a step (with what a valid step derives), submit, withdraw, reopen.

One keyword-only function per change, taking the objects concerned and cleaned values, never a form. A state
change locks the row and goes through grants.kernel.audit.transition() (allowed states, save, one audit entry),
and enqueues its notification in the same transaction. Views, admin actions, commands and tests all come
through here."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications import lifecycle, notifications
from grants.applications.enums import ApplicationStatus, CallStatus
from grants.applications.forms import budget_amounts
from grants.applications.models import (
    Application,
    ApplicationStep,
    BudgetLine,
    Call,
    DeadlineExtension,
    ReferenceSequence,
)
from grants.applications.wizard import application_problems, snapshot, step_form
from grants.kernel.audit import audit, require_state, transition
from grants.kernel.errors import DeadlineError, IncompleteError, TransitionError
from grants.kernel.steps import save_step_record
from grants.kernel.timeutils import format_local, local
from grants.organizations.models import Organization, User


def application_start(
    *, organization: Organization, call: Call, by: User, now: dt.datetime | None = None
) -> Application:
    now = now or timezone.now()
    with transaction.atomic():
        # The call's status and dates are read from its row, locked against staff closing it meanwhile; the same
        # lock makes starts in the call wait for each other, so two members starting at once cannot both pass the
        # one-per-call check. (FOR NO KEY UPDATE: rows that only point at the call need not wait.)
        call = Call.objects.select_for_update(no_key=True).get(pk=call.pk)
        if not call.is_open(now):
            raise DeadlineError(_("This call is not open for applications."))
        existing = (
            Application.objects.filter(organization=organization, call=call)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .first()
        )
        if existing and not call.allows_multiple_applications:
            raise TransitionError(
                _("%(organization)s already has an application for this call.") % {"organization": organization}
            )
        application = Application.objects.create(organization=organization, call=call, created_by=by)
        audit(actor=by, obj=application, action="application.started", to_state=application.status)
    return application


def application_save_step(
    *, application: Application, step: str, data: dict, cleaned: dict | None, expected_version: int | None,
    by: User,
) -> ApplicationStep:
    """Save what was typed in a step, valid or not: `cleaned` is the step's cleaned data when it validated, else
    None. A valid step also writes the application's fields derived from it (title, dates, budget lines...).

    The save names the version it was editing; if another member saved the step since, nothing is
    written and StepConflict carries their saved answers.
    """
    with transaction.atomic():
        # Read under the lock submission takes: the caller's copy may predate another member's submit.
        locked = Application.objects.select_for_update().values_list("status", flat=True)
        if locked.get(pk=application.pk) not in ApplicationStatus.EDITABLE:
            raise TransitionError(_("This application has been submitted and can no longer be changed."))
        record, _created = ApplicationStep.objects.select_for_update().get_or_create(
            application=application, step=step
        )
        save_step_record(record, data=data, is_valid=cleaned is not None, expected_version=expected_version, by=by)
        if cleaned is not None and step in DERIVED_FROM_STEP:
            DERIVED_FROM_STEP[step](application, cleaned)
        Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    return record


def _derive_project(application: Application, cleaned: dict) -> None:
    application.title, application.summary = cleaned["project_title"], cleaned["summary"]
    application.start_date, application.end_date = cleaned["start_date"], cleaned["end_date"]
    application.save(update_fields=["title", "summary", "start_date", "end_date", "updated_at"])
    application.pillars.set(cleaned["pillars"])
    application.populations.set(cleaned["populations"])
    application.regions.set(cleaned["regions"])
    # The budget's columns are the project's fiscal years: new dates re-derive its lines from what was typed.
    budget = ApplicationStep.objects.select_for_update().filter(application=application, step="budget").first()
    if budget is not None:
        grid = step_form(application, "budget", budget.data)
        budget.is_valid = grid.is_valid()
        budget.save(update_fields=["is_valid"])
        _derive_budget(application, grid.cleaned_data if budget.is_valid else {})


def _derive_budget(application: Application, cleaned: dict) -> None:
    BudgetLine.objects.filter(application=application).delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, category=category, fiscal_year=year, amount=amount)
        for (category, year), amount in budget_amounts(cleaned).items()
    )


# What a valid step writes besides its answers; the other steps' answers are the whole record.
DERIVED_FROM_STEP = {"project": _derive_project, "budget": _derive_budget}


def next_reference(*, call: Call, now: dt.datetime) -> str:
    """CSF-2026-0001: per fund and (Toronto) calendar year; the counter row is locked while it grows."""
    year = local(now).year
    for _attempt in range(3):
        try:
            with transaction.atomic():
                ReferenceSequence.objects.get_or_create(fund=call.fund, year=year)
            break
        except IntegrityError:  # created by a concurrent submitter first: fine, use theirs
            continue
    sequence = ReferenceSequence.objects.select_for_update().get(fund=call.fund, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{call.fund.code}-{year}-{sequence.last_number:04d}"


def application_submit(*, application: Application, by: User, now: dt.datetime | None = None) -> Application:
    now = now or timezone.now()
    with transaction.atomic():
        # The call's row first (its status and deadline are checked below), as staff closing it lock it.
        Call.objects.select_for_update(no_key=True).get(pk=application.call_id)
        application = Application.objects.select_for_update(of=("self",)).select_related(
            "call__fund", "organization"
        ).get(pk=application.pk)
        only_drafts = _("Only a draft can be submitted; this application is %(status)s.") % {
            "status": application.get_status_display().lower()}
        # The state first: a submitted or withdrawn application is refused as such, whatever its deadline.
        require_state(application, allowed=ApplicationStatus.EDITABLE, refusal=only_drafts)
        # An application submitted on time and reopened by staff may be resubmitted after the deadline.
        if not application.reference:
            check_intake(application=application, now=now)
        problems = application_problems(application=application)
        if problems:
            raise IncompleteError(_("The application is not complete yet."), problems=problems)
        frozen = snapshot(application=application)
        # The number is taken last: the fund's counter stays locked until commit, and every other
        # submission to the fund waits for it, so only the save and the audit entry remain after it.
        if not application.reference:
            application.reference = next_reference(call=application.call, now=now)
        application.snapshot = {**frozen, "reference": application.reference}
        application.submitted_at, application.submitted_by = now, by
        transition(
            application, to=ApplicationStatus.SUBMITTED, allowed=ApplicationStatus.EDITABLE, by=by,
            action="application.submitted", refusal=only_drafts,
            update_fields=["reference", "snapshot", "submitted_at", "submitted_by"],
        )
        notifications.notify_submitted(application=application)
    return application


def check_intake(*, application: Application, now: dt.datetime) -> None:
    """DeadlineError unless the (locked) application may come in now: by the call's closing time, or by its own
    extended deadline, to the second, as long as the call's review has not started."""
    call = application.call
    if application.deadline_extended_to is None:
        if now > call.closes_at:
            raise DeadlineError(
                _("The call closed at %(time)s. Applications can no longer be submitted; your draft is kept.")
                % {"time": format_local(call.closes_at)}
            )
        if not call.is_open(now):
            raise DeadlineError(_("This call is not open for applications."))
        return
    if call.status not in CallStatus.INTAKE or now < call.opens_at:
        raise DeadlineError(_("Review of this call has started: the extension no longer applies. Contact the "
                              "coordination office."))
    if now > application.deadline_extended_to:
        raise DeadlineError(
            _("Your extended deadline passed at %(time)s. Applications can no longer be submitted; your draft is "
              "kept.") % {"time": format_local(application.deadline_extended_to)}
        )


def deadline_extend(
    *, application: Application, deadline: dt.datetime, reason: str, by: User, now: dt.datetime | None = None
) -> DeadlineExtension:
    """Staff give one draft application until `deadline`, with a reason the organization reads. Refused once the
    call's review has started (staff reopen a submitted application instead) and for a deadline not after the
    call's."""
    now = now or timezone.now()
    if not reason.strip():
        raise TransitionError(_("Give a reason for the extension."))
    with transaction.atomic():
        # The same order of locks as submission: the call, then the application.
        call = Call.objects.select_for_update(no_key=True).get(pk=application.call_id)
        application = Application.objects.select_for_update(of=("self",)).select_related(
            "call__fund", "organization"
        ).get(pk=application.pk)
        require_state(application, allowed=ApplicationStatus.EDITABLE, refusal=_(
            "Only a draft can be given more time; this application is %(status)s."
        ) % {"status": application.get_status_display().lower()})
        if call.status not in CallStatus.INTAKE:
            raise TransitionError(_("Review of this call has started: no deadline can be extended now."))
        if deadline <= call.closes_at:
            raise TransitionError(_("The new deadline must be after the call's, %(time)s.")
                                  % {"time": format_local(call.closes_at)})
        if deadline <= now:
            raise TransitionError(_("The new deadline must be in the future."))
        previous = application.deadline_extended_to
        extension = DeadlineExtension.objects.create(
            application=application, deadline=deadline, reason=reason, granted_by=by, granted_at=now
        )
        application.deadline_extended_to = deadline
        application.save(update_fields=["deadline_extended_to"])
        audit(actor=by, obj=application, action="application.deadline_extended",
              deadline=deadline.isoformat(), previous=previous.isoformat() if previous else "", reason=reason)
        notifications.notify_extended(application=application, extension=extension)
    return extension


def application_withdraw(*, application: Application, by: User, reason: str = "") -> Application:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        application.withdrawn_at = timezone.now()
        transition(
            application, to=ApplicationStatus.WITHDRAWN, allowed=ApplicationStatus.WITHDRAWABLE, by=by,
            action="application.withdrawn",
            refusal=_("A decision has been made on this application; it can no longer be withdrawn."),
            update_fields=["withdrawn_at"], reason=reason,
        )
        notifications.notify_withdrawn(application=application)
    return application


def application_reopen(*, application: Application, by: User, reason: str) -> Application:
    """Staff send a submitted application back to draft; its reference and last snapshot are kept."""
    if not reason.strip():
        raise TransitionError(_("Give a reason for reopening."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        refusal = _("Only a submitted application that is not yet screened can be reopened; this one is %(status)s.")
        transition(
            application, to=ApplicationStatus.DRAFT, allowed=(ApplicationStatus.SUBMITTED,), by=by,
            action="application.reopened", refusal=refusal % {"status": application.get_status_display().lower()},
            reason=reason,
        )
        notifications.notify_reopened(application=application, reason=reason)
    return application


def call_close_intake(*, call: Call, by: User, now: dt.datetime | None = None) -> Call:
    """Close a published call's intake now, before its closing time if need be."""
    now = now or timezone.now()
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        lifecycle.close_intake(call, by=by, now=now)
    return call
