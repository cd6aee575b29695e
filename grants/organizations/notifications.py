"""E-mails about organizations: invitations, consent to publish given or withdrawn."""

from __future__ import annotations

from django.urls import reverse

from grants.kernel.notifications import absolute, send
from grants.organizations.selectors import member_recipients


def notify_invitation(*, invitation) -> None:
    send(
        template="invitation",
        to=[(invitation.email, invitation.invited_by.language if invitation.invited_by else "en")],
        context={
            "invitation": invitation,
            "accept_url": absolute(reverse("grants:invitation_accept", args=[invitation.token])),
        },
    )


def notify_publication_consent(*, organization, by, given: bool) -> None:
    """Every member learns that the consent to publish was given or withdrawn, and by whom."""
    send(
        template="publication_consent_given" if given else "publication_consent_revoked",
        to=member_recipients(organization),
        context={
            "organization": organization,
            "by": by,
            "preview_url": absolute(reverse("publishing:organization_publication", args=[organization.pk])),
        },
    )
