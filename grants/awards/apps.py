from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """Decisions, awards, agreements, reporting periods and payments."""

    name = "grants.awards"
    label = "awards"
    verbose_name = _("Decisions and awards")
