"""Writes. One keyword-only function per state change: it checks the transition, writes an audit entry
and sends its notification. Views, admin actions, commands and tests all come through here."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import notifications
from grants.models import (
    Application,
    ApplicationStep,
    AuditEntry,
    Call,
    Invitation,
    Membership,
    Organization,
    ReferenceSequence,
    User,
)
from grants.timeutils import format_local, local


class ServiceError(Exception):
    """A refused action, with a message the person who asked can act on."""

    def __init__(self, message: str, problems: Iterable | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


class TransitionError(ServiceError):
    pass


class DeadlineError(ServiceError):
    pass


class IncompleteError(ServiceError):
    pass


class InvitationError(ServiceError):
    pass


class StepConflict(ServiceError):
    """Someone else saved the step after this person opened it."""

    def __init__(self, message: str, current: ApplicationStep):
        super().__init__(message)
        self.current = current


def audit(*, actor: User | None, obj, action: str, from_state: str = "", to_state: str = "", **details) -> AuditEntry:
    from django.contrib.contenttypes.models import ContentType

    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        from_state=from_state,
        to_state=to_state,
        details=details,
    )


# --- Two-step verification -----------------------------------------------------------------------


def authenticator_remove(*, authenticator: Authenticator, by: User) -> list[int]:
    """Remove someone's authenticator for them (they lost their phone and their recovery codes): the next time
    they sign in, the password is enough and they set up a new app (grants/mfa.py). As when people turn their
    app off themselves, recovery codes left without an app go too. Returns the ids of the removed ones.
    allauth's authenticator_removed signal is not sent: its receivers act on the request's session, which here
    would be the administrator's."""
    user = authenticator.user
    with transaction.atomic():
        removed = [authenticator]
        others = Authenticator.objects.filter(user=user).exclude(pk=authenticator.pk)
        if not others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists():
            removed += list(others)
        for each in removed:
            audit(actor=by, obj=user, action="mfa.authenticator_removed", authenticator=each.pk, type=each.type)
        pks = [each.pk for each in removed]
        Authenticator.objects.filter(pk__in=pks).delete()
    return pks


# --- Organizations ------------------------------------------------------------------------------


def organization_register(*, by: User, form) -> Organization:
    """Create an organization from a valid OrganizationForm; its creator becomes its first owner."""
    with transaction.atomic():
        organization = form.save(commit=False)
        _record_attestation(organization=organization, by=by)
        organization.save()
        Membership.objects.create(organization=organization, user=by, role=Membership.Role.OWNER)
        by.current_organization = organization
        by.save(update_fields=["current_organization"])
        audit(actor=by, obj=organization, action="organization.registered")
    return organization


def organization_update(*, by: User, form) -> Organization:
    with transaction.atomic():
        organization = form.save(commit=False)
        if "indigenous_led" in form.changed_data:
            _record_attestation(organization=organization, by=by)
        organization.save()
        audit(actor=by, obj=organization, action="organization.updated", fields=sorted(form.changed_data))
    return organization


def _record_attestation(*, organization: Organization, by: User) -> None:
    if organization.indigenous_led:
        organization.indigenous_led_attested_by, organization.indigenous_led_attested_at = by, timezone.now()
    else:
        organization.indigenous_led_attested_by, organization.indigenous_led_attested_at = None, None


def organization_switch(*, user: User, organization: Organization) -> None:
    if not Membership.objects.filter(user=user, organization=organization).exists():
        raise ServiceError(_("You are not a member of that organization."))
    user.current_organization = organization
    user.save(update_fields=["current_organization"])


def invitation_create(*, organization: Organization, email: str, role: str, by: User) -> Invitation:
    now = timezone.now()
    with transaction.atomic():
        # A new invitation to the same address replaces any pending one.
        Invitation.objects.filter(
            organization=organization, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            organization=organization,
            email=email.lower(),
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=by,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit(actor=by, obj=organization, action="invitation.sent", email=invitation.email, role=role)
        transaction.on_commit(lambda: notifications.notify_invitation(invitation=invitation))
    return invitation


def invitation_problem(
    *, invitation: Invitation | None, user: User | None, now: dt.datetime | None = None
) -> str | None:
    """Why this person cannot accept this invitation, or None. Without a user (not signed in yet) the
    address is not checked. The link's page says it before anyone presses a button; accepting re-checks."""
    now = now or timezone.now()
    if invitation is None:
        return _("This invitation link is not valid. Ask the organization's owner to send a new one.")
    if invitation.accepted_at:
        return _(
            "This invitation has already been used. "
            "Sign in to reach the organization, or ask its owner for a new invitation."
        )
    if invitation.revoked_at:
        return _("This invitation was replaced by a newer one. Use the link in the most recent e-mail.")
    if invitation.expires_at <= now:
        return _("This invitation expired on %(when)s. Ask the organization's owner to send a new one.") % {
            "when": format_local(invitation.expires_at)}
    if user is not None and invitation.email.lower() != user.email.lower():
        return _(
            "This invitation was sent to %(email)s, but you are signed in as %(you)s. "
            "Sign in with the invited address to accept it."
        ) % {"email": invitation.email, "you": user.email}
    return None


def invitation_accept(*, token: str, user: User, now: dt.datetime | None = None) -> Membership:
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("organization").filter(token=token).first()
        problem = invitation_problem(invitation=invitation, user=user, now=now)
        if problem:
            raise InvitationError(problem)
        membership, created = Membership.objects.get_or_create(
            organization=invitation.organization, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at, invitation.accepted_by = now, user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        user.current_organization = invitation.organization
        user.save(update_fields=["current_organization"])
        audit(actor=user, obj=invitation.organization, action="invitation.accepted", role=membership.role)
    return membership


def membership_remove(*, membership: Membership, by: User) -> None:
    with transaction.atomic():
        owners = Membership.objects.select_for_update().filter(
            organization=membership.organization, role=Membership.Role.OWNER
        )
        if membership.role == Membership.Role.OWNER and owners.count() <= 1:
            raise ServiceError(_("An organization needs at least one owner. Make someone else an owner first."))
        membership.delete()
        audit(actor=by, obj=membership.organization, action="member.removed", email=membership.user.email)


# --- Applications -------------------------------------------------------------------------------


def application_start(
    *, organization: Organization, call: Call, by: User, now: dt.datetime | None = None
) -> Application:
    now = now or timezone.now()
    if not call.is_open(now):
        raise DeadlineError(_("This call is not open for applications."))
    with transaction.atomic():
        # Lock the organization so two members starting at once cannot both pass the one-per-call check.
        Organization.objects.select_for_update().get(pk=organization.pk)
        existing = (
            Application.objects.filter(organization=organization, call=call)
            .exclude(status=Application.Status.WITHDRAWN)
            .first()
        )
        if existing and not call.allows_multiple_applications:
            raise TransitionError(
                _("%(organization)s already has an application for this call.") % {"organization": organization}
            )
        application = Application.objects.create(organization=organization, call=call, created_by=by)
        audit(actor=by, obj=application, action="application.started", to_state=application.status)
    return application


def save_step_record(record, *, data: dict, form, expected_version: int | None, by: User) -> bool:
    """Write what was typed into a locked step record (an ApplicationStep, a reporting ReportStep), valid or not,
    once it is the version the person was editing (else StepConflict carries the other member's answers).
    Returns whether the form is valid; the caller then applies it."""
    if expected_version is not None and record.version != expected_version:
        raise StepConflict(
            _(
                "%(who)s saved this step at %(when)s, after you opened it. "
                "Nothing of yours was saved yet: compare your answers with theirs below, "
                "then save again to keep yours."
            )
            % {"who": record.updated_by or _("Another member"), "when": format_local(record.updated_at)},
            current=record,
        )
    is_valid = form.is_valid()
    record.data, record.is_valid, record.updated_by = data, is_valid, by
    record.version = F("version") + 1
    record.save()
    record.refresh_from_db(fields=["version", "updated_at"])
    return is_valid


def application_save_step(
    *, application: Application, step: str, data: dict, form, expected_version: int | None, by: User
) -> ApplicationStep:
    """Save what was typed in a step, valid or not; a valid step also writes its derived fields.

    The save names the version it was editing; if another member saved the step since, nothing is
    written and StepConflict carries their saved answers.
    """
    with transaction.atomic():
        # Read under the lock submission takes: the caller's copy may predate another member's submit.
        locked = Application.objects.select_for_update().values_list("status", flat=True)
        if locked.get(pk=application.pk) != Application.Status.DRAFT:
            raise TransitionError(_("This application has been submitted and can no longer be changed."))
        record, _created = ApplicationStep.objects.select_for_update().get_or_create(
            application=application, step=step
        )
        if save_step_record(record, data=data, form=form, expected_version=expected_version, by=by):
            form.apply()
        Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    return record


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
    from grants.wizard import application_problems, snapshot

    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call__fund", "organization").get(
            pk=application.pk
        )
        if application.status != Application.Status.DRAFT:
            raise TransitionError(_("Only a draft can be submitted; this application is %(status)s.") % {
                "status": application.get_status_display().lower()})
        # An application submitted on time and reopened by staff may be resubmitted after the deadline.
        if now > application.call.closes_at and not application.reference:
            raise DeadlineError(
                _("The call closed at %(time)s. Applications can no longer be submitted; your draft is kept.")
                % {"time": format_local(application.call.closes_at)}
            )
        if not application.reference and not application.call.is_open(now):
            raise DeadlineError(_("This call is not open for applications."))
        problems = application_problems(application=application)
        if problems:
            raise IncompleteError(_("The application is not complete yet."), problems=problems)
        frozen = snapshot(application=application)
        # The number is taken last: the fund's counter stays locked until commit, and every other
        # submission to the fund waits for it, so only the save and the audit entry remain after it.
        if not application.reference:
            application.reference = next_reference(call=application.call, now=now)
        application.snapshot = {**frozen, "reference": application.reference}
        application.status, application.submitted_at, application.submitted_by = Application.Status.SUBMITTED, now, by
        application.save(
            update_fields=["reference", "snapshot", "status", "submitted_at", "submitted_by", "updated_at"]
        )
        audit(actor=by, obj=application, action="application.submitted",
              from_state=Application.Status.DRAFT, to_state=application.status)
        transaction.on_commit(lambda: notifications.notify_submitted(application=application))
    return application


def application_withdraw(*, application: Application, by: User, reason: str = "") -> Application:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.is_withdrawable:
            raise TransitionError(_("A decision has been made on this application; it can no longer be withdrawn."))
        previous = application.status
        application.status, application.withdrawn_at = Application.Status.WITHDRAWN, timezone.now()
        application.save(update_fields=["status", "withdrawn_at", "updated_at"])
        audit(actor=by, obj=application, action="application.withdrawn", from_state=previous,
              to_state=application.status, reason=reason)
        transaction.on_commit(lambda: notifications.notify_withdrawn(application=application))
    return application


def application_reopen(*, application: Application, by: User, reason: str) -> Application:
    """Staff send a submitted application back to draft; its reference and last snapshot are kept."""
    if not reason.strip():
        raise TransitionError(_("Give a reason for reopening."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Application.Status.SUBMITTED:
            raise TransitionError(
                _("Only a submitted application that is not yet screened can be reopened; this one is %(status)s.")
                % {"status": application.get_status_display().lower()}
            )
        application.status = Application.Status.DRAFT
        application.save(update_fields=["status", "updated_at"])
        audit(actor=by, obj=application, action="application.reopened", from_state=Application.Status.SUBMITTED,
              to_state=application.status, reason=reason)
        transaction.on_commit(lambda: notifications.notify_reopened(application=application, reason=reason))
    return application
