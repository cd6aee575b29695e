from django.db import migrations, models
from django.db.models import F, FloatField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast


def fill_totals(apps, schema_editor):
    """The total of every submitted review, as scoring/services/totals.py stores it from now on."""
    Review, Score = apps.get_model("scoring", "Review"), apps.get_model("scoring", "Score")
    weight = Cast("criterion__weight", FloatField())
    scored = (
        Score.objects.filter(
            review=OuterRef("pk"),
            is_na=False,
            value__isnull=False,
        )
        .order_by()
        .values("review")
        .annotate(
            total=Value(100.0)
            * Sum(weight * (F("value") - F("criterion__scale_min")) / (F("criterion__scale_max") - F("criterion__scale_min")))
            / Sum(weight)
        )
        .values("total")
    )
    Review.objects.filter(status="submitted").update(total=Subquery(scored, output_field=FloatField()))


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0002_follow_moved_models"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="total",
            field=models.FloatField(blank=True, editable=False, null=True, verbose_name="total out of 100"),
        ),
        migrations.RunPython(fill_totals, migrations.RunPython.noop),
    ]
