import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def to_generic_owner(apps, schema_editor):
    """An application's documents named it in their own column; now every document names its owner the same way."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Document = apps.get_model("documents", "Document")
    application_type, _created = ContentType.objects.get_or_create(app_label="applications", model="application")
    Document.objects.filter(application__isnull=False).update(owner_type=application_type, owner_id=F("application_id"))


def to_application_column(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Document = apps.get_model("documents", "Document")
    application_type = ContentType.objects.filter(app_label="applications", model="application").first()
    if application_type is not None:
        Document.objects.filter(owner_type=application_type).update(
            application_id=F("owner_id"), owner_type=None, owner_id=None
        )


class Migration(migrations.Migration):
    """Documents are generic: an application owns its files through the same generic owner as any other kind,
    so the documents app needs nothing of the applications app. (0003 drops the column once the rows are
    moved: PostgreSQL alters no table with updates pending in the same transaction.)"""

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_initial"),
        ("applications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # What the table holds from when documents lived in the grants app.
            state_operations=[
                migrations.AddField(
                    model_name="document",
                    name="application",
                    field=models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                        to="applications.application", verbose_name="application",
                    ),
                ),
                migrations.AddIndex(
                    model_name="document",
                    index=models.Index(fields=["application", "status"], name="grants_docu_applica_55cb7d_idx"),
                ),
                migrations.AddConstraint(
                    model_name="document",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("application__isnull", False), ("owner_id__isnull", True),
                                     ("owner_type__isnull", True)),
                            models.Q(("application__isnull", True), ("owner_id__isnull", False),
                                     ("owner_type__isnull", False)),
                            _connector="OR",
                        ),
                        name="document_has_one_owner",
                    ),
                ),
            ],
        ),
        migrations.RemoveConstraint(model_name="document", name="document_has_one_owner"),
        migrations.RunPython(to_generic_owner, to_application_column),
    ]
