"""E-mails about applications, to the members of the applying organization."""

from __future__ import annotations

from django.urls import reverse

from grants.kernel.notifications import absolute, send
from grants.organizations.selectors import member_recipients


def notify_submitted(*, application) -> None:
    send(
        template="application_submitted",
        to=member_recipients(application.organization),
        context={
            "application": application,
            "url": absolute(reverse("grants:application_detail", args=[application.pk])),
        },
    )


def notify_withdrawn(*, application) -> None:
    send(
        template="application_withdrawn",
        to=member_recipients(application.organization),
        context={"application": application},
    )


def notify_reopened(*, application, reason: str) -> None:
    send(
        template="application_reopened",
        to=member_recipients(application.organization),
        context={
            "application": application,
            "reason": reason,
            "url": absolute(reverse("grants:application_wizard", args=[application.pk])),
        },
    )


def notify_extended(*, application, extension) -> None:
    send(
        template="application_extended",
        to=member_recipients(application.organization),
        context={
            "application": application,
            "extension": extension,
            "url": absolute(reverse("grants:application_wizard", args=[application.pk])),
        },
    )
