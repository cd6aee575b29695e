import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every document names its owner generically (0002): the application column goes."""

    dependencies = [
        ("documents", "0002_generic_owner"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="document", name="grants_docu_applica_55cb7d_idx"),
        migrations.RemoveField(model_name="document", name="application"),
        migrations.AlterField(
            model_name="document",
            name="owner_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="owner_id",
            field=models.PositiveBigIntegerField(),
        ),
    ]
