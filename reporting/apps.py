from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Progress reporting")

    def ready(self):
        from grants.documents.owners import register
        from reporting.documents import ReportOwner

        register(ReportOwner)  # reports' attachments use the documents app's flow
