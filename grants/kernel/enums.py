"""What the audit log says each of the kernel's actions is (grants.kernel.auditlog reads every app's AUDIT_ACTIONS)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "task.rerun": _("Failed task run again"),
}
