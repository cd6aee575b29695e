"""The document types a progress report takes as attachments (grants.DocumentType, used for reports)."""

from django.db import migrations

# (code, English, French, files allowed, English description, French description)
TYPES = [
    (
        "report-financial-statement",
        "Financial statement",
        "État financier",
        1,
        "Required with the final report: revenue and expenditures of the whole project, signed by an officer "
        "of the organization.",
        "Obligatoire avec le rapport final : revenus et dépenses de tout le projet, signés par un dirigeant de "
        "l'organisme.",
    ),
    (
        "report-supporting",
        "Supporting documents",
        "Pièces justificatives",
        10,
        "Optional: materials produced, agendas, training outlines, evaluation summaries. Never a document that "
        "names or could identify a survivor, participant or client.",
        "Facultatif : documents produits, ordres du jour, plans de formation, sommaires d'évaluation. Jamais un "
        "document qui nomme une personne survivante, participante ou cliente, ou qui permettrait de la reconnaître.",
    ),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("grants", "DocumentType")
    for position, (code, en, fr, max_files, description_en, description_fr) in enumerate(TYPES, start=100):
        DocumentType.objects.update_or_create(
            code=code,
            defaults={
                "name_en": en,
                "name_fr": fr,
                "max_files": max_files,
                "description_en": description_en,
                "description_fr": description_fr,
                "used_for": "report",
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_report_steps"), ("grants", "0005_document_type_used_for")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
