"""E-mails, each rendered in its recipient's language from templates/emails/<name>.txt.

The first line of the rendered template is the subject; the rest is the body.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send(*, template: str, to: Iterable[tuple[str, str]], context: dict) -> None:
    """Send one message per (address, language) so that each reads it in their own language."""
    for address, language in to:
        with translation.override(language or settings.LANGUAGE_CODE):
            text = render_to_string(f"emails/{template}.txt", context).strip()
        subject, _, body = text.partition("\n")
        send_mail(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [address])


def _members(organization) -> list[tuple[str, str]]:
    return [(m.user.email, m.user.language) for m in organization.memberships.select_related("user")]


def notify_invitation(*, invitation) -> None:
    send(
        template="invitation",
        to=[(invitation.email, invitation.invited_by.language if invitation.invited_by else "en")],
        context={
            "invitation": invitation,
            "accept_url": absolute(reverse("grants:invitation_accept", args=[invitation.token])),
        },
    )


def notify_submitted(*, application) -> None:
    send(
        template="application_submitted",
        to=_members(application.organization),
        context={
            "application": application,
            "url": absolute(reverse("grants:application_detail", args=[application.pk])),
        },
    )


def notify_withdrawn(*, application) -> None:
    send(template="application_withdrawn", to=_members(application.organization), context={"application": application})


def notify_reopened(*, application, reason: str) -> None:
    send(
        template="application_reopened",
        to=_members(application.organization),
        context={
            "application": application,
            "reason": reason,
            "url": absolute(reverse("grants:application_wizard", args=[application.pk])),
        },
    )
