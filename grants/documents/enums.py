"""The states of an uploaded file's version, and their groups (models, services, selectors and constraints read
them here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Being uploaded")
    CURRENT = "current", _("Current")
    REPLACED = "replaced", _("Replaced")
    REMOVED = "removed", _("Removed")


S = DocumentStatus
# No longer a current file: kept, with the time it stopped being one (retired_at).
S.RETIRED = (S.REPLACED, S.REMOVED)
# Not retired: an upload being verified, or a file in use.
S.LIVE = (S.PENDING, S.CURRENT)
del S


# What the audit log says each of this app's actions is (grants.kernel.auditlog reads every app's AUDIT_ACTIONS).
AUDIT_ACTIONS = {
    "document.uploaded": _("Document uploaded"),
    "document.rejected": _("Document refused by the checks"),
    "document.removed": _("Document removed"),
    "document.downloaded": _("Document downloaded"),
}
