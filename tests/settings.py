"""The settings the test suite runs on: the development defaults (DEBUG=True: SQLite unless DATABASE_URL is set,
console e-mail, no HTTPS redirect). The production settings are tested as shipped, in a fresh interpreter
(tests/test_settings.py)."""

import os

os.environ.setdefault("DEBUG", "True")

from portal.settings import *  # noqa: E402,F403
