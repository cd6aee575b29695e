"""E-mails about progress reports, each in its recipient's language (templates/emails/report_*)."""

from __future__ import annotations

from django.urls import reverse

from grants.kernel.notifications import absolute, send
from grants.organizations.selectors import member_recipients


def _report_url(report) -> str:
    return absolute(reverse("reporting:report_detail", args=[report.pk]))


def _officer(award) -> list[tuple[str, str]]:
    return [(award.created_by.email, award.created_by.language)] if award.created_by else []


def notify_report_requested(*, report) -> None:
    send(
        template="report_requested",
        to=member_recipients(report.award.application.organization),
        context={"report": report, "url": _report_url(report)},
    )


def notify_report_submitted(*, report) -> None:
    send(
        template="report_submitted",
        to=_officer(report.award),
        context={"report": report, "url": _report_url(report)},
    )


def notify_report_returned(*, report, version) -> None:
    send(
        template="report_returned",
        to=member_recipients(report.award.application.organization),
        context={"report": report, "version": version, "url": _report_url(report)},
    )


def notify_report_accepted(*, report) -> None:
    send(
        template="report_accepted",
        to=member_recipients(report.award.application.organization),
        context={"report": report, "url": _report_url(report)},
    )


def notify_report_due(*, award, due, overdue: bool) -> None:
    send(
        template="report_overdue" if overdue else "report_reminder",
        to=member_recipients(award.application.organization),
        context={"award": award, "due": due, "url": absolute(reverse("reporting:report_list"))},
    )
