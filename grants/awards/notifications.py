"""E-mails about decisions and awards, each in its recipient's language (templates/emails/decision_*,
award_*)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from grants.awards.models import Decision
from grants.kernel.notifications import absolute, send
from grants.organizations.selectors import member_recipients


def _award_url(award) -> str:
    return absolute(reverse("grants:award_detail", args=[award.pk]))


def notify_decisions(*, decisions) -> None:
    """A whole call's letters are rendered by the worker (send_decision_letters), so releasing returns at once."""
    send_decision_letters.enqueue(decision_ids=[decision.pk for decision in decisions])


@task()
def send_decision_letters(*, decision_ids: list[int]) -> int:
    """Enqueue each released decision's letter to each member of the applying organization, in their language.
    One transaction: if rendering fails, none is enqueued and a retry or re-run starts again cleanly."""
    decisions = Decision.objects.filter(pk__in=decision_ids).select_related(
        "application__organization", "application__call"
    ).order_by("application__reference")
    with transaction.atomic():
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
    return len(decision_ids)


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
