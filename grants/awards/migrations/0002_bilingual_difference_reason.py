from django.db import migrations, models


class Migration(migrations.Migration):
    """The reason an award is below the request is read by the organization in its own language: the English
    text already typed keeps its place; the French one starts empty."""

    dependencies = [
        ("awards", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="award", old_name="difference_reason", new_name="difference_reason_en"),
        migrations.AlterField(
            model_name="award",
            name="difference_reason_en",
            field=models.TextField(blank=True, verbose_name="why the amount is below the request (English)"),
        ),
        migrations.AddField(
            model_name="award",
            name="difference_reason_fr",
            field=models.TextField(blank=True, verbose_name="why the amount is below the request (French)"),
        ),
    ]
