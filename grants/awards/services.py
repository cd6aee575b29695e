"""Writes for decisions, awards, agreements and payments: one keyword-only function per state change.

Each checks that its transition is legal (refusing with a message the person can act on), writes an
audit entry and sends its notification once the transaction commits. The one exception is staging a
decision: it tells nobody, because applicants must learn nothing before decisions are released.

Envelope rule: the money committed by a call is the sum of its awards' yearly amounts, whatever the
awards' status (an offer reserves its money until it is closed). It may never exceed the call's
envelope, nor, for a fiscal year that has a CallYearEnvelope, that year's limit. Every write that adds
to the commitment locks the call's row first, so concurrent awards are checked one after the other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications import lifecycle
from grants.applications.models import Application, BudgetLine, Call
from grants.awards import notifications, schedule
from grants.awards.models import (
    Agreement,
    Amendment,
    Award,
    AwardYear,
    Decision,
    DecisionReasonTemplate,
    Outcome,
    Payment,
    ReportingPeriod,
    RiskLevel,
)
from grants.kernel.audit import audit
from grants.kernel.errors import DeadlineError, ServiceError, TransitionError
from grants.kernel.money import format_money as money
from grants.kernel.timeutils import add_years, fiscal_year_label, fiscal_years_between, format_local, local
from grants.organizations.models import Membership, User

DECIDABLE = (
    Application.Status.SUBMITTED,
    Application.Status.ELIGIBLE,
    Application.Status.IN_REVIEW,
    Application.Status.RECOMMENDED,
    Application.Status.NOT_RECOMMENDED,
)


class EnvelopeError(ServiceError):
    """The money asked for does not fit: `remaining` is what is left where it does not fit."""

    def __init__(self, message: str, *, remaining: Decimal, fiscal_year: int | None = None):
        super().__init__(message)
        self.remaining, self.fiscal_year = remaining, fiscal_year


def today(now: dt.datetime | None = None) -> dt.date:
    return local(now or timezone.now()).date()


# --- Decisions ----------------------------------------------------------------------------------


def default_reason_template(*, outcome: str) -> DecisionReasonTemplate | None:
    return (
        DecisionReasonTemplate.objects.filter(outcome=outcome, is_active=True)
        .order_by("position", "code")
        .first()
    )


def _stage(
    *,
    application: Application,
    outcome: str,
    by: User,
    template: DecisionReasonTemplate | None,
    reason_en: str,
    reason_fr: str,
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
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application.pk)
        )
        ref = application.reference or application.pk
        if now <= application.call.closes_at:
            raise DeadlineError(
                _("The call is open until %(time)s; decisions are recorded after it closes.")
                % {"time": format_local(application.call.closes_at)}
            )
        decision = Decision.objects.select_for_update().filter(application=application).first()
        if decision is not None and decision.is_released:
            raise TransitionError(
                _("The decision on %(ref)s was released on %(when)s; it can no longer change.")
                % {"ref": ref, "when": format_local(decision.released_at)}
            )
        if application.status not in DECIDABLE:
            raise TransitionError(
                _("%(ref)s is %(status)s: only a submitted application still in the running can be decided.")
                % {"ref": ref, "status": application.get_status_display().lower()}
            )
        previous = decision.outcome if decision else ""
        decision = decision or Decision(application=application)
        decision.outcome, decision.reason_template = outcome, template
        decision.reason_en, decision.reason_fr = reason_en, reason_fr
        decision.decided_by, decision.decided_at = by, now
        decision.save()
        audit(
            actor=by,
            obj=application,
            action="decision." + Outcome(outcome).value,
            from_state=previous,
            to_state=outcome,
            reason=reason_en,
            staged=True,
        )
    return decision


def decision_approve(
    *,
    application: Application,
    by: User,
    template: DecisionReasonTemplate | None = None,
    reason_en: str = "",
    reason_fr: str = "",
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
        now=now,
    )


def decision_decline(
    *,
    application: Application,
    by: User,
    template: DecisionReasonTemplate | None = None,
    reason_en: str = "",
    reason_fr: str = "",
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
        now=now,
    )


def decisions_stage(
    *,
    applications,
    outcome: str,
    by: User,
    template: DecisionReasonTemplate | None = None,
    reason_en: str = "",
    reason_fr: str = "",
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
                    now=now,
                )
            )
        except ServiceError as error:
            refused.append((application, error.message))
    return staged, refused


def decisions_release(*, call: Call, by: User, now: dt.datetime | None = None) -> list[Decision]:
    """Release every staged decision of a call at once: applications become approved or declined and
    their members are told, each in their own language."""
    now = now or timezone.now()
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        decisions = list(
            Decision.objects.select_for_update(of=("self", "application"))
            .select_related("application__organization")
            .filter(application__call=call, released_at__isnull=True, application__status__in=DECIDABLE)
            .order_by("application__reference")
        )
        if not decisions:
            raise TransitionError(_("There is no staged decision to release for this call."))
        for decision in decisions:
            application = decision.application
            previous = application.status
            application.status = (
                Application.Status.APPROVED
                if decision.outcome == Outcome.APPROVED
                else Application.Status.DECLINED
            )
            application.save(update_fields=["status", "updated_at"])
            decision.released_at, decision.released_by = now, by
            decision.save(update_fields=["released_at", "released_by"])
            audit(
                actor=by,
                obj=application,
                action="decision.released",
                from_state=previous,
                to_state=application.status,
                reason=decision.reason_en,
            )
        lifecycle.close_if_decided(call, by=by)
        transaction.on_commit(lambda: notifications.notify_decisions(decisions=decisions))
    return decisions


# --- Awards -------------------------------------------------------------------------------------


def requested_by_year(*, application: Application) -> dict[int, Decimal]:
    rows = (
        BudgetLine.objects.filter(application=application)
        .values("fiscal_year")
        .annotate(total=Sum("amount"))
        .order_by("fiscal_year")
    )
    return {row["fiscal_year"]: row["total"] for row in rows}


def _check_terms(
    *, call: Call, start: dt.date, end: dt.date, years: dict[int, Decimal], risk_level: str, signing: dict
) -> None:
    if end <= start:
        raise ServiceError(_("The term must end after it starts."))
    if end >= add_years(start, call.max_term_years):
        raise ServiceError(
            _("The term can last at most %(years)s years for this call.") % {"years": call.max_term_years}
        )
    expected = fiscal_years_between(start, end)
    if sorted(years) != expected:
        raise ServiceError(
            _("Give an amount for each fiscal year of the term: %(years)s.")
            % {"years": ", ".join(fiscal_year_label(y) for y in expected)}
        )
    if any(amount < 0 for amount in years.values()) or sum(years.values()) <= 0:
        raise ServiceError(_("The amounts cannot be negative, and the total must be more than zero."))
    if risk_level not in RiskLevel.values:
        raise ServiceError(_("Choose a risk level."))
    if not all((signing.get(k) or "").strip() for k in ("signing_name", "signing_title", "signing_email")):
        raise ServiceError(_("Name the organization's signing authority: name, title and e-mail address."))


def _check_envelope(*, call: Call, years: dict[int, Decimal], excluding: Award | None = None) -> None:
    """Refuse money that does not fit in the call's envelope or in a fiscal year's limit. The call is
    locked."""
    committed = AwardYear.objects.filter(award__application__call=call)
    if excluding is not None:
        committed = committed.exclude(award=excluding)
    by_year = {
        row["fiscal_year"]: row["total"]
        for row in committed.values("fiscal_year").annotate(total=Sum("amount"))
    }
    asked = sum(years.values(), Decimal(0))
    remaining = call.envelope - sum(by_year.values(), Decimal(0))
    if asked > remaining:
        raise EnvelopeError(
            _(
                "%(asked)s does not fit in the call's envelope: %(remaining)s of %(envelope)s remains "
                "uncommitted."
            )
            % {
                "asked": money(asked),
                "remaining": money(max(remaining, Decimal(0))),
                "envelope": money(call.envelope),
            },
            remaining=max(remaining, Decimal(0)),
        )
    for limit in call.year_envelopes.filter(fiscal_year__in=list(years)):
        left = limit.amount - by_year.get(limit.fiscal_year, Decimal(0))
        if years[limit.fiscal_year] > left:
            raise EnvelopeError(
                _(
                    "%(asked)s for %(year)s does not fit in that year's envelope: %(remaining)s of "
                    "%(limit)s remains."
                )
                % {
                    "asked": money(years[limit.fiscal_year]),
                    "year": fiscal_year_label(limit.fiscal_year),
                    "remaining": money(max(left, Decimal(0))),
                    "limit": money(limit.amount),
                },
                remaining=max(left, Decimal(0)),
                fiscal_year=limit.fiscal_year,
            )


def _periods_of(award: Award) -> list[schedule.Period]:
    return [
        schedule.Period(number=p.number, start=p.start_date, end=p.end_date, due=p.due_date, final=p.is_final)
        for p in award.reporting_periods.order_by("number")
    ]


def _write_schedule(*, award: Award, years: dict[int, Decimal], now: dt.datetime) -> None:
    """(Re)write the reporting periods and the payments still to make, keeping what has happened.

    Periods up to the last one whose report was accepted stay as they are; the rest of the term is planned
    again from the day after. Released payments stay; the others are planned again (schedule.replan).
    """
    existing = list(award.reporting_periods.order_by("number"))
    last_accepted = max((p.number for p in existing if p.report_accepted_at), default=0)
    kept = [p for p in existing if p.number <= last_accepted]
    resume = kept[-1].end_date + dt.timedelta(days=1) if kept else award.start_date
    if kept and (award.start_date != kept[0].start_date or award.end_date < kept[-1].end_date):
        raise TransitionError(
            _(
                "A report has been accepted for %(start)s to %(end)s: the term must still start on "
                "%(start)s and "
                "cover the periods already reported on."
            )
            % {"start": kept[0].start_date, "end": kept[-1].end_date}
        )
    fresh = (
        []
        if resume > award.end_date
        else [
            schedule.Period(
                number=last_accepted + p.number, start=p.start, end=p.end, due=p.due, final=p.final
            )
            for p in schedule.reporting_periods(start=resume, end=award.end_date, risk=award.risk_level)
        ]
    )
    if kept:
        ReportingPeriod.objects.filter(pk=kept[-1].pk).update(is_final=not fresh)
    periods = [
        schedule.Period(number=p.number, start=p.start_date, end=p.end_date, due=p.due_date) for p in kept
    ]
    periods += fresh

    released = list(award.payments.filter(status=Payment.Status.RELEASED).order_by("number"))
    award.payments.filter(status=Payment.Status.SCHEDULED).delete()
    rows = {p.number: p for p in existing}
    try:
        for period in fresh:
            row = rows.get(period.number)
            if row and (row.start_date, row.end_date) == (period.start, period.end):
                row.due_date, row.is_final = period.due, period.final
                row.save(update_fields=["due_date", "is_final"])
            else:
                if row:
                    row.delete()
                rows[period.number] = ReportingPeriod.objects.create(
                    award=award,
                    number=period.number,
                    start_date=period.start,
                    end_date=period.end,
                    due_date=period.due,
                    is_final=period.final,
                )
        for number in [n for n in rows if n > (fresh[-1].number if fresh else last_accepted)]:
            rows.pop(number).delete()
    except ProtectedError as exc:
        raise TransitionError(
            _(
                "A progress report was filed for a period this change would remove; "
                "decide on that report first."
            )
        ) from exc

    plan = schedule.instalments(periods=periods, years=years, earliest=today(now))
    done = [
        schedule.Instalment(
            number=p.number, kind=p.kind, due=p.due_date, amount=p.amount, fiscal_year=p.fiscal_year
        )
        for p in released
    ]
    try:
        upcoming = schedule.replan(plan=plan, released=done, years=years, today=today(now))
    except schedule.ScheduleError as error:
        raise ServiceError(
            _("%(paid)s has already been paid for %(year)s; the amount for that year cannot be less.")
            % {"paid": money(error.paid), "year": fiscal_year_label(error.fiscal_year)}
        ) from error
    first_number = max((p.number for p in award.payments.all()), default=0) + 1
    Payment.objects.bulk_create(
        [
            Payment(
                award=award,
                number=first_number + i,
                kind=entry.kind,
                fiscal_year=entry.fiscal_year,
                due_date=entry.due,
                amount=entry.amount,
                condition=Payment.Condition.REPORT_ACCEPTED if entry.period else Payment.Condition.NONE,
                report_period=rows[entry.period] if entry.period else None,
            )
            for i, entry in enumerate(upcoming)
        ]
    )


def _set_years(*, award: Award, years: dict[int, Decimal]) -> None:
    award.years.exclude(fiscal_year__in=list(years)).delete()
    for year, amount in years.items():
        AwardYear.objects.update_or_create(award=award, fiscal_year=year, defaults={"amount": amount})


def _years_of(award: Award) -> dict[int, Decimal]:
    return {y.fiscal_year: y.amount for y in award.years.order_by("fiscal_year")}


def agreement_terms(*, award: Award, version: int, by: User | None) -> dict:
    """Everything the agreement says, frozen as data: the PDF is drawn from this alone."""
    application = award.application
    organization, call = application.organization, application.call
    snapshot = application.snapshot or {}
    project = next((s for s in snapshot.get("sections", []) if s.get("step") == "project"), {"fields": []})
    requested = requested_by_year(application=application)
    years = _years_of(award)
    periods = list(award.reporting_periods.order_by("number"))
    return {
        "reference": application.reference,
        "version": version,
        "generated_on": today().isoformat(),
        "fund": {"code": call.fund.code, "name_en": call.fund.name_en, "name_fr": call.fund.name_fr},
        "call": {"title_en": call.title_en, "title_fr": call.title_fr},
        "organization": {
            "legal_name": organization.legal_name,
            "operating_name": organization.operating_name,
            "street_address": organization.street_address,
            "city": organization.city,
            "postal_code": organization.postal_code,
        },
        "project": {
            "title": application.title,
            "fields": [
                {k: f[k] for k in ("name", "label_en", "label_fr", "value_en", "value_fr")}
                for f in project["fields"]
            ],
        },
        "term": {"start": award.start_date.isoformat(), "end": award.end_date.isoformat()},
        "risk_level": award.risk_level,
        "years": [
            {"fiscal_year": year, "requested": str(requested.get(year, Decimal(0))), "approved": str(amount)}
            for year, amount in sorted({**{y: Decimal(0) for y in requested}, **years}.items())
        ],
        "requested_total": str(sum(requested.values(), Decimal(0))),
        "approved_total": str(sum(years.values(), Decimal(0))),
        "difference_reason": award.difference_reason,
        "payments": [
            {
                "number": p.number,
                "kind": p.kind,
                "due": p.due_date.isoformat(),
                "amount": str(p.amount),
                "fiscal_year": p.fiscal_year,
                "status": p.status,
                "report": next((r.number for r in periods if r.pk == p.report_period_id), None),
            }
            for p in award.payments.exclude(status=Payment.Status.CANCELLED).order_by("number")
        ],
        "reports": [
            {
                "number": r.number,
                "start": r.start_date.isoformat(),
                "end": r.end_date.isoformat(),
                "due": r.due_date.isoformat(),
                "final": r.is_final,
            }
            for r in periods
        ],
        "conditions_en": award.conditions_en,
        "conditions_fr": award.conditions_fr,
        "signing_authority": {
            "name": award.signing_name,
            "title": award.signing_title,
            "email": award.signing_email,
        },
        "officer": {"name": (by.get_full_name() or by.email) if by else "", "email": by.email if by else ""},
    }


def _new_agreement(*, award: Award, by: User | None, now: dt.datetime) -> Agreement:
    Agreement.objects.filter(award=award, accepted_at__isnull=True, superseded_at__isnull=True).update(
        superseded_at=now
    )
    version = (award.agreements.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    return Agreement.objects.create(
        award=award,
        version=version,
        created_by=by,
        created_at=now,
        terms=agreement_terms(award=award, version=version, by=by),
    )


def award_create(
    *,
    application: Application,
    by: User,
    start_date: dt.date,
    end_date: dt.date,
    years: dict[int, Decimal],
    risk_level: str,
    signing_name: str,
    signing_title: str,
    signing_email: str,
    conditions_en: str = "",
    conditions_fr: str = "",
    difference_reason: str = "",
    now: dt.datetime | None = None,
) -> Award:
    """Award an approved application within the call's envelope; its first agreement goes to the
    organization."""
    now = now or timezone.now()
    signing = {"signing_name": signing_name, "signing_title": signing_title, "signing_email": signing_email}
    with transaction.atomic():
        # The lock on the call makes concurrent awards in the same call check the envelope one at a time.
        call = Call.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_related("call__fund", "organization").get(pk=application.pk)
        if application.status != Application.Status.APPROVED:
            raise TransitionError(
                _(
                    "Only an application whose approval has been released can receive an award; %(ref)s "
                    "is %(status)s."
                )
                % {
                    "ref": application.reference or application.pk,
                    "status": application.get_status_display().lower(),
                }
            )
        if Award.objects.filter(application=application).exists():
            raise TransitionError(
                _("%(ref)s already has an award; amend it instead.") % {"ref": application.reference}
            )
        _check_terms(
            call=call, start=start_date, end=end_date, years=years, risk_level=risk_level, signing=signing
        )
        requested = sum(requested_by_year(application=application).values(), Decimal(0))
        if sum(years.values()) != requested and not difference_reason.strip():
            raise ServiceError(
                _("The total differs from the %(requested)s requested: explain why.")
                % {"requested": money(requested)}
            )
        _check_envelope(call=call, years=years)
        award = Award.objects.create(
            application=application,
            start_date=start_date,
            end_date=end_date,
            risk_level=risk_level,
            conditions_en=conditions_en.strip(),
            conditions_fr=conditions_fr.strip(),
            difference_reason=difference_reason.strip(),
            created_by=by,
            created_at=now,
            **{k: v.strip() for k, v in signing.items()},
        )
        _set_years(award=award, years=years)
        _write_schedule(award=award, years=years, now=now)
        agreement = _new_agreement(award=award, by=by, now=now)
        audit(
            actor=by,
            obj=award,
            action="award.created",
            to_state=award.status,
            total=str(sum(years.values())),
            years={str(y): str(a) for y, a in years.items()},
        )
        transaction.on_commit(lambda: notifications.notify_award_offered(award=award, agreement=agreement))
    return award


def award_amend(
    *,
    award: Award,
    by: User,
    reason: str,
    start_date: dt.date,
    end_date: dt.date,
    years: dict[int, Decimal],
    risk_level: str,
    signing_name: str,
    signing_title: str,
    signing_email: str,
    conditions_en: str = "",
    conditions_fr: str = "",
    difference_reason: str = "",
    now: dt.datetime | None = None,
) -> Amendment:
    """Change an award's money, term, schedule or conditions, re-checking the envelope; the history is kept
    and a new version of the agreement goes to the organization to accept."""
    now = now or timezone.now()
    if not reason.strip():
        raise ServiceError(_("Give the reason for the amendment; the organization reads it."))
    signing = {
        "signing_name": signing_name.strip(),
        "signing_title": signing_title.strip(),
        "signing_email": signing_email.strip(),
    }
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=award.application.call_id)
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("application__call__fund", "application__organization")
            .get(pk=award.pk)
        )
        if award.status == Award.Status.CLOSED:
            raise TransitionError(_("This award is closed; it can no longer be amended."))
        _check_terms(
            call=call, start=start_date, end=end_date, years=years, risk_level=risk_level, signing=signing
        )
        before_years = _years_of(award)
        fields = {
            "start_date": start_date,
            "end_date": end_date,
            "risk_level": risk_level,
            "conditions_en": conditions_en.strip(),
            "conditions_fr": conditions_fr.strip(),
            "difference_reason": difference_reason.strip(),
            **signing,
        }
        changes = {
            name: {"before": str(getattr(award, name)), "after": str(value)}
            for name, value in fields.items()
            if getattr(award, name) != value
        }
        if before_years != years:
            changes["years"] = {
                "before": {str(y): str(a) for y, a in before_years.items()},
                "after": {str(y): str(a) for y, a in years.items()},
            }
        if not changes:
            raise ServiceError(_("Nothing was changed."))
        requested = sum(requested_by_year(application=award.application).values(), Decimal(0))
        if sum(years.values()) != requested and not fields["difference_reason"]:
            raise ServiceError(
                _("The total differs from the %(requested)s requested: explain why.")
                % {"requested": money(requested)}
            )
        _check_envelope(call=call, years=years, excluding=award)
        for name, value in fields.items():
            setattr(award, name, value)
        award.save(update_fields=list(fields))
        _set_years(award=award, years=years)
        _write_schedule(award=award, years=years, now=now)
        agreement = _new_agreement(award=award, by=by, now=now)
        amendment = Amendment.objects.create(
            award=award,
            number=award.amendments.count() + 1,
            reason=reason.strip(),
            changes=changes,
            previous_total=sum(before_years.values(), Decimal(0)),
            new_total=sum(years.values(), Decimal(0)),
            created_by=by,
            created_at=now,
        )
        audit(
            actor=by,
            obj=award,
            action="award.amended",
            from_state=award.status,
            to_state=award.status,
            reason=amendment.reason,
            changes=changes,
            agreement_version=agreement.version,
        )
        transaction.on_commit(
            lambda: notifications.notify_award_amended(award=award, amendment=amendment, agreement=agreement)
        )
    return amendment


def agreement_accept(
    *, agreement: Agreement, by: User, signer_name: str, signer_title: str, now: dt.datetime | None = None
) -> Agreement:
    """The organization's signing authority accepts this version; the PDF accepted is stored and never
    changes."""
    from grants.awards.pdf import agreement_pdf

    now = now or timezone.now()
    signer_name, signer_title = signer_name.strip(), signer_title.strip()
    if not signer_name or not signer_title:
        raise ServiceError(_("Give your name and title as the organization's signing authority."))
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("application__organization")
            .get(pk=agreement.award_id)
        )
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.accepted_at:
            raise TransitionError(
                _("Version %(v)s of this agreement was accepted on %(when)s by %(name)s.")
                % {
                    "v": agreement.version,
                    "when": format_local(agreement.accepted_at),
                    "name": agreement.signer_name,
                }
            )
        if agreement.superseded_at:
            newer = award.agreements.order_by("-version").first()
            raise TransitionError(
                _(
                    "Version %(v)s was replaced by version %(new)s after an amendment; read the new "
                    "version before accepting it."
                )
                % {"v": agreement.version, "new": newer.version}
            )
        if award.status == Award.Status.CLOSED:
            raise TransitionError(_("This award is closed."))
        if not Membership.objects.filter(
            organization=award.application.organization, user=by, role=Membership.Role.OWNER
        ).exists():
            raise TransitionError(
                _("Only an owner of the organization, as its signing authority, can accept the agreement.")
            )
        agreement.accepted_at, agreement.accepted_by = now, by
        agreement.signer_name, agreement.signer_title = signer_name, signer_title
        content = agreement_pdf(terms=agreement.terms, acceptance=acceptance_of(agreement))
        agreement.sha256 = hashlib.sha256(content).hexdigest()
        agreement.pdf.save(
            f"agreements/{agreement.terms['reference']}/v{agreement.version}-{agreement.sha256[:16]}.pdf",
            ContentFile(content),
            save=False,
        )
        agreement.save()
        previous = award.status
        if award.status == Award.Status.OFFERED:
            award.status, award.status_changed_at = Award.Status.ACTIVE, now
            award.save(update_fields=["status", "status_changed_at"])
        audit(
            actor=by,
            obj=award,
            action="agreement.accepted",
            from_state=previous,
            to_state=award.status,
            version=agreement.version,
            signer_name=signer_name,
            signer_title=signer_title,
            sha256=agreement.sha256,
        )
        transaction.on_commit(
            lambda: notifications.notify_agreement_accepted(award=award, agreement=agreement)
        )
    return agreement


def acceptance_of(agreement: Agreement) -> dict | None:
    if not agreement.accepted_at:
        return None
    return {
        "name": agreement.signer_name,
        "title": agreement.signer_title,
        "at": local(agreement.accepted_at).isoformat(),
        "email": agreement.accepted_by.email if agreement.accepted_by else "",
    }


def _change_status(
    *,
    award: Award,
    by: User,
    allowed: tuple,
    to: str,
    action: str,
    reason: str,
    refusal: str,
    now: dt.datetime | None,
) -> tuple[Award, str]:
    now = now or timezone.now()
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("application__organization")
            .get(pk=award.pk)
        )
        if award.status not in allowed:
            raise TransitionError(refusal % {"status": award.get_status_display().lower()})
        previous = award.status
        award.status, award.status_reason, award.status_changed_at = to, reason.strip(), now
        award.save(update_fields=["status", "status_reason", "status_changed_at"])
        audit(actor=by, obj=award, action=action, from_state=previous, to_state=to, reason=reason.strip())
    return award, previous


def award_suspend(*, award: Award, by: User, reason: str, now: dt.datetime | None = None) -> Award:
    """Stop payments while a concern is dealt with."""
    if not reason.strip():
        raise ServiceError(_("Give the reason for suspending the award; the organization reads it."))
    with transaction.atomic():
        award, _previous = _change_status(
            award=award,
            by=by,
            allowed=(Award.Status.ACTIVE,),
            to=Award.Status.SUSPENDED,
            action="award.suspended",
            reason=reason,
            refusal=_("Only an active award can be suspended; this one is %(status)s."),
            now=now,
        )
        transaction.on_commit(
            lambda: notifications.notify_award_status(award=award, template="award_suspended")
        )
    return award


def award_reinstate(*, award: Award, by: User, reason: str = "", now: dt.datetime | None = None) -> Award:
    """Lift a suspension: payments may be released again."""
    with transaction.atomic():
        award, _previous = _change_status(
            award=award,
            by=by,
            allowed=(Award.Status.SUSPENDED,),
            to=Award.Status.ACTIVE,
            action="award.reinstated",
            reason=reason,
            refusal=_("Only a suspended award can be reinstated; this one is %(status)s."),
            now=now,
        )
        transaction.on_commit(
            lambda: notifications.notify_award_status(award=award, template="award_reinstated")
        )
    return award


def award_close(*, award: Award, by: User, reason: str, now: dt.datetime | None = None) -> Award:
    """End the award. Payments not released are cancelled and the unpaid balance returns to the envelope:
    each year's approved amount becomes what was paid in it, recorded as an amendment."""
    now = now or timezone.now()
    if not reason.strip():
        raise ServiceError(_("Give the reason for closing the award."))
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=award.application.call_id)
        award, previous = _change_status(
            award=award,
            by=by,
            allowed=(Award.Status.OFFERED, Award.Status.ACTIVE, Award.Status.SUSPENDED),
            to=Award.Status.CLOSED,
            action="award.closed",
            reason=reason,
            refusal=_("This award is already %(status)s."),
            now=now,
        )
        award.payments.filter(status=Payment.Status.SCHEDULED).update(status=Payment.Status.CANCELLED)
        award.agreements.filter(accepted_at__isnull=True, superseded_at__isnull=True).update(
            superseded_at=now
        )
        before = _years_of(award)
        paid = {
            row["fiscal_year"]: row["total"]
            for row in award.payments.filter(status=Payment.Status.RELEASED)
            .values("fiscal_year")
            .annotate(total=Sum("amount"))
        }
        after = {year: paid.get(year, Decimal(0)) for year in before}
        if after != before:
            _set_years(award=award, years=after)
            Amendment.objects.create(
                award=award,
                number=award.amendments.count() + 1,
                reason=_("Closed: the unpaid balance returns to the call's envelope. %(reason)s")
                % {"reason": reason.strip()},
                changes={
                    "years": {
                        "before": {str(y): str(a) for y, a in before.items()},
                        "after": {str(y): str(a) for y, a in after.items()},
                    }
                },
                previous_total=sum(before.values(), Decimal(0)),
                new_total=sum(after.values(), Decimal(0)),
                created_by=by,
                created_at=now,
            )
        transaction.on_commit(lambda: notifications.notify_award_status(award=award, template="award_closed"))
    return award


# --- Payments -----------------------------------------------------------------------------------


def payment_release(*, payment: Payment, by: User, now: dt.datetime | None = None) -> Payment:
    """Staff release one instalment, in order, once its condition is met."""
    now = now or timezone.now()
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("application__organization")
            .get(pk=payment.award_id)
        )
        payment = (
            Payment.objects.select_for_update(of=("self",)).select_related("report_period").get(pk=payment.pk)
        )
        if payment.status == Payment.Status.RELEASED:
            raise TransitionError(
                _("Payment %(n)s was already released on %(when)s.")
                % {"n": payment.number, "when": format_local(payment.released_at)}
            )
        if payment.status == Payment.Status.CANCELLED:
            raise TransitionError(
                _("Payment %(n)s was cancelled when the award closed.") % {"n": payment.number}
            )
        refusals = {
            Award.Status.OFFERED: _("The agreement has not been accepted yet; payments start once it is."),
            Award.Status.SUSPENDED: _(
                "The award is suspended: no payment can be released until it is reinstated."
            ),
            Award.Status.CLOSED: _("The award is closed."),
        }
        if award.status in refusals:
            raise TransitionError(refusals[award.status])
        pending = award.agreements.filter(accepted_at__isnull=True, superseded_at__isnull=True).first()
        if pending:
            raise TransitionError(
                _(
                    "Version %(v)s of the agreement, after an amendment, is waiting for the "
                    "organization's acceptance; payments resume once it is accepted."
                )
                % {"v": pending.version}
            )
        earlier = (
            award.payments.filter(number__lt=payment.number, status=Payment.Status.SCHEDULED)
            .order_by("number")
            .first()
        )
        if earlier:
            raise TransitionError(
                _("Release payment %(n)s first: payments are released in order.") % {"n": earlier.number}
            )
        period = payment.report_period
        if payment.condition == Payment.Condition.REPORT_ACCEPTED and not period.report_accepted_at:
            raise TransitionError(
                _("This payment waits for the report on %(start)s to %(end)s (due %(due)s) to be accepted.")
                % {"start": period.start_date, "end": period.end_date, "due": period.due_date}
            )
        payment.status, payment.released_at, payment.released_by = Payment.Status.RELEASED, now, by
        payment.save(update_fields=["status", "released_at", "released_by"])
        audit(
            actor=by,
            obj=award,
            action="payment.released",
            from_state=Payment.Status.SCHEDULED,
            to_state=Payment.Status.RELEASED,
            payment=payment.number,
            amount=str(payment.amount),
        )
        transaction.on_commit(lambda: notifications.notify_payment_released(award=award, payment=payment))
    return payment


def report_period_accepted(
    *, period: ReportingPeriod, by: User, now: dt.datetime | None = None
) -> ReportingPeriod:
    """Record that the report on a period was accepted, which meets the condition of the payment waiting
    for it.

    Called by the progress-report workflow, which sends its own notification to the organization.
    """
    now = now or timezone.now()
    with transaction.atomic():
        period = (
            ReportingPeriod.objects.select_for_update(of=("self",)).select_related("award").get(pk=period.pk)
        )
        if period.report_accepted_at:
            raise TransitionError(
                _("The report on this period was already accepted on %(when)s.")
                % {"when": format_local(period.report_accepted_at)}
            )
        period.report_accepted_at = now
        period.save(update_fields=["report_accepted_at"])
        audit(actor=by, obj=period.award, action="report.accepted", to_state="accepted", period=period.number)
    return period
