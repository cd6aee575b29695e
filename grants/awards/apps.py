from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """Decisions, awards, agreements, reporting periods and payments."""

    name = "grants.awards"
    label = "awards"
    verbose_name = _("Decisions and awards")

    def ready(self):
        # Imported once the app registry is ready: the subject imports models.
        from grants.awards.conversations import AwardSubject
        from grants.conversations.subjects import register

        register(AwardSubject)  # awards have a conversation on the record
