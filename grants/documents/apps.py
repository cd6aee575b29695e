from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Files of any owner: each owner's app registers its kind (grants/documents/owners.py) from its ready()."""

    name = "grants.documents"
    label = "documents"
    verbose_name = _("Documents")
