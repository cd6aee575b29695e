"""Reads of conversations: a thread's messages as each side may read them, unread counts for the homes (one query
each, whatever the number of threads), staff's queue, and the answers reviewers read."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from grants.conversations.models import Clarification, Message, Thread
from grants.documents.models import Document
from grants.organizations.models import User


def thread_messages(*, thread: Thread, staff: bool) -> QuerySet[Message]:
    """The sent messages, oldest first, with their files; staff's notes only for staff."""
    messages = (
        Message.objects.filter(thread=thread, sent_at__isnull=False)
        .select_related("author")
        .prefetch_related(
            Prefetch("documents", queryset=Document.objects.filter(status=Document.Status.CURRENT).order_by("pk"))
        )
        .order_by("sent_at", "pk")
    )
    return messages if staff else messages.filter(internal=False)


def thread_clarifications(*, thread: Thread) -> QuerySet[Clarification]:
    return Clarification.objects.filter(thread=thread).select_related("asked_by", "answered_by").order_by(
        "asked_at", "pk"
    )


def _unread_by_members() -> Q:
    return Q(last_staff_message_at__isnull=False) & (
        Q(organization_read_at__isnull=True) | Q(last_staff_message_at__gt=F("organization_read_at"))
    )


def _unread_by_staff() -> Q:
    return Q(last_member_message_at__isnull=False) & (
        Q(staff_read_at__isnull=True) | Q(last_member_message_at__gt=F("staff_read_at"))
    )


def threads_unread_by_members(*, user: User) -> QuerySet[Thread]:
    """Threads of the person's organizations with a staff message their side has not opened yet, newest first."""
    return (
        Thread.objects.filter(organization__memberships__user=user)
        .filter(_unread_by_members())
        .select_related("organization", "subject_type")
        .order_by("-last_staff_message_at", "pk")
    )


def threads_for_staff() -> QuerySet[Thread]:
    """Staff's queue: threads with a message from the organization not read yet, or a question not answered; the
    longest waiting first."""
    unanswered = Clarification.objects.filter(thread=OuterRef("pk"), answered_at__isnull=True)
    return (
        Thread.objects.annotate(has_open_question=Exists(unanswered))
        .filter(_unread_by_staff() | Q(has_open_question=True))
        .select_related("organization", "subject_type")
        .order_by(F("last_member_message_at").asc(nulls_last=True), "pk")
    )


def open_clarifications_for_members(*, user: User) -> QuerySet[Clarification]:
    return (
        Clarification.objects.filter(thread__organization__memberships__user=user, answered_at__isnull=True)
        .select_related("application", "thread")
        .order_by("due_at", "pk")
    )


def answered_clarifications(*, application_id: int) -> list[Clarification]:
    """What reviewers read after the submitted application: each question and its answer, oldest first."""
    return list(
        Clarification.objects.filter(application_id=application_id, answered_at__isnull=False).order_by(
            "asked_at", "pk"
        )
    )
