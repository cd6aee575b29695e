"""Progress reporting: reports on awards, reminders, staff review, the portfolio and its exports, the
organization's data archive."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Progress reporting")

    def ready(self):
        # Imported once the app registry is ready: reporting.documents imports models.
        from grants.conversations.subjects import register as register_subject
        from grants.documents.owners import register
        from reporting.conversations import ReportSubject
        from reporting.documents import ReportOwner

        register(ReportOwner)  # reports' attachments use the documents app's flow
        register_subject(ReportSubject)  # reports have a conversation on the record
