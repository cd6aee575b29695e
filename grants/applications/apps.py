from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Calls and applications; registers applications as owners of documents once the apps are loaded."""

    name = "grants.applications"
    label = "applications"
    verbose_name = _("Calls and applications")

    def ready(self):
        # Read once every app's models are loaded, which apps.py itself is imported before.
        from grants.applications.documents import ApplicationOwner
        from grants.documents.owners import register

        register(ApplicationOwner)
