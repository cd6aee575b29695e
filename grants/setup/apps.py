from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupConfig(AppConfig):
    """Staff set up a call in the portal: its fields, required documents, rubric and fiscal-year envelopes, and
    publish it once complete. It writes to three stages (calls, rubrics, envelopes), so it sits above them all
    (pyproject.toml's layers)."""

    name = "grants.setup"
    label = "setup"
    verbose_name = _("Call set-up")
