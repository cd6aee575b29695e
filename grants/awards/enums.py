"""Every vocabulary of decisions, awards and payments, and the groups services, selectors and templates test
against.

This is the one place an award or payment status group is defined: code asks `award.status in
AwardStatus.OPEN`, querysets filter on the group, templates read the model properties built on it. Models keep
`Status = AwardStatus` (and the like) so that `Award.Status.ACTIVE` still reads naturally.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """What staff decide on an application (staged until released)."""

    APPROVED = "approved", _("Approve")
    DECLINED = "declined", _("Decline")


class RiskLevel(models.TextChoices):
    """Sets how often an award's organization reports, and so when its payments are released (schedule.py)."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class AwardStatus(models.TextChoices):
    OFFERED = "offered", _("Offered: agreement to accept")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


A = AwardStatus
# Not closed yet: staff may still amend or close it.
A.OPEN = (A.OFFERED, A.ACTIVE, A.SUSPENDED)
# Its agreement was accepted and it is not closed: the organization reports on it.
A.REPORTABLE = (A.ACTIVE, A.SUSPENDED)
del A


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    INSTALMENT = "instalment", _("Instalment")
    FINAL = "final", _("Final payment (holdback)")
    ADJUSTMENT = "adjustment", _("Adjustment")


class PaymentCondition(models.TextChoices):
    """What a payment waits for besides its turn: nothing, or the acceptance of its period's report."""

    NONE = "none", _("None")
    REPORT_ACCEPTED = "report_accepted", _("Report accepted")


class PaymentStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    RELEASED = "released", _("Released")
    CANCELLED = "cancelled", _("Cancelled")


class TrackingFlag(models.TextChoices):
    """What needs staff's attention on an award: the tracking page's flags, its filter and staff's work queues."""

    AGREEMENT = "agreement", _("Agreement awaiting signature")
    PAYMENT_DUE = "payment_due", _("Payment due to release")
    PAYMENT_WAITING = "payment_waiting", _("Payment due, waiting for its report")


# What the audit log says each of this app's actions is (grants.kernel.auditlog reads every app's AUDIT_ACTIONS).
AUDIT_ACTIONS = {
    "decision.approved": _("Decision staged: approve"),
    "decision.declined": _("Decision staged: decline"),
    "decision.released": _("Decision released"),
    "award.created": _("Award created"),
    "award.amended": _("Award amended"),
    "award.suspended": _("Award suspended"),
    "award.reinstated": _("Award reinstated"),
    "award.closed": _("Award closed"),
    "agreement.accepted": _("Agreement accepted"),
    "payment.released": _("Payment released"),
    "payment.cancelled": _("Payment cancelled"),
    "report.accepted": _("Report accepted"),
}
