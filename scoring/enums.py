"""Every status and choice of the review, and the groups services, selectors, SQL and templates test against.

This is the one place a status group is defined: code asks `status in AssignmentStatus.ACTIVE`, the ranking's
SQL gets the values as parameters, templates read the model properties built on these groups. The models keep
`Status = <enum>` (and `Screening.Decision`) as aliases, so `Assignment.Status.ACCEPTED` reads as before.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RubricStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: editable")
    LOCKED = "locked", _("Locked: reviews saved")
    REOPENED = "reopened", _("Reopened for changes")


# Staff may change its criteria.
RubricStatus.EDITABLE = (RubricStatus.DRAFT, RubricStatus.REOPENED)
# Reviewers may save against it (not while staff change it).
RubricStatus.ACCEPTS_REVIEWS = (RubricStatus.DRAFT, RubricStatus.LOCKED)


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Awaiting declaration")
    ACCEPTED = "accepted", _("No conflict declared")
    CONFLICT = "conflict", _("Conflict declared")
    REMOVED = "removed", _("Removed by staff")


# The reviewer still has the application: before or after declaring no conflict.
AssignmentStatus.ACTIVE = (AssignmentStatus.ASSIGNED, AssignmentStatus.ACCEPTED)
# What staff see on the assignment page: the live assignments and the declared conflicts.
AssignmentStatus.SHOWN_TO_STAFF = (*AssignmentStatus.ACTIVE, AssignmentStatus.CONFLICT)


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class ScreeningDecision(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")


class Recommendation(models.TextChoices):
    FUND = "fund", _("Fund")
    FUND_WITH_CONDITIONS = "fund_with_conditions", _("Fund with conditions")
    DO_NOT_FUND = "do_not_fund", _("Do not fund")


class OtherReviews(models.TextChoices):
    """When a reviewer may read the other reviews of an application (a call's setting, or the phase's)."""

    NEVER = "never", _("Never")
    AFTER_OWN = "after_own", _("After submitting their own review")


# What the audit log says each of this app's actions is (grants.kernel.auditlog reads every app's AUDIT_ACTIONS).
AUDIT_ACTIONS = {
    "application.screened": _("Eligibility decision recorded"),
    "application.screening_released": _("Eligibility decision released"),
    "application.consensus_recorded": _("Consensus score recorded"),
    "application.consensus_withdrawn": _("Consensus score withdrawn"),
    "assignment.added": _("Reviewer assigned"),
    "assignment.removed": _("Reviewer taken off the application"),
    "assignment.conflict_declared": _("Conflict of interest declared"),
    "assignments.balanced": _("Reviewers assigned automatically"),
    "pool.reviewer_added": _("Reviewer added to the pool"),
    "pool.reviewer_removed": _("Reviewer removed from the pool"),
    "pool.settings_changed": _("Review settings changed"),
    "review.submitted": _("Review submitted"),
    "review.reopened": _("Review reopened"),
    "review.reminder_sent": _("Review reminder sent"),
    "rubric.copied": _("Rubric copied from another call"),
    "rubric.locked": _("Rubric locked"),
    "rubric.relocked": _("Rubric locked again"),
    "rubric.reopened": _("Rubric reopened for changes"),
}
