"""Every status of calls and applications, and the groups services, selectors, SQL and templates test against.

This is the one place a status group is defined: code asks `status in ApplicationStatus.DECIDABLE`, SQL gets
the group as parameters, templates read the model properties built on these groups.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    """A call's lifecycle. Only grants.applications.lifecycle writes it."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    IN_REVIEW = "in_review", _("In review")
    DECIDED = "decided", _("Decided")


# Shown to the public (open, upcoming or closed by its dates).
CallStatus.PUBLIC = (CallStatus.PUBLISHED, CallStatus.CLOSED, CallStatus.IN_REVIEW, CallStatus.DECIDED)
# Before review starts: a draft given an extension may still come in.
CallStatus.INTAKE = (CallStatus.PUBLISHED, CallStatus.CLOSED)
# Past its intake: what staff review and decide.
CallStatus.AFTER_INTAKE = (CallStatus.CLOSED, CallStatus.IN_REVIEW, CallStatus.DECIDED)


class ReviewPhase(models.TextChoices):
    """While a call is in review, what reviewers and staff may do (scoring.phases reads it). Only
    grants.applications.lifecycle writes it."""

    SCREENING = "screening", _("Screening")
    REVIEWING = "reviewing", _("Reviewing")
    MODERATION = "moderation", _("Moderation")
    DECIDED = "decided", _("Decided")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Screened: eligible")
    INELIGIBLE = "ineligible", _("Screened: ineligible")
    IN_REVIEW = "in_review", _("In review")
    RECOMMENDED = "recommended", _("Recommended")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationStatus
# Its members may change it.
S.EDITABLE = (S.DRAFT,)
# A decision has been released on it.
S.DECIDED = (S.APPROVED, S.DECLINED)
# Its organization may still withdraw it.
S.WITHDRAWABLE = (S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE, S.IN_REVIEW, S.RECOMMENDED, S.NOT_RECOMMENDED)
# Submitted and still in the running: staff may stage a decision on it.
S.DECIDABLE = (S.SUBMITTED, S.ELIGIBLE, S.IN_REVIEW, S.RECOMMENDED, S.NOT_RECOMMENDED)
# Never reviewed nor ranked, whatever its screening says.
S.NOT_REVIEWABLE = (S.DRAFT, S.WITHDRAWN)
# Screening released as eligible and still in the running: a decision needs this (or staff's override).
S.SCREENED_ELIGIBLE = (S.ELIGIBLE, S.IN_REVIEW, S.RECOMMENDED, S.NOT_RECOMMENDED)
# Nothing left for a reviewer to do on it: withdrawn, screened out or decided.
S.OFF_REVIEWERS_LISTS = (*S.NOT_REVIEWABLE, S.INELIGIBLE, *S.DECIDED)
del S


# What the audit log says each of this app's actions is (grants.kernel.auditlog reads every app's AUDIT_ACTIONS).
AUDIT_ACTIONS = {
    "application.started": _("Application started"),
    "application.submitted": _("Application submitted"),
    "application.withdrawn": _("Application withdrawn"),
    "application.reopened": _("Application reopened for edits"),
    "application.deadline_extended": _("Deadline extended"),
    "call.published": _("Call published"),
    "call.closed": _("Call intake closed"),
    "call.in_review": _("Call moved into review"),
    "call.decided": _("Call decided"),
    "call.status_changed": _("Call status changed"),
    "review.phase_changed": _("Review phase changed"),
}
