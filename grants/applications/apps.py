from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "grants.applications"
    label = "applications"
    verbose_name = _("Calls and applications")

    def ready(self):
        from grants.applications.documents import ApplicationOwner
        from grants.documents.owners import register

        register(ApplicationOwner)
