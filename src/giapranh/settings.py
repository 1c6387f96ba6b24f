"""Django settings for GiapRanh.

Everything that differs between machines comes from the environment through the
small typed helpers below; nothing secret is hard-coded for production.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GIAPRANH_VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("GIAPRANH_DEBUG", False)
# The development key only exists so that `make demo` works out of the box;
# a deployment sets GIAPRANH_SECRET_KEY (checked by `giapranh check --deploy`).
SECRET_KEY = env_str("GIAPRANH_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = env_list("GIAPRANH_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("GIAPRANH_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "js_lib_leaflet",  # Leaflet's files in our static files (maps without a CDN)
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "giapranh.core",
    "giapranh.territory",
    "giapranh.accounts",
    "giapranh.people",
    "giapranh.incidents",
    "giapranh.reports",
    "giapranh.exchange",
    "giapranh.community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "giapranh.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "giapranh.core.api_middleware.ApiContentTypeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "giapranh.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "giapranh.accounts.middleware.SessionTimeoutMiddleware",
    "giapranh.accounts.middleware.TwoStepRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "giapranh.urls"
WSGI_APPLICATION = "giapranh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "giapranh.navigation.navigation",
                "giapranh.accounts.context.session_limits",
            ],
        },
    },
]


def database_config() -> dj_database_url.DBConfig:
    """DATABASE_URL selects the database; unset, it is the SQLite file under var/."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'giapranh.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # WAL lets readers and one writer work at once; IMMEDIATE avoids
        # "database is locked" when two requests upgrade a read to a write.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
        config["TEST"] = {"NAME": None}
    return config


DATABASES = {"default": database_config()}


def shared_cache_config() -> dict[str, Any]:
    """A cache every worker process reads (the Excel import's progress): a folder under var/ by default.

    GIAPRANH_SHARED_CACHE: a folder, or a `redis://host:port/db` URL (Django's Redis backend; needs the
    `redis` package). Not the database cache: an import writes in one transaction, and progress written
    through the same connection would stay invisible to other processes until it commits.
    """
    value = env_str("GIAPRANH_SHARED_CACHE", "")
    if value.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": value or str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }


CACHES = {
    # Per process, as Django's default: nothing shared is kept there.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": shared_cache_config(),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out: 5 consecutive failures per *username* for 15 minutes. A whole commune
# office shares one router, so locking by IP would lock out colleagues.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password"]
# Locking by username only is deliberate (see above), so axes' advice to add the IP is silenced.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Two-step sign-in (accounts.mfa): required for the roles in accounts.models.MFA_REQUIRED_ROLES.
# Only a test suite or a first demo turns the requirement off; anyone who has set up an
# authenticator is always asked for a code.
MFA_REQUIRED = env_bool("GIAPRANH_MFA_REQUIRED", True)
OTP_TOTP_ISSUER = "GiapRanh"

# Sessions: 12 hours in all (cookie age), 30 minutes idle (SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("GIAPRANH_SECURE_COOKIES", False)

# Exchange notifications are in-app; with a mail server configured (Django's EMAIL_* settings,
# e.g. EMAIL_BACKEND / EMAIL_HOST), they are also mailed. Nothing requires the internet.
GIAPRANH_NOTIFY_BY_EMAIL = env_bool("GIAPRANH_NOTIFY_BY_EMAIL", False)
EMAIL_BACKEND = env_str("GIAPRANH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("GIAPRANH_EMAIL_HOST", "localhost")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind HTTPS (see docs/operations.md): redirect plain HTTP, then tell browsers to use HTTPS only.
SECURE_SSL_REDIRECT = env_bool("GIAPRANH_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env_str("GIAPRANH_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GIAPRANH_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("GIAPRANH_HSTS_PRELOAD", False)
# The reverse proxy terminates TLS and says so in X-Forwarded-Proto; trust it only when told to.
if env_bool("GIAPRANH_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Scripts only from our own origin: no inline script, no eval (core.middleware.SecurityHeadersMiddleware).
# Inline *styles* stay allowed: htmx and the admin set style attributes; they cannot run code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["giapranh.formats"]

# Attached files live outside the web root and have no URL: they are served only
# through the record's access rule (core.attachments), each download logged.
MEDIA_ROOT = Path(env_str("GIAPRANH_FILES_DIR", str(VAR_DIR / "files")))
GIAPRANH_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (app.3f2a….js): WhiteNoise serves them compressed with a year-long immutable cache.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("GIAPRANH_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50

# A history row's reason carries many-to-many changes (core.services), longer than 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Access log (core.audit): rows are sealed with an HMAC whose key lives outside the
# database, and the newest sealed row is also written to an anchor file outside the
# database, so neither a database administrator nor a restored old copy can cut or
# rewrite the chain unnoticed. Without the variables, development files under var/.
AUDIT_KEY_FILE = Path(env_str("GIAPRANH_AUDIT_KEY_FILE", str(VAR_DIR / "audit.key")))
AUDIT_ANCHOR_FILE = Path(env_str("GIAPRANH_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchor.log")))
# A missing key file is generated only for the development default; a deployment that
# names the file must provide it (a new key would orphan every row already sealed).
AUDIT_KEY_GENERATE = "GIAPRANH_AUDIT_KEY_FILE" not in os.environ

# API tokens expire; `giapranh token create --days N` picks another lifetime.
API_TOKEN_DEFAULT_DAYS = 90

