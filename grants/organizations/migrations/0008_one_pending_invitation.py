from django.db import migrations, models
from django.db.models.functions import Lower


def revoke_older_duplicates(apps, schema_editor):
    """Invitations sent to one address at the same moment could both stay pending before the constraint:
    keep the newest of each, and revoke the others as a newer invitation would have."""
    Invitation = apps.get_model("grants", "Invitation")
    newest = {}
    pending = Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True).order_by("-created_at", "-pk")
    for invitation in pending:
        key = (invitation.organization_id, invitation.email.lower())
        if key in newest:
            invitation.revoked_at = newest[key]
            invitation.save(update_fields=["revoked_at"])
        else:
            newest[key] = invitation.created_at


def nothing_to_undo(apps, schema_editor):
    """Revoked invitations stay revoked."""


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0007_publication_settings"),
    ]

    operations = [
        migrations.RunPython(revoke_older_duplicates, nothing_to_undo),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                Lower("email"),
                models.F("organization"),
                condition=models.Q(("accepted_at__isnull", True), ("revoked_at__isnull", True)),
                name="invitation_one_pending_per_address",
                violation_error_message="This address already has a pending invitation to the organization.",
            ),
        ),
    ]
