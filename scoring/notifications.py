"""E-mails of the review. Messages to reviewers never name the applicant organization or its people,
whether or not the call is reviewed blind: an e-mail is forwarded and read where the call's setting
cannot follow it."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from grants.kernel.notifications import absolute, send, send_now
from grants.organizations.models import User


def notify_assigned(*, call, counts: dict[int, int], due_at) -> None:
    reviewers = User.objects.filter(pk__in=counts).only("email", "language")
    for reviewer in reviewers:
        send(
            template="scoring_assigned",
            to=[(reviewer.email, reviewer.language)],
            context={
                "call": call,
                "count": counts[reviewer.pk],
                "due_at": due_at,
                "url": absolute(reverse("scoring:dashboard")),
            },
        )


def notify_reviews_reopened(*, reviews, reason: str) -> None:
    by_reviewer = defaultdict(list)
    for review in reviews:
        by_reviewer[review.assignment.reviewer].append(review)
    for reviewer, theirs in by_reviewer.items():
        send(
            template="scoring_review_reopened",
            to=[(reviewer.email, reviewer.language)],
            context={
                "references": [r.assignment.application.reference for r in theirs],
                "reason": reason,
                "url": absolute(reverse("scoring:dashboard")),
            },
        )


def notify_late_now(*, assignments) -> None:
    """Sent by the reminder task itself, which records the reminder only once the mail server took it."""
    reviewer = assignments[0].reviewer
    send_now(
        template="scoring_reminder",
        to=[(reviewer.email, reviewer.language)],
        context={"assignments": assignments, "url": absolute(reverse("scoring:dashboard"))},
    )


def notify_screening_released(*, screenings) -> None:
    for screening in screenings:
        application = screening.application
        send(
            template="scoring_screening_released",
            to=[
                (m.user.email, m.user.language)
                for m in application.organization.memberships.select_related("user")
            ],
            context={
                "application": application,
                "screening": screening,
                "url": absolute(reverse("grants:application_detail", args=[application.pk])),
            },
        )
