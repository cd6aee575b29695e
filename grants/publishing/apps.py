from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What the public sees: the directory of funded services and the open data of awarded grants (Government
    of Canada proactive disclosure and 360Giving), under the organizations' consent and safety choices. It has
    no models: it reads awards and organizations and writes nothing."""

    name = "grants.publishing"
    label = "publishing"
    verbose_name = _("Public directory and open data")
