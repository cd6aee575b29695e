from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """Each person's home by role, staff's work queues, search and organization directory: pages composed from
    every stage's selectors, so this app sits above them all (pyproject.toml's layers)."""

    name = "grants.workspace"
    label = "workspace"
    verbose_name = _("Workspace")
