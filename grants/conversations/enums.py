"""What the audit log calls this app's actions (grants.kernel.auditlog reads AUDIT_ACTIONS)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "conversation.message_sent": _("Message sent"),
    "conversation.note_added": _("Internal note added"),
    "clarification.asked": _("Clarification requested"),
    "clarification.answered": _("Clarification answered"),
    "clarification.reminder_sent": _("Clarification reminder sent"),
}
