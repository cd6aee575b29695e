"""Every status and kind of progress reporting, and the groups services, selectors, SQL and templates test against.

This is the one place a group is defined: code asks `status in ReportStatus.EDITABLE`, queries get the group as
parameters (`status__in=ReportStatus.UNFILED`), templates compare with `report.Status.RETURNED` or read
`report.is_editable`. The models keep `Status = ReportStatus` (and so on) so that `ProgressReport.Status.X` works.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorUnit(models.TextChoices):
    PEOPLE = "people", _("people")
    REFERRALS = "referrals", _("referrals")
    SESSIONS = "sessions", _("sessions")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted: with staff")
    RETURNED = "returned", _("Returned for revisions")
    ACCEPTED = "accepted", _("Accepted")


S = ReportStatus
# Its organization may change it.
S.EDITABLE = (S.DRAFT, S.RETURNED)
# Not filed: still owed, so reminders and overdue notices go out for it. A report counts as filed once it is
# submitted (or accepted); a returned one is owed again. The same states as EDITABLE, named for what they mean.
S.UNFILED = (S.DRAFT, S.RETURNED)
# Staff may accept it or return it.
S.DECIDABLE = (S.SUBMITTED,)
del S


class VersionOutcome(models.TextChoices):
    """What staff decided about one submitted version."""

    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revisions")


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder before the due date")
    OVERDUE = "overdue", _("Overdue notice")


# What the audit log says each of this app's actions is (grants.kernel.auditlog reads every app's AUDIT_ACTIONS).
AUDIT_ACTIONS = {
    "report.started": _("Report started"),
    "report.submitted": _("Report submitted"),
    "report.accepted": _("Report accepted"),
    "report.returned": _("Report returned for revisions"),
    "report.requested": _("One-off report requested"),
    "organization.archive_downloaded": _("Organization's data downloaded"),
}
