"""What the audit log says each of this app's actions is (grants.kernel.auditlog reads every app's AUDIT_ACTIONS)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "mfa.authenticator_removed": _("Authenticator app removed"),
    "user.roles_changed": _("Roles changed"),
    "user.superuser_changed": _("Superuser status changed"),
}
