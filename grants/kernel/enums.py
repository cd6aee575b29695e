"""What the audit log says the kernel's own actions are (grants.kernel.auditlog reads every app's AUDIT_ACTIONS)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "task.rerun": _("Background task re-run"),
}
