"""Writes of conversations: a record's thread, drafts, sending a message, staff notes, clarification requests and
their answers, read marks. Each change locks its rows, checks under the lock, writes, audits, and enqueues its
e-mails in the same transaction (notifications.py)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application
from grants.conversations import notifications
from grants.conversations.models import Clarification, Message, Thread
from grants.conversations.subjects import Subject, subject_of
from grants.documents.models import Document
from grants.kernel import versions
from grants.kernel.audit import audit
from grants.kernel.errors import TransitionError
from grants.organizations.models import User

# Staff ask for clarifications while an application is screened or reviewed, before any decision.
ASKABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_REVIEW)


def thread_for(*, subject) -> Thread:
    """The record's thread, made the first time anyone opens it."""
    subject: Subject = subject_of(subject)
    lookup = subject.lookup()
    thread = Thread.objects.filter(**lookup).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            return Thread.objects.create(kind=subject.kind, organization_id=subject.organization_id, **lookup)
    except IntegrityError:  # opened by someone else at the same moment: theirs
        return Thread.objects.get(**lookup)


def draft_for(*, thread: Thread, by: User) -> Message:
    """The person's unsent message on the thread: what their attachments wait in until they send it."""
    draft = Message.objects.filter(thread=thread, author=by, sent_at__isnull=True).first()
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            return Message.objects.create(thread=thread, author=by, from_staff=_is_staff(by))
    except IntegrityError:
        return Message.objects.get(thread=thread, author=by, sent_at__isnull=True)


def _is_staff(user: User) -> bool:
    return user.has_perm("conversations.add_note")


def message_send(
    *, thread: Thread, body: str, by: User, answers: Clarification | None = None, now: dt.datetime | None = None
) -> Message:
    """Send the person's draft (with the files attached to it) with `body`; the other side is e-mailed. A member's
    message may answer one of the thread's open clarification requests: its text becomes the answer."""
    now = now or timezone.now()
    body = body.strip()
    if not body:
        raise TransitionError(_("Write a message before sending it."))
    with transaction.atomic():
        # The author's draft, locked: its files cannot change while it is sent. A question it answers is locked in
        # _answer(), first: that lock alone keeps a question from being answered twice.
        message = Message.objects.select_for_update().filter(thread=thread, author=by, sent_at__isnull=True).first()
        if message is None:
            message = Message(thread=thread, author=by, from_staff=_is_staff(by))
        message.body, message.sent_at = body, now
        message.save()
        if answers is not None:
            _answer(clarification=answers, message=message, by=by, now=now)
        side = ("last_staff_message_at", "staff_read_at") if message.from_staff else (
            "last_member_message_at", "organization_read_at")
        Thread.objects.filter(pk=thread.pk).update(**dict.fromkeys(side, now))
        attachments = list(message.documents.filter(status=Document.Status.CURRENT))
        audit(actor=by, obj=thread, action="conversation.message_sent", message=message.pk,
              attachments=[d.pk for d in attachments])
        notifications.notify_message(message=message, attachments=attachments)
    return message


def note_add(*, thread: Thread, body: str, by: User, now: dt.datetime | None = None) -> Message:
    """A staff-only note on the record: never shown to the organization nor e-mailed."""
    body = body.strip()
    if not body:
        raise TransitionError(_("Write the note before adding it."))
    with transaction.atomic():
        note = Message.objects.create(
            thread=thread, author=by, from_staff=True, internal=True, body=body, sent_at=now or timezone.now()
        )
        audit(actor=by, obj=thread, action="conversation.note_added", message=note.pk)
    return note


def clarification_ask(
    *, application: Application, question: str, due_at: dt.datetime, by: User, now: dt.datetime | None = None
) -> Clarification:
    """Staff ask the organization about its submitted application, by `due_at`; its members are e-mailed."""
    now = now or timezone.now()
    question = question.strip()
    if not question:
        raise TransitionError(_("Write the question."))
    if due_at <= now:
        raise TransitionError(_("The answer must be due in the future."))
    thread = thread_for(subject=application)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status not in ASKABLE:
            raise TransitionError(
                _("Clarifications are asked while an application is screened or reviewed; this one is %(status)s.")
                % {"status": application.get_status_display().lower()}
            )
        clarification = Clarification.objects.create(
            thread=thread, application=application, question=question, due_at=due_at, asked_by=by, asked_at=now
        )
        Thread.objects.filter(pk=thread.pk).update(last_staff_message_at=now, staff_read_at=now)
        audit(actor=by, obj=application, action="clarification.asked", clarification=clarification.pk,
              due_at=due_at.isoformat())
        notifications.notify_clarification_asked(clarification=clarification)
    return clarification


def _answer(*, clarification: Clarification, message: Message, by: User, now: dt.datetime) -> None:
    clarification = (
        Clarification.objects.select_for_update(of=("self",)).select_related("application").get(pk=clarification.pk)
    )
    if clarification.thread_id != message.thread_id or message.from_staff:
        raise TransitionError(_("Only the organization answers its own clarification requests."))
    if clarification.is_answered:
        raise TransitionError(_("This question has already been answered."))
    clarification.answer, clarification.answered_at = message.body, now
    clarification.answered_by, clarification.answer_message = by, message
    clarification.save(update_fields=["answer", "answered_at", "answered_by", "answer_message"])
    audit(actor=by, obj=clarification.application, action="clarification.answered", clarification=clarification.pk)


def thread_mark_read(*, thread: Thread, by: User, now: dt.datetime | None = None) -> None:
    """The person's side has read the thread up to now."""
    staff = _is_staff(by)
    field = "staff_read_at" if staff else "organization_read_at"
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(**{field: now or timezone.now()})
        if staff:
            versions.changed()  # the staff home's "conversations waiting" count is cached under the version
