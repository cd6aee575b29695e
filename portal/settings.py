"""Settings for the grants portal, read from the environment (django-environ).

DEBUG is off unless set: production needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and the AWS_* variables, and
the security settings below are on so that `manage.py check --deploy` is clean. With DEBUG=True (`make run`, the
test suite) the defaults run the embedded demo: SQLite, local file storage, console e-mail.
"""

from decimal import Decimal
from pathlib import Path

import environ
from csp import constants as csp
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "formtools",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "grants.kernel.apps.TaskQueueConfig",  # django_tasks_db, named for the back office
    # The portal's apps, lowest layer first (the import-linter contracts in pyproject.toml keep that order).
    "grants.kernel",
    "grants.accounts",
    "grants.organizations",
    "grants.documents",
    "grants.applications",
    "grants.conversations",
    "scoring",
    "grants.awards",
    "reporting",
    "grants.publishing",
    "grants.workspace",
    "grants.setup",
]

MIDDLEWARE = [
    # First: a load balancer's probe is answered before the host check and the HTTPS redirect.
    "portal.health.HealthCheckMiddleware",
    "grants.kernel.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Control characters out of addresses, query strings, cookies and posted text (grants/kernel/inputs.py).
    "grants.kernel.inputs.InputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Role names from the session while the user's access_version is unchanged (grants/organizations/access.py).
    "grants.organizations.access.RoleNamesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "grants.documents.csp.PortalCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "grants.accounts.mfa.StaffMFAMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "grants.organizations.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Seconds a worker keeps its database connection between requests (0: a new one per request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "grants.User"
# Permissions come from `rules` only; signing in is allauth's (grants/accounts/backends.py drops the model
# permission lookups).
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "grants.accounts.backends.EmailAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "grants:dashboard"

# django-allauth: e-mail is the identity; it must be verified before the first sign-in.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_SIGNUP_FORM_CLASS = "grants.accounts.forms.SignupProfileForm"
# allauth's e-mails (verification, password reset) go through the task queue, in the recipient's language.
ACCOUNT_ADAPTER = "grants.accounts.adapter.AccountAdapter"
# allauth's throttles count in the shared cache (CACHES below), so every web worker sees the same counts. Failed
# sign-ins are limited per account only: a per-address limit would let one person lock out everyone who shares
# that address (an office, or every user behind a proxy whose client address is not configured below).
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key"}
# The client's address, for the per-address limits (sign-in attempts, sign-ups, password resets): behind a proxy,
# either the number of proxies that append to X-Forwarded-For (TRUSTED_PROXY_COUNT, e.g. 1 behind one load
# balancer) or the header a trusted proxy sets to the client's address (TRUSTED_CLIENT_IP_HEADER, e.g.
# X-Real-IP). Without them every request seems to come from the proxy, and these limits would apply to everyone.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None

# allauth.mfa: a code from an authenticator app after the password, with recovery codes for a lost phone.
# No WebAuthn (security keys, passkeys).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP secrets and recovery-code seeds are stored encrypted (Fernet) by this adapter, under MFA_ENCRYPTION_KEY
# when set (a Fernet key), else under a key derived from SECRET_KEY: changing SECRET_KEY without setting
# MFA_ENCRYPTION_KEY makes every authenticator unreadable, and everyone has to set up their app again.
MFA_ADAPTER = "grants.accounts.mfa.MFAAdapter"
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="")
MFA_TOTP_ISSUER = "Ontario AHT Grants Portal"
MFA_FORMS = {
    "authenticate": "grants.accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "grants.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "grants.accounts.forms.MFAActivateTOTPForm",
}
# Staff and reviewers (any role group, is_staff or is_superuser) must activate an authenticator app before
# they can open any other page (grants/accounts/mfa.py); applicants may opt in from their account's security page.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
# The portal's catalog first, then allauth's strings in the portal's wording (scripts/allauth_wording.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The Ontario Design System is installed by npm (package.json) and served from here, never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("ontario", BASE_DIR / "node_modules" / "@ongov" / "ontario-design-system-global-styles" / "dist"),
]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# No URL pattern serves this prefix: documents are only reached through permission-checked download views.
MEDIA_URL = "/unserved-media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    # Applicants' documents (grants/documents/): files under MEDIA_ROOT, readable by this user only and
    # served by no URL, unless a bucket is configured below.
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
}

# With a bucket name, documents live in that private S3 bucket (any S3-compatible service through the
# endpoint URL). Credentials come from the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or the
# instance's role. Browsers upload straight to the bucket with presigned POSTs, so the bucket needs a
# CORS rule allowing POST from SITE_URL. Every URL handed out is presigned and short-lived.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config as BotocoreConfig

    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env.str("AWS_S3_REGION_NAME", default="ca-central-1"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            # An unreachable store must fail within seconds, so the page can say uploads are unavailable.
            "client_config": BotocoreConfig(
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="auto")},
            ),
            # Files posted through the portal (no JavaScript) go on to the bucket one 8 MB part at a time,
            # so the web process holds one part of a file, not the ten parts of boto3's threaded default.
            "transfer_config": TransferConfig(multipart_chunksize=8 * 1024 * 1024, use_threads=False),
        },
    }
# The largest document accepted, in bytes (the presigned POST's policy and the portal's own check).
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=25 * 1024 * 1024)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Anti-Human Trafficking Grants <grants@ontario.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Open data (grants/publishing): the prefix 360Giving assigns to the publisher, the funder's identifier and name,
# the licence of the files, and the agreement value above which a grant is published one by one (smaller ones
# appear only in a summary with small counts suppressed; $25,000 is the federal proactive-disclosure threshold).
OPEN_DATA_360G_PREFIX = env.str("OPEN_DATA_360G_PREFIX", default="360G-ONAHT")
OPEN_DATA_FUNDER_ID = env.str("OPEN_DATA_FUNDER_ID", default="360G-ONAHT-MCCSS")
OPEN_DATA_FUNDER_NAME = env.str(
    "OPEN_DATA_FUNDER_NAME", default="Ontario Ministry of Children, Community and Social Services"
)
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://www.ontario.ca/page/open-government-licence-ontario"
)
OPEN_DATA_INDIVIDUAL_THRESHOLD = Decimal(env.str("OPEN_DATA_INDIVIDUAL_THRESHOLD", default="25000"))

# A mail server that does not answer fails the attempt after this many seconds (the task is retried).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Background work (django-tasks): e-mails and slow jobs are tasks, enqueued in the transaction of the change they
# belong to. The default backend keeps them in this database (django-tasks-db); `manage.py db_worker` runs them.
# A larger deployment may switch the backend (e.g. django-tasks-rq on Redis) here without touching the code that
# enqueues: see README, "Running in production".
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Waits, in seconds, before each new attempt of a task that failed for a passing reason (the mail server down):
# six more attempts over about 11 hours; then it stays failed, in the back office, until someone re-runs it.
TASK_RETRY_DELAYS = env.list("TASK_RETRY_DELAYS", cast=int, default=[60, 300, 1200, 3600, 3 * 3600, 6 * 3600])
# A task still running after this many seconds is taken for one whose worker stopped (tasks here take seconds): the
# back office offers to re-run it.
TASK_STUCK_AFTER = env.int("TASK_STUCK_AFTER", default=3600)
# The health check reports the queue unhealthy when a task ready to run has waited longer than this (no worker).
HEALTH_QUEUE_MAX_AGE = env.int("HEALTH_QUEUE_MAX_AGE", default=300)

# What every web worker and the task worker must count together (allauth's throttles, the document store's
# availability): in the database by default (`manage.py createcachetable`, run by the migrations), or in Redis
# when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}

# Organization invitations expire after this many days.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# Content-Security-Policy (django-csp; grants/documents/csp.py adds the documents bucket for direct uploads):
# everything from the portal itself, no inline script or style, no frame, no plug-in. The QR code of the
# authenticator set-up is an inline SVG image (data:).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.NONE],
        "object-src": [csp.NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Cookies only over HTTPS. SECURE_COOKIES=False is for `make serve` and the benchmark, over plain HTTP on
    # this machine; never in production.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# One JSON object per line on standard error, each with the id of the request it belongs to (LOG_FORMAT=text for
# plain lines while developing).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "grants.kernel.logs.RequestIdFilter"},
        "refusal": {"()": "grants.kernel.logs.RefusalFilter"},
    },
    "formatters": {
        "json": {"()": "grants.kernel.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env.str("LOG_FORMAT", default="text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print each of its lines a second time beside ours.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"filters": ["refusal"]},
        # The task worker's own lines (task started, finished, failed) and the portal's.
        "django.tasks": {"level": env.str("TASKS_LOG_LEVEL", default="INFO")},
        "django_tasks_db": {"level": env.str("TASKS_LOG_LEVEL", default="INFO")},
        "grants": {"level": env.str("PORTAL_LOG_LEVEL", default="INFO")},
    },
}
