"""E-mails about organizations: invitations."""

from __future__ import annotations

from django.urls import reverse

from grants.kernel.notifications import absolute, send


def notify_invitation(*, invitation) -> None:
    send(
        template="invitation",
        to=[(invitation.email, invitation.invited_by.language if invitation.invited_by else "en")],
        context={
            "invitation": invitation,
            "accept_url": absolute(reverse("grants:invitation_accept", args=[invitation.token])),
        },
    )
