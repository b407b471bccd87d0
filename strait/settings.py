"""Django settings: defaults in code, identity and secrets from the node home or environment.

See strait/node.py for where each value comes from. Production mode refuses to start without its
required values (secret key, node.toml).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from strait import node

NODE = node.load()
BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = NODE.secret_key
DEBUG = NODE.mode == "development"
ALLOWED_HOSTS = list(NODE.allowed_hosts) + ["testserver"] * (not NODE.is_production)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "strait.web",
    "strait.agencies",
    "strait.accounts",
    "strait.audit",
    "strait.workqueue",
    "strait.notifications",
    "strait.federation",
    "strait.exchange",
    "strait.entities",
    "strait.decisions",
    "strait.checks",
    "strait.sharing",
    "strait.operations",
    "strait.approvals",
    "strait.alerts",
    "strait.situation",
    "strait.governance",
    "strait.ports",
    "strait.transit",
    "strait.events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "strait.web.middleware.PageSlotsMiddleware",
    "strait.web.middleware.RequestIdMiddleware",
    "strait.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "strait.accounts.middleware.SessionLifetimeMiddleware",
    "strait.accounts.middleware.UserTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "strait.urls"
WSGI_APPLICATION = "strait.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "strait.web.context.node",
            ],
        },
    }
]

DATABASES = {"default": dj_database_url.parse(NODE.database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the worker share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses authentication for locked-out usernames before any password check.
    "axes.backends.AxesStandaloneBackend",
    "strait.accounts.backends.NormalisedUsernameBackend",
]
PASSWORD_HASHERS = ["strait.accounts.hashers.StraitArgon2idHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"

# Sessions: server-side rows; idle expiry by refreshing the row on every request (AUTH-03),
# absolute expiry by SessionLifetimeMiddleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = NODE.is_production
CSRF_COOKIE_SECURE = NODE.is_production
LANGUAGE_COOKIE_SECURE = NODE.is_production
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

# Login throttling and lockout (AUTH-02): per normalised username, whatever the HTTP method.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Not per IP as well: a port station or embassy shares one address, and an IP lockout would
# let one mistyped password lock out the whole station. Per-username covers AUTH-02.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "strait.accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "strait.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

OTP_TOTP_ISSUER = f"Strait {NODE.code}"
OTP_TOTP_TOLERANCE = 1

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if NODE.is_production:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("en", _("English")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = NODE.home / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if NODE.mode != "production":
    # Serve straight from the app folders so `strait serve` needs no collectstatic step.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Federation delivery (strait/federation/delivery.py). The environment overrides exist for the
# fault tests and benchmarks, which want small batches and a fast back-off.
FEDERATION_BATCH_SIZE = int(os.environ.get("STRAIT_FEDERATION_BATCH_SIZE", "400"))
# How long one inbox request applies envelopes before it answers for those applied (inbox.py).
FEDERATION_INBOX_SECONDS = float(os.environ.get("STRAIT_FEDERATION_INBOX_SECONDS", "10"))
FEDERATION_BACKOFF_BASE = float(os.environ.get("STRAIT_FEDERATION_BACKOFF_BASE", "1.0"))
# How often a peer backed off because it did not answer is asked whether it is back.
FEDERATION_PROBE_SECONDS = float(os.environ.get("STRAIT_FEDERATION_PROBE_SECONDS", "5"))

# A peer's batches of checks, in items per minute (strait/checks/batch_federation.py); the
# environment override is for the benchmarks (benchmarks/ports.py: a peak day's sailings).
CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE = int(
    os.environ.get("STRAIT_CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE", "10000")
)

# Notifications (strait/notifications): how often an open page asks for news, and when an item
# still waiting for its partner node is "not delivered yet" (exchange/delivery.py).
NOTIFICATIONS_POLL_SECONDS = int(os.environ.get("STRAIT_NOTIFICATIONS_POLL_SECONDS", "10"))
# Push (strait/notifications/push.py): open streams per worker process (beyond it a page keeps
# polling; `strait serve --streams` raises the threads to match), how often each process looks
# for new notifications, how long a stream lasts before the browser reconnects (and its session
# is checked again), how often a waiting stream says it is still there, the browser's retry.
NOTIFICATIONS_STREAM_MAX = int(os.environ.get("STRAIT_NOTIFICATIONS_STREAM_MAX", "50"))
NOTIFICATIONS_STREAM_POLL_SECONDS = float(
    os.environ.get("STRAIT_NOTIFICATIONS_STREAM_POLL_SECONDS", "0.25")
)
NOTIFICATIONS_STREAM_SECONDS = float(os.environ.get("STRAIT_NOTIFICATIONS_STREAM_SECONDS", "60"))
NOTIFICATIONS_STREAM_HEARTBEAT_SECONDS = 15.0
# Requests of one process at work at once (strait/web/middleware.py PageSlotsMiddleware):
# `strait serve` sets it to --threads; None (tests, runserver) is no limit.
PAGE_THREADS: int | None = None
NOTIFICATIONS_STREAM_RETRY_SECONDS = 1.0
DELIVERY_LATE_URGENT_SECONDS = int(os.environ.get("STRAIT_DELIVERY_LATE_URGENT_SECONDS", "120"))
DELIVERY_LATE_SECONDS = int(os.environ.get("STRAIT_DELIVERY_LATE_SECONDS", "900"))

# E-mail of notifications. The demo writes each e-mail to a file under the node home, a
# development node prints it; production sends through the SMTP server the environment names.
if NODE.is_production:
    _email_backend = "django.core.mail.backends.smtp.EmailBackend"
elif NODE.mode == "demo":
    _email_backend = "django.core.mail.backends.filebased.EmailBackend"
else:
    _email_backend = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = os.environ.get("STRAIT_EMAIL_BACKEND", _email_backend)
EMAIL_FILE_PATH = str(NODE.home / "mail")
EMAIL_HOST = os.environ.get("STRAIT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("STRAIT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("STRAIT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("STRAIT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("STRAIT_EMAIL_TLS", "") in ("1", "true", "yes")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("STRAIT_EMAIL_FROM", f"strait@{NODE.code}.invalid")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"axes": {"level": "WARNING"}},
}
