"""E-mails of conversations, each in its recipient's language: a message goes to the other side (the
organization's members, or the staff who last wrote on the record, else every program officer); a question and
its reminders go to the members. Notes are never e-mailed."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from grants.conversations.models import Clarification, Message
from grants.conversations.subjects import subject_kind
from grants.kernel.notifications import absolute, send, send_now
from grants.kernel.roles import Role
from grants.organizations.selectors import member_recipients


def thread_url(thread) -> str:
    return absolute(reverse("grants:thread", args=[thread.kind, thread.subject_id]))


def _subject_title(thread) -> str:
    subject_class = subject_kind(thread.kind)
    return subject_class(subject_class.model.objects.get(pk=thread.subject_id)).title


def staff_recipients(thread) -> list[tuple[str, str]]:
    """The staff member who last wrote on this record (or asked it a question), else every program officer."""
    last = (
        Message.objects.filter(thread=thread, from_staff=True, sent_at__isnull=False, author__isnull=False)
        .select_related("author").order_by("-sent_at").first()
    )
    person = last.author if last else None
    if person is None:
        asked = Clarification.objects.filter(thread=thread, asked_by__isnull=False).select_related("asked_by").last()
        person = asked.asked_by if asked else None
    if person is not None and person.is_active:
        return [(person.email, person.language)]
    officers = get_user_model().objects.filter(
        is_active=True, groups__name__in=[Role.PROGRAM_OFFICER, Role.ADMINISTRATOR]
    ).distinct()
    return [(u.email, u.language) for u in officers]


def notify_message(*, message, attachments) -> None:
    thread = message.thread
    to = member_recipients(thread.organization) if message.from_staff else staff_recipients(thread)
    send(
        template="conversation_message",
        to=[r for r in to if r[0] != message.author.email],
        context={"message": message, "attachments": attachments, "title": _subject_title(thread),
                 "organization": thread.organization, "url": thread_url(thread)},
    )


def notify_clarification_asked(*, clarification) -> None:
    send(
        template="clarification_asked",
        to=member_recipients(clarification.application.organization),
        context={"clarification": clarification, "application": clarification.application,
                 "url": thread_url(clarification.thread)},
    )


def notify_clarification_due_now(*, clarification) -> None:
    """Sent by the reminder task itself, which records the reminder only once the mail server took it."""
    send_now(
        template="clarification_reminder",
        to=member_recipients(clarification.application.organization),
        context={"clarification": clarification, "application": clarification.application,
                 "url": thread_url(clarification.thread)},
    )
