"""The two funds, the strategy's pillars, populations, Ontario regions, document types and the role groups."""

from django.db import migrations

FUNDS = [
    {
        "code": "CSF",
        "name_en": "Community Supports Fund",
        "name_fr": "Fonds de soutien communautaire",
        "description_en": (
            "Funds community organizations that prevent human trafficking, intervene early and support "
            "survivors, with a focus on children and youth."
        ),
        "description_fr": (
            "Finance des organismes communautaires qui préviennent la traite des personnes, interviennent "
            "tôt et soutiennent les personnes survivantes, en particulier les enfants et les jeunes."
        ),
        "requires_indigenous_led": False,
    },
    {
        "code": "ILIF",
        "name_en": "Indigenous-led Initiatives Fund",
        "name_fr": "Fonds pour les initiatives dirigées par des Autochtones",
        "description_en": (
            "Funds Indigenous-led, culturally responsive services that prevent human trafficking and "
            "support Indigenous survivors, families and communities."
        ),
        "description_fr": (
            "Finance des services dirigés par des Autochtones et adaptés à leur culture qui préviennent la "
            "traite des personnes et soutiennent les personnes survivantes, familles et communautés autochtones."
        ),
        "requires_indigenous_led": True,
    },
]

PILLARS = [
    ("awareness", "Raise awareness", "Sensibiliser"),
    ("protect", "Protect victims and intervene early", "Protéger les victimes et intervenir tôt"),
    ("support", "Support survivors", "Soutenir les personnes survivantes"),
    ("accountability", "Hold offenders accountable", "Tenir les contrevenants responsables"),
]
POPULATIONS = [
    ("children-youth", "Children and youth", "Enfants et jeunes"),
    ("indigenous", "Indigenous people", "Personnes autochtones"),
    ("women-girls", "Women and girls", "Femmes et filles"),
    ("2slgbtqqia", "2SLGBTQQIA+ people", "Personnes 2ELGBTQQIA+"),
    ("newcomers", "Newcomers and migrant workers", "Nouveaux arrivants et travailleurs migrants"),
    ("persons-disabilities", "People with disabilities", "Personnes handicapées"),
    ("families", "Families and caregivers", "Familles et personnes aidantes"),
    ("professionals", "Service providers and professionals", "Fournisseurs de services et professionnels"),
]
REGIONS = [
    ("toronto", "Toronto", "Toronto"),
    ("central", "Central", "Centre"),
    ("east", "East", "Est"),
    ("west", "West", "Ouest"),
    ("north-east", "North East", "Nord-Est"),
    ("north-west", "North West", "Nord-Ouest"),
]
DOCUMENT_TYPES = [
    ("budget-workbook", "Budget workbook", "Classeur budgétaire"),
    ("financial-statements", "Financial statements", "États financiers"),
    ("letters-of-support", "Letters of support", "Lettres d'appui"),
    ("board-resolution", "Board resolution", "Résolution du conseil d'administration"),
    ("insurance", "Proof of insurance", "Preuve d'assurance"),
]
GROUPS = ["reviewer", "program_officer", "administrator"]


def forwards(apps, schema_editor):
    for fund in FUNDS:
        apps.get_model("grants", "Fund").objects.update_or_create(code=fund["code"], defaults=fund)
    for model, rows in (("Pillar", PILLARS), ("Population", POPULATIONS), ("Region", REGIONS), ("DocumentType", DOCUMENT_TYPES)):
        Model = apps.get_model("grants", model)
        for position, (code, en, fr) in enumerate(rows):
            Model.objects.update_or_create(code=code, defaults={"name_en": en, "name_fr": fr, "position": position})
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
