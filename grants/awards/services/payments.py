"""Payments, as the agreement promises them: released in order, each once its turn, its condition and its due date
have come. The advance goes out when the signing authority accepts the agreement, an instalment when staff accept
the report it waits for, and any payment whose date comes later on that date (the release_due_payments command,
run daily). Staff may release the next payment before its due date only with a reason, which is audited. What is
paid never exceeds what is awarded, in total and in each fiscal year.

Every function here runs with the award's row locked (the caller's transaction, or its own): the rules are read
from that row and from the rows it owns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grants.awards import notifications
from grants.awards.enums import AwardStatus, PaymentCondition, PaymentStatus
from grants.awards.models import Award, Payment, ReportingPeriod
from grants.awards.services.plan import today
from grants.kernel.audit import audit, transition
from grants.kernel.errors import DeadlineError, ServiceError, TransitionError
from grants.kernel.money import format_money
from grants.kernel.timeutils import format_local
from grants.organizations.models import User


@dataclass(frozen=True)
class Released:
    """What releasing the ready payments did: the payments released, and what happens next (a sentence for the
    person who triggered it; empty when nothing is left to pay)."""

    payments: list[Payment]
    next_step: str


def _day(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _locked_award(award_id: int) -> Award:
    return (
        Award.objects.select_for_update(of=("self",))
        .select_related("application__organization")
        .get(pk=award_id)
    )


def _waiting_for(*, award: Award, payment: Payment) -> str | None:
    """Why `payment` (scheduled) cannot be released now whatever its date, or None: its award, its agreement,
    its turn and its condition, read under the award's lock."""
    refusals = {
        AwardStatus.OFFERED: _(
            "The agreement has not been accepted yet; the first payment is released when it is."
        ),
        AwardStatus.SUSPENDED: _("The award is suspended: no payment can be released until it is reinstated."),
        AwardStatus.CLOSED: _("The award is closed."),
    }
    if award.status in refusals:
        return refusals[award.status]
    pending = award.agreements.filter(accepted_at__isnull=True, superseded_at__isnull=True).first()
    if pending:
        return _(
            "Version %(v)s of the agreement, after an amendment, is waiting for the organization's acceptance; "
            "payments resume once it is accepted."
        ) % {"v": pending.version}
    earlier = (
        award.payments.filter(number__lt=payment.number, status=PaymentStatus.SCHEDULED).order_by("number").first()
    )
    if earlier:
        return _("Release payment %(n)s first: payments are released in order.") % {"n": earlier.number}
    period = payment.report_period
    if payment.condition == PaymentCondition.REPORT_ACCEPTED and not period.report_accepted_at:
        return _(
            "Payment %(n)s waits for report %(report)s (%(start)s to %(end)s, due %(due)s); it is released when "
            "staff accept that report."
        ) % {
            "n": payment.number,
            "report": period.number,
            "start": _day(period.start_date),
            "end": _day(period.end_date),
            "due": _day(period.due_date),
        }
    return None


def _check_within_award(*, award: Award, payment: Payment) -> None:
    """Paid never exceeds awarded: in total and in the payment's fiscal year."""
    released = award.payments.filter(status=PaymentStatus.RELEASED)
    paid = released.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    awarded = award.years.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    paid_in_year = released.filter(fiscal_year=payment.fiscal_year).aggregate(total=Sum("amount"))["total"] or 0
    awarded_in_year = award.years.filter(fiscal_year=payment.fiscal_year).values_list("amount", flat=True).first()
    if paid + payment.amount > awarded or paid_in_year + payment.amount > (awarded_in_year or 0):
        raise ServiceError(
            _("Payment %(n)s of %(amount)s would take what is paid beyond the %(awarded)s awarded.")
            % {"n": payment.number, "amount": format_money(payment.amount), "awarded": format_money(awarded)}
        )


def _release(*, award: Award, payment: Payment, by: User | None, now: dt.datetime, **details) -> Payment:
    _check_within_award(award=award, payment=payment)
    payment.released_at, payment.released_by = now, by
    transition(
        payment,
        to=PaymentStatus.RELEASED,
        allowed=(PaymentStatus.SCHEDULED,),
        by=by,
        action="payment.released",
        update_fields=["released_at", "released_by"],
        payment=payment.number,
        amount=str(payment.amount),
        **details,
    )
    notifications.notify_payment_released(award=award, payment=payment)
    return payment


def payment_release(
    *, payment: Payment, by: User, early_reason: str = "", now: dt.datetime | None = None
) -> Payment:
    """Staff release the next payment once its condition is met. Before its due date only with
    `early_reason`, which the audit entry keeps."""
    now = now or timezone.now()
    early_reason = early_reason.strip()
    with transaction.atomic():
        award = _locked_award(payment.award_id)
        payment = Payment.objects.select_for_update(of=("self",)).select_related("report_period").get(pk=payment.pk)
        if payment.status == PaymentStatus.RELEASED:
            raise TransitionError(
                _("Payment %(n)s was already released on %(when)s.")
                % {"n": payment.number, "when": format_local(payment.released_at)}
            )
        if payment.status == PaymentStatus.CANCELLED:
            raise TransitionError(_("Payment %(n)s was cancelled when the award closed.") % {"n": payment.number})
        if problem := _waiting_for(award=award, payment=payment):
            raise TransitionError(problem)
        early = payment.due_date > today(now)
        if early and not early_reason:
            raise DeadlineError(
                _(
                    "Payment %(n)s is due on %(due)s. To release it before then, give the reason; it is kept in "
                    "the award's history."
                )
                % {"n": payment.number, "due": _day(payment.due_date)}
            )
        _release(award=award, payment=payment, by=by, now=now, **({"early_reason": early_reason} if early else {}))
    return payment


def payments_release_ready(*, award: Award, by: User | None, trigger: str, now: dt.datetime) -> Released:
    """Release, in order, every payment of the award (row locked by the caller, inside its transaction) whose
    turn, condition and due date have come; `trigger` (the change that made them ready) goes in each audit
    entry. Says what happens next to the first payment left."""
    released = []
    for payment in award.payments.filter(status=PaymentStatus.SCHEDULED).select_related("report_period").order_by(
        "number"
    ):
        if problem := _waiting_for(award=award, payment=payment):
            return Released(released, problem)
        if payment.due_date > today(now):
            return Released(
                released,
                _("Payment %(n)s (%(amount)s) will be released on its due date, %(due)s.")
                % {"n": payment.number, "amount": format_money(payment.amount), "due": _day(payment.due_date)},
            )
        released.append(_release(award=award, payment=payment, by=by, now=now, trigger=trigger))
    return Released(released, "")


def payments_release_due(*, now: dt.datetime | None = None) -> int:
    """The daily run: release every payment whose due date has come and whose turn and condition were already
    met. Safe to run as often as cron likes. Returns the number of payments released."""
    now = now or timezone.now()
    award_ids = (
        Payment.objects.filter(
            status=PaymentStatus.SCHEDULED, due_date__lte=today(now), award__status=AwardStatus.ACTIVE
        )
        .values_list("award_id", flat=True)
        .distinct()
    )
    count = 0
    for award_id in sorted(set(award_ids)):
        with transaction.atomic():
            award = _locked_award(award_id)
            count += len(payments_release_ready(award=award, by=None, trigger="due_date", now=now).payments)
    return count


def describe(released: Released) -> str:
    """One sentence on what was released and what happens next, for the page's message."""
    parts = [
        _("Payment %(n)s (%(amount)s) is released.") % {"n": p.number, "amount": format_money(p.amount)}
        for p in released.payments
    ]
    if released.next_step:
        parts.append(released.next_step)
    return " ".join(parts)


def report_period_accepted(*, period: ReportingPeriod, by: User, now: dt.datetime | None = None) -> Released:
    """Record that the report on a period was accepted, which meets the condition of the payment waiting for it,
    and release the payments now ready. Called by the progress-report workflow inside its transaction, which
    sends its own notification about the report."""
    now = now or timezone.now()
    with transaction.atomic():
        award = _locked_award(ReportingPeriod.objects.values_list("award_id", flat=True).get(pk=period.pk))
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if period.report_accepted_at:
            raise TransitionError(
                _("The report on this period was already accepted on %(when)s.")
                % {"when": format_local(period.report_accepted_at)}
            )
        period.report_accepted_at = now
        period.save(update_fields=["report_accepted_at"])
        audit(actor=by, obj=award, action="report.accepted", to_state="accepted", period=period.number)
        return payments_release_ready(award=award, by=by, trigger="report.accepted", now=now)
