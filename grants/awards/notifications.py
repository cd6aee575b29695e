"""E-mails about decisions and awards, each in its recipient's language (templates/emails/decision_*,
award_*)."""

from __future__ import annotations

from django.urls import reverse

from grants.kernel.notifications import absolute, send
from grants.organizations.selectors import member_recipients


def _award_url(award) -> str:
    return absolute(reverse("grants:award_detail", args=[award.pk]))


def notify_decisions(*, decisions) -> None:
    for decision in decisions:
        application = decision.application
        send(
            template=f"decision_{decision.outcome}",
            to=member_recipients(application.organization),
            context={
                "application": application,
                "decision": decision,
                "url": absolute(reverse("grants:application_detail", args=[application.pk])),
            },
        )


def notify_award_offered(*, award, agreement) -> None:
    send(
        template="award_offered",
        to=member_recipients(award.application.organization),
        context={"award": award, "agreement": agreement, "url": _award_url(award)},
    )


def notify_agreement_accepted(*, award, agreement) -> None:
    recipients = member_recipients(award.application.organization)
    if award.created_by and award.created_by.email not in {address for address, _language in recipients}:
        recipients.append((award.created_by.email, award.created_by.language))
    send(
        template="award_accepted",
        to=recipients,
        context={"award": award, "agreement": agreement, "url": _award_url(award)},
    )


def notify_award_amended(*, award, amendment, agreement) -> None:
    send(
        template="award_amended",
        to=member_recipients(award.application.organization),
        context={"award": award, "amendment": amendment, "agreement": agreement, "url": _award_url(award)},
    )


def notify_award_status(*, award, template: str) -> None:
    send(
        template=template,
        to=member_recipients(award.application.organization),
        context={"award": award, "url": _award_url(award)},
    )


def notify_payment_released(*, award, payment) -> None:
    send(
        template="award_payment_released",
        to=member_recipients(award.application.organization),
        context={"award": award, "payment": payment, "url": _award_url(award)},
    )
