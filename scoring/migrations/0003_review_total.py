from django.db import migrations, models

# The total of every submitted review, as scoring/services/totals.py stores it from now on (plain SQL, the same on
# SQLite and PostgreSQL: the models of this migration's state are not needed).
FILL_TOTALS = """
UPDATE scoring_review SET total = (
    SELECT 100.0 * SUM(CAST(c.weight AS DOUBLE PRECISION) * (s.value - c.scale_min) / (c.scale_max - c.scale_min))
           / SUM(CAST(c.weight AS DOUBLE PRECISION))
    FROM scoring_score s JOIN scoring_criterion c ON c.id = s.criterion_id
    WHERE s.review_id = scoring_review.id AND NOT s.is_na AND s.value IS NOT NULL
)
WHERE status = 'submitted'
"""


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
        migrations.RunSQL(FILL_TOTALS, migrations.RunSQL.noop),
    ]
