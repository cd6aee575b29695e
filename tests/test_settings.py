"""The settings as shipped: the embedded defaults, and production's `check --deploy`.

Both run in a fresh interpreter with a clean environment, because the test process's own settings are
overridden (test database, in-memory e-mail) and may point at PostgreSQL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTAL_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "EMAIL_BACKEND",
    "SITE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CSRF_TRUSTED_ORIGINS",
    "MFA_ENCRYPTION_KEY",
    "REDIS_URL",
    "TRUSTED_PROXY_COUNT",
    "TRUSTED_CLIENT_IP_HEADER",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests in this process; never in deployment
)


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PORTAL_VARIABLES and not k.startswith("AWS_")}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="False",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-for-the-test",
        ALLOWED_HOSTS="grants.example.ca",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], DEBUG="False", ALLOWED_HOSTS="grants.example.ca")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


DEFAULTS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "email": settings.EMAIL_BACKEND,
    "time_zone": settings.TIME_ZONE,
    "use_tz": settings.USE_TZ,
    "languages": [code for code, _ in settings.LANGUAGES],
    "language": settings.LANGUAGE_CODE,
    "debug": settings.DEBUG,
    "user_model": settings.AUTH_USER_MODEL,
    "verification": settings.ACCOUNT_EMAIL_VERIFICATION,
    "cache": settings.CACHES["default"]["BACKEND"],
    "tasks": settings.TASKS["default"]["BACKEND"],
}))
"""


def test_debug_is_off_unless_set():
    result = run(["-c", DEFAULTS])

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr  # production settings, which need a key
    result = run(["-c", DEFAULTS], SECRET_KEY="x" * 50, ALLOWED_HOSTS="grants.example.ca")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False


def test_with_debug_the_defaults_run_the_embedded_demo():
    result = run(["-c", DEFAULTS], DEBUG="True")

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["time_zone"] == "America/Toronto"
    assert values["use_tz"] is True
    assert values["languages"] == ["en", "fr"]
    assert values["language"] == "en"
    assert values["debug"] is True
    assert values["user_model"] == "grants.User"
    assert values["verification"] == "mandatory"
    # Counts every worker shares, and a task queue that needs no other service.
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"


def test_redis_keeps_the_shared_counts_when_configured():
    result = run(["-c", DEFAULTS], DEBUG="True", REDIS_URL="redis://127.0.0.1:6379/0")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cache"] == "django.core.cache.backends.redis.RedisCache"
