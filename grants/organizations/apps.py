from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """People and organizations. Its label stays `grants`, the app these models were first created in: the
    user model is `grants.User` and the tables keep their names."""

    name = "grants.organizations"
    label = "grants"
    verbose_name = _("People and organizations")

    def ready(self):
        from grants.organizations import access  # noqa: F401  (its receivers)
