"""What the audit log says each of this app's actions is (grants.kernel.auditlog reads every app's AUDIT_ACTIONS).
The organization types and membership roles stay beside their models (models.py), where migrations name them."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "organization.registered": _("Organization registered"),
    "organization.updated": _("Organization profile updated"),
    "invitation.sent": _("Invitation sent"),
    "invitation.accepted": _("Invitation accepted"),
    "member.removed": _("Member removed"),
    "organization.publication_updated": _("What is published about the organization changed"),
    "organization.publication_consented": _("Consent to publish given"),
    "organization.publication_consent_revoked": _("Consent to publish withdrawn"),
}
