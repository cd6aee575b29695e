"""Payments: staff release an award's instalments in order, each once its condition is met; the progress-report
workflow records the accepted reports those conditions wait for."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.awards import notifications
from grants.awards.enums import AwardStatus, PaymentCondition, PaymentStatus
from grants.awards.models import Award, Payment, ReportingPeriod
from grants.kernel.audit import audit, transition
from grants.kernel.errors import TransitionError
from grants.kernel.timeutils import format_local
from grants.organizations.models import User


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
        if payment.status == PaymentStatus.RELEASED:
            raise TransitionError(
                _("Payment %(n)s was already released on %(when)s.")
                % {"n": payment.number, "when": format_local(payment.released_at)}
            )
        if payment.status == PaymentStatus.CANCELLED:
            raise TransitionError(
                _("Payment %(n)s was cancelled when the award closed.") % {"n": payment.number}
            )
        refusals = {
            AwardStatus.OFFERED: _("The agreement has not been accepted yet; payments start once it is."),
            AwardStatus.SUSPENDED: _(
                "The award is suspended: no payment can be released until it is reinstated."
            ),
            AwardStatus.CLOSED: _("The award is closed."),
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
            award.payments.filter(number__lt=payment.number, status=PaymentStatus.SCHEDULED)
            .order_by("number")
            .first()
        )
        if earlier:
            raise TransitionError(
                _("Release payment %(n)s first: payments are released in order.") % {"n": earlier.number}
            )
        period = payment.report_period
        if payment.condition == PaymentCondition.REPORT_ACCEPTED and not period.report_accepted_at:
            raise TransitionError(
                _("This payment waits for the report on %(start)s to %(end)s (due %(due)s) to be accepted.")
                % {"start": period.start_date, "end": period.end_date, "due": period.due_date}
            )
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
        )
        notifications.notify_payment_released(award=award, payment=payment)
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
