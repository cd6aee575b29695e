"""Where private files live: Django's storage alias "documents" (portal/settings.py), local disk or a private S3
bucket, served by no URL."""

from django.core.files.storage import storages


def private_storage():
    """The storage of files only permission-checked views hand out (documents, accepted agreements)."""
    return storages["documents"]
