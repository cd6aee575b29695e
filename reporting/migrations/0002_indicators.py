"""The indicators CSF and ILIF ask for: aggregate counts by the strategy's pillars."""

from django.db import migrations

# (code, English, French, pillar, population or None, unit)
COMMON = [
    ("awareness-reached", "People reached by awareness activities", "Personnes jointes par les activités de sensibilisation", "awareness", None, "people"),
    ("professionals-trained", "Professionals trained", "Professionnels formés", "protect", "professionals", "people"),
    ("survivors-supported", "Survivors supported", "Personnes survivantes soutenues", "support", None, "people"),
    ("children-youth-served", "Children and youth served", "Enfants et jeunes servis", "support", "children-youth", "people"),
    ("indigenous-participants", "Indigenous participants", "Participants autochtones", "support", "indigenous", "people"),
    ("referrals-made", "Referrals made to other services", "Aiguillages vers d'autres services", "protect", None, "referrals"),
]
ILIF_ONLY = [
    ("cultural-sessions", "Culturally grounded healing sessions held", "Séances de guérison ancrées dans la culture", "support", "indigenous", "sessions"),
]


def seed(apps, schema_editor):
    Fund, Pillar, Population, Indicator = (
        apps.get_model("grants", "Fund"),
        apps.get_model("grants", "Pillar"),
        apps.get_model("grants", "Population"),
        apps.get_model("reporting", "Indicator"),
    )
    pillars = {p.code: p for p in Pillar.objects.all()}
    populations = {p.code: p for p in Population.objects.all()}
    for fund in Fund.objects.filter(code__in=["CSF", "ILIF"]):
        rows = COMMON + (ILIF_ONLY if fund.code == "ILIF" else [])
        for position, (code, en, fr, pillar, population, unit) in enumerate(rows):
            if pillar not in pillars:
                continue
            Indicator.objects.get_or_create(
                fund=fund,
                code=code,
                defaults={
                    "name_en": en,
                    "name_fr": fr,
                    "pillar": pillars[pillar],
                    "population": populations.get(population),
                    "unit": unit,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial"), ("grants", "0002_reference_data")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
