"""A thread per record (application, award, progress report), its messages and staff notes, and the
clarification requests of an application. Writes are in services.py, reads in selectors.py."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.applications.models import Application
from grants.organizations.models import Organization, User


class Thread(models.Model):
    """The conversation on one record. Read marks are per side (the organization, the coordination office):
    a message is unread until someone of the other side opens the thread."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(max_length=16)  # the subject's kind in URLs (subjects.py)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="threads")
    last_member_message_at = models.DateTimeField(null=True, blank=True)
    last_staff_message_at = models.DateTimeField(null=True, blank=True)
    organization_read_at = models.DateTimeField(null=True, blank=True)
    staff_read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "conversations_thread"
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [models.UniqueConstraint(fields=["subject_type", "subject_id"], name="thread_one_per_record")]
        indexes = [models.Index(fields=["organization", "last_staff_message_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_id}"


class Message(models.Model):
    """A message between the organization and staff, or (internal) a staff-only note never shown to applicants.
    Until it is sent (sent_at), it is its author's draft: the owner of the files attached to it, through the
    documents app's flow (documents.py); once sent, its files no longer change."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    from_staff = models.BooleanField(default=False)
    internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    documents = GenericRelation(
        "documents.Document", content_type_field="owner_type", object_id_field="owner_id",
        related_query_name="message",
    )

    class Meta:
        db_table = "conversations_message"
        ordering = ["sent_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(internal=False) | Q(from_staff=True), name="message_note_is_staff"),
            models.CheckConstraint(condition=Q(sent_at__isnull=True) | ~Q(body=""), name="message_sent_has_body"),
            models.UniqueConstraint(
                fields=["thread", "author"], condition=Q(sent_at__isnull=True), name="message_one_draft_per_author"
            ),
        ]
        indexes = [models.Index(fields=["thread", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.body[:40]}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


class Clarification(models.Model):
    """Staff ask about a submitted application by a due date; the answer is added to what reviewers read, never
    to the submitted snapshot."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="clarifications")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="clarifications")
    question = models.TextField(_("question"))
    due_at = models.DateTimeField(_("answer due"))
    asked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # The message that answered, with its attachments (for staff and the organization; reviewers read the text).
    answer_message = models.OneToOneField(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="answered_clarification"
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "conversations_clarification"
        ordering = ["asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="") | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="clarification_answered_has_answer",
            ),
        ]
        indexes = [models.Index(fields=["answered_at", "due_at"])]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
