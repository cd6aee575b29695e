from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    """Registers messages as owners of documents, and applications as the first kind of record with a thread;
    awards and reports register theirs from their own apps (they sit above this one)."""

    name = "grants.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        # Imported once every app's models are loaded.
        from grants.conversations.documents import MessageOwner
        from grants.conversations.subjects import ApplicationSubject, register
        from grants.documents.owners import register as register_owner

        register_owner(MessageOwner)
        register(ApplicationSubject)
