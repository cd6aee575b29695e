"""What is under review: the applications of a call that are reviewed and ranked, and the live assignments on
them. Every other read and write of the review starts from these two."""

from __future__ import annotations

from django.db.models import QuerySet

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application, Call
from scoring.enums import AssignmentStatus, ScreeningDecision
from scoring.models import Assignment


def reviewable_applications(*, call: Call) -> QuerySet[Application]:
    """The applications of a call that are reviewed and ranked: screened eligible, still in the running."""
    return Application.objects.filter(call=call, screening__decision=ScreeningDecision.ELIGIBLE).exclude(
        status__in=ApplicationStatus.NOT_REVIEWABLE
    )


def live_assignments(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The active assignments of `queryset` on applications still in review."""
    return queryset.filter(
        status__in=AssignmentStatus.ACTIVE, application__screening__decision=ScreeningDecision.ELIGIBLE
    ).exclude(application__status__in=ApplicationStatus.NOT_REVIEWABLE)


def to_do_assignments(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The live assignments of `queryset` a reviewer still has work on: an application withdrawn, screened
    ineligible or decided leaves every reviewer's list (and reminders) the moment its status changes."""
    return live_assignments(queryset).exclude(application__status__in=ApplicationStatus.OFF_REVIEWERS_LISTS)
