"""An award's status changes after its offer: suspend, reinstate and close, each with its reason, one audit entry
(kernel transition()) and an e-mail to the organization once the transaction commits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.models import Call
from grants.awards import notifications
from grants.awards.enums import AwardStatus, PaymentStatus
from grants.awards.models import Amendment, Award
from grants.awards.services.plan import set_years, years_of
from grants.kernel.audit import transition
from grants.kernel.errors import ServiceError
from grants.organizations.models import User


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
) -> Award:
    """Lock the award and move it to `to`; `refusal` names its current status with %(status)s. Runs inside the
    caller's transaction."""
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("application__organization")
        .get(pk=award.pk)
    )
    award.status_reason, award.status_changed_at = reason.strip(), now or timezone.now()
    transition(
        award,
        to=to,
        allowed=allowed,
        by=by,
        action=action,
        refusal=refusal % {"status": award.get_status_display().lower()},
        update_fields=["status_reason", "status_changed_at"],
        reason=reason.strip(),
    )
    return award


def award_suspend(*, award: Award, by: User, reason: str, now: dt.datetime | None = None) -> Award:
    """Stop payments while a concern is dealt with."""
    if not reason.strip():
        raise ServiceError(_("Give the reason for suspending the award; the organization reads it."))
    with transaction.atomic():
        award = _change_status(
            award=award,
            by=by,
            allowed=(AwardStatus.ACTIVE,),
            to=AwardStatus.SUSPENDED,
            action="award.suspended",
            reason=reason,
            refusal=_("Only an active award can be suspended; this one is %(status)s."),
            now=now,
        )
        notifications.notify_award_status(award=award, template="award_suspended")
    return award


def award_reinstate(*, award: Award, by: User, reason: str = "", now: dt.datetime | None = None) -> Award:
    """Lift a suspension: payments may be released again."""
    with transaction.atomic():
        award = _change_status(
            award=award,
            by=by,
            allowed=(AwardStatus.SUSPENDED,),
            to=AwardStatus.ACTIVE,
            action="award.reinstated",
            reason=reason,
            refusal=_("Only a suspended award can be reinstated; this one is %(status)s."),
            now=now,
        )
        notifications.notify_award_status(award=award, template="award_reinstated")
    return award


def award_close(*, award: Award, by: User, reason: str, now: dt.datetime | None = None) -> Award:
    """End the award. Payments not released are cancelled and the unpaid balance returns to the envelope:
    each year's approved amount becomes what was paid in it, recorded as an amendment."""
    now = now or timezone.now()
    if not reason.strip():
        raise ServiceError(_("Give the reason for closing the award."))
    with transaction.atomic():
        # The call's lock, as for any change to what the call commits (services/envelope.py).
        Call.objects.select_for_update().get(pk=award.application.call_id)
        award = _change_status(
            award=award,
            by=by,
            allowed=AwardStatus.OPEN,
            to=AwardStatus.CLOSED,
            action="award.closed",
            reason=reason,
            refusal=_("This award is already %(status)s."),
            now=now,
        )
        # Each payment's cancellation is a change of its state: one audit entry each, as for its release.
        for payment in award.payments.select_for_update().filter(status=PaymentStatus.SCHEDULED).order_by("number"):
            transition(payment, to=PaymentStatus.CANCELLED, allowed=(PaymentStatus.SCHEDULED,), by=by,
                       action="payment.cancelled", payment=payment.number, amount=str(payment.amount))
        award.agreements.filter(accepted_at__isnull=True, superseded_at__isnull=True).update(
            superseded_at=now
        )
        before = years_of(award=award)
        paid = {
            row["fiscal_year"]: row["total"]
            for row in award.payments.filter(status=PaymentStatus.RELEASED)
            .values("fiscal_year")
            .annotate(total=Sum("amount"))
        }
        after = {year: paid.get(year, Decimal(0)) for year in before}
        if after != before:
            set_years(award=award, years=after)
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
        notifications.notify_award_status(award=award, template="award_closed")
    return award
