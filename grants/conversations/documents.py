"""Messages as owners of documents: a draft message holds the files its author attaches, through the documents
app's upload, checks, storage and audited downloads; once sent they no longer change (registered in
ConversationsConfig.ready())."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.conversations.models import Message
from grants.documents.models import DocumentType
from grants.documents.owners import DocumentOwner
from grants.kernel.errors import TransitionError

ATTACHMENT = "message-attachment"


class MessageOwner(DocumentOwner):
    kind = "message"
    model = Message
    view_permission = "conversations.view_message"
    edit_permission = "conversations.attach_to_message"
    url_names = {
        "upload": "grants:message_document_upload",
        "presign": "grants:message_document_presign",
        "confirm": "grants:message_document_confirm",
    }
    not_taken = gettext_lazy("Messages do not take “%(type)s”.")
    foreign_upload = gettext_lazy(
        "This upload does not belong to this message. Reload the page and attach the file again."
    )
    foreign_replacement = gettext_lazy("The file to replace is not attached to this message. Reload the page.")

    @classmethod
    def load(cls, pk: int) -> Message:
        return get_object_or_404(Message.objects.select_related("thread"), pk=pk)

    @property
    def organization_id(self) -> int:
        return self.obj.thread.organization_id

    def locked(self) -> MessageOwner:
        locked = Message.objects.select_for_update(of=("self",)).select_related("thread")
        return MessageOwner(locked.get(pk=self.obj.pk))

    def check_editable(self) -> None:
        if self.obj.is_sent:
            raise TransitionError(_("This message has been sent: its attachments can no longer change."))

    def document_types(self) -> list[DocumentType]:
        return list(DocumentType.objects.filter(code=ATTACHMENT))

    def submitted_document_ids(self) -> set[int]:
        return set()  # a draft's files may simply go; a sent message's cannot change at all

    def page_url(self, document_type: DocumentType | None = None, *, error: bool = False) -> str:
        thread = self.obj.thread
        query = "?slot=" + ATTACHMENT if error else ""
        return reverse("grants:thread", args=[thread.kind, thread.subject_id]) + query + "#write"

    def detail_url(self) -> str:
        thread = self.obj.thread
        return reverse("grants:thread", args=[thread.kind, thread.subject_id])
