"""What the in-process benchmarks share: Django set up on a throw-away test database (a fresh SQLite file under
/tmp unless DATABASE_URL names another server), with the test client's settings. Call start() before importing
the portal."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def start(prefix: str, *, debug: bool | None = None) -> str:
    """Set Django up for a benchmark named `prefix`; returns the test database's name, for destroy_test_db()."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # The development settings these benchmarks were measured with (DEBUG now defaults to off, which asks for a
    # secret key, HTTPS and collected static files); a benchmark that wants DEBUG off at run time passes debug=False.
    os.environ.setdefault("DEBUG", "True")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix=f'{prefix}-')}/bench.sqlite3"

    import django

    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix=f"{prefix}-media-")
    if debug is not None:
        settings.DEBUG = debug
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
