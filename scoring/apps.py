from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Review and scoring")

    def ready(self):
        # Imported here: the rules read the models, which exist only once the app registry is ready.
        from grants.documents.owners import register_viewer
        from scoring.rules import is_assigned_non_conflicted_reviewer_of_document

        # Assigned reviewers who declared no conflict may download the submitted versions of the application.
        register_viewer("application", is_assigned_non_conflicted_reviewer_of_document)
