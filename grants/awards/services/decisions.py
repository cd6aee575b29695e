"""Decisions: staged by staff one by one or in bulk (telling nobody: applicants learn nothing before release),
then released for a whole call at once, each organization told in its members' languages.

An application is decided once its screening was released as eligible and it has the submitted reviews its call
requires (reviewers_per_application); otherwise only with staff's override and its reason, which the audit entry
and the decisions page keep. Release checks the rule again: a review reopened since staging holds the release."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications import lifecycle
from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application, Call
from grants.awards import notifications
from grants.awards.enums import Outcome
from grants.awards.models import Decision, DecisionReasonTemplate
from grants.kernel.audit import audit, transition
from grants.kernel.errors import DeadlineError, ServiceError, TransitionError
from grants.kernel.timeutils import format_local
from grants.organizations.models import User
from scoring.enums import AssignmentStatus, ReviewStatus
from scoring.models import Review

RELEASED_STATUS = {Outcome.APPROVED: ApplicationStatus.APPROVED, Outcome.DECLINED: ApplicationStatus.DECLINED}


def default_reason_template(*, outcome: str) -> DecisionReasonTemplate | None:
    return (
        DecisionReasonTemplate.objects.filter(outcome=outcome, is_active=True)
        .order_by("position", "code")
        .first()
    )


def shortfall(*, application: Application, call: Call) -> str | None:
    """Why `application` cannot be decided without an override, or None: not screened eligible, or fewer
    submitted reviews than the call requires. The caller holds the call's and the application's row locks."""
    ref = application.reference or application.pk
    if application.status not in ApplicationStatus.SCREENED_ELIGIBLE:
        return _("%(ref)s has not been screened eligible (or its screening is not released).") % {"ref": ref}
    submitted = Review.objects.filter(
        assignment__application=application,
        assignment__status=AssignmentStatus.ACCEPTED,
        status=ReviewStatus.SUBMITTED,
    ).count()
    if submitted < call.reviewers_per_application:
        return _("%(ref)s has %(n)s of the %(required)s submitted reviews the call requires.") % {
            "ref": ref,
            "n": submitted,
            "required": call.reviewers_per_application,
        }
    return None


def _stage(
    *,
    application: Application,
    outcome: str,
    by: User,
    template: DecisionReasonTemplate | None,
    reason_en: str,
    reason_fr: str,
    override_reason: str,
    now: dt.datetime | None,
) -> Decision:
    now = now or timezone.now()
    template = template or default_reason_template(outcome=outcome)
    if template is not None and template.outcome != outcome:
        raise ServiceError(
            _("The reason “%(name)s” is for the other decision; choose one that fits.")
            % {"name": template.name}
        )
    reason_en = (reason_en or "").strip() or (template.text_en if template else "")
    reason_fr = (reason_fr or "").strip() or (template.text_fr if template else "")
    if not reason_en or not reason_fr:
        raise ServiceError(
            _("Give the reason in English and in French: each applicant reads it in their own language.")
        )
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        # The call first, as every writer in the call does: a review reopened or a phase changed waits for us.
        call = Call.objects.select_for_update(no_key=True).get(pk=application.call_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        ref = application.reference or application.pk
        if now <= call.closes_at:
            raise DeadlineError(
                _("The call is open until %(time)s; decisions are recorded after it closes.")
                % {"time": format_local(call.closes_at)}
            )
        decision = Decision.objects.select_for_update().filter(application=application).first()
        if decision is not None and decision.is_released:
            raise TransitionError(
                _("The decision on %(ref)s was released on %(when)s; it can no longer change.")
                % {"ref": ref, "when": format_local(decision.released_at)}
            )
        if application.status not in ApplicationStatus.DECIDABLE:
            raise TransitionError(
                _("%(ref)s is %(status)s: only a submitted application still in the running can be decided.")
                % {"ref": ref, "status": application.get_status_display().lower()}
            )
        missing = shortfall(application=application, call=call)
        if missing and not override_reason:
            raise TransitionError(
                _("%(missing)s To decide anyway, record an override with its reason.") % {"missing": missing}
            )
        previous = decision.outcome if decision else ""
        decision = decision or Decision(application=application)
        decision.outcome, decision.reason_template = outcome, template
        decision.reason_en, decision.reason_fr = reason_en, reason_fr
        decision.override_reason = override_reason if missing else ""
        decision.decided_by, decision.decided_at = by, now
        decision.save()
        # The application's status does not move until release: this entry records the staged outcome.
        audit(
            actor=by,
            obj=application,
            action="decision." + Outcome(outcome).value,
            from_state=previous,
            to_state=outcome,
            reason=reason_en,
            staged=True,
            **({"override": missing, "override_reason": override_reason} if missing else {}),
        )
    return decision


def decision_approve(
    *,
    application: Application,
    by: User,
    template: DecisionReasonTemplate | None = None,
    reason_en: str = "",
    reason_fr: str = "",
    override_reason: str = "",
    now: dt.datetime | None = None,
) -> Decision:
    """Stage an approval. Without a template the first active approval reason is used."""
    return _stage(
        application=application,
        outcome=Outcome.APPROVED,
        by=by,
        template=template,
        reason_en=reason_en,
        reason_fr=reason_fr,
        override_reason=override_reason,
        now=now,
    )


def decision_decline(
    *,
    application: Application,
    by: User,
    template: DecisionReasonTemplate | None = None,
    reason_en: str = "",
    reason_fr: str = "",
    override_reason: str = "",
    now: dt.datetime | None = None,
) -> Decision:
    """Stage a decline. Without a template the first active decline reason is used."""
    return _stage(
        application=application,
        outcome=Outcome.DECLINED,
        by=by,
        template=template,
        reason_en=reason_en,
        reason_fr=reason_fr,
        override_reason=override_reason,
        now=now,
    )


def decisions_stage(
    *,
    applications: Iterable[Application],
    outcome: str,
    by: User,
    template: DecisionReasonTemplate | None = None,
    reason_en: str = "",
    reason_fr: str = "",
    override_reason: str = "",
    now: dt.datetime | None = None,
) -> tuple[list[Decision], list[tuple[Application, str]]]:
    """Stage one decision for several applications (e.g. "approve selected" from the ranking).

    Returns the staged decisions and, for each application refused, the reason; one refusal does not
    stop the others.
    """
    stage = {Outcome.APPROVED: decision_approve, Outcome.DECLINED: decision_decline}.get(outcome)
    if stage is None:
        raise ServiceError(_("Choose approve or decline."))
    staged, refused = [], []
    for application in applications:
        try:
            staged.append(
                stage(
                    application=application,
                    by=by,
                    template=template,
                    reason_en=reason_en,
                    reason_fr=reason_fr,
                    override_reason=override_reason,
                    now=now,
                )
            )
        except ServiceError as error:
            refused.append((application, error.message))
    return staged, refused


def decisions_release(*, call: Call, by: User, now: dt.datetime | None = None) -> list[Decision]:
    """Release every staged decision of a call at once: applications become approved or declined and
    their members are told, each in their own language. The call is decided once nothing is left to decide."""
    now = now or timezone.now()
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        decisions = list(
            Decision.objects.select_for_update(of=("self", "application"))
            .select_related("application__organization")
            .filter(
                application__call=call,
                released_at__isnull=True,
                application__status__in=ApplicationStatus.DECIDABLE,
            )
            .order_by("application__reference")
        )
        if not decisions:
            raise TransitionError(_("There is no staged decision to release for this call."))
        held = [
            missing
            for decision in decisions
            if not decision.override_reason
            and (missing := shortfall(application=decision.application, call=call))
        ]
        if held:
            raise TransitionError(
                _("Nothing was released: %(problems)s Stage those decisions again, with an override and its reason.")
                % {"problems": " ".join(held)}
            )
        for decision in decisions:
            transition(
                decision.application,
                to=RELEASED_STATUS[decision.outcome],
                allowed=ApplicationStatus.DECIDABLE,
                by=by,
                action="decision.released",
                reason=decision.reason_en,
            )
            decision.released_at, decision.released_by = now, by
            decision.save(update_fields=["released_at", "released_by"])
        lifecycle.close_if_decided(call, by=by)
        notifications.notify_decisions(decisions=decisions)
    return decisions
