"""Settings, read from the environment.

Production is the default: DEBUG is off, cookies are secure, TLS is required. The demo command
switches to its own relaxed settings through ``COPILOTE_DEMO=1`` (plain HTTP on 127.0.0.1).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("COPILOTE_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEMO = env_bool("COPILOTE_DEMO")
TESTING = env_bool("COPILOTE_TESTING")
DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Commands (``--help``, programme, document, person…) run without a secret key on a development
# machine. Serving the application needs one: ``copilote serve``, the WSGI application and
# ``check --deploy`` refuse to go on without it, with a message saying what to set.
SECRET_KEY_MISSING = not SECRET_KEY and not (DEMO or DEBUG or TESTING)
if not SECRET_KEY:
    SECRET_KEY = "insecure-local-only-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEMO or DEBUG) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First: its registration/ templates (password pages in the app's look) win over the admin's.
    "copilote.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "copilote.core",
    "copilote.kit",
    "copilote.programmes",
    "copilote.actors",
    "copilote.planning",
    "copilote.documents",
    "copilote.governance",
    "copilote.events",
    "copilote.workgroups",
    "copilote.composition",
    "copilote.results",
    "copilote.assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "copilote.core.middleware.AdminScopeMiddleware",
    "copilote.core.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it answers the lockout page for a locked account or address.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "copilote.urls"
WSGI_APPLICATION = "copilote.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "copilote.programmes.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite (WAL) under var/ by default, PostgreSQL through DATABASE_URL.
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'copilote.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt for a locked account or address before checking it.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or
# from one address, that account or address is locked for COPILOTE_LOCKOUT_MINUTES; a success
# resets the count. The attempts live in the database, so every app server shares them.
AXES_FAILURE_LIMIT = int(os.environ.get("COPILOTE_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("COPILOTE_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "copilote.core.security.lockout"
AXES_CLIENT_IP_CALLABLE = "copilote.core.security.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # keep failures only, not every login
AXES_VERBOSE = False  # no user name or address in the logs
# Password reset mails: at most this many per address and per client address per hour.
COPILOTE_RESET_MAILS_PER_HOUR = int(os.environ.get("COPILOTE_RESET_MAILS_PER_HOUR", "3"))

# Sessions end after COPILOTE_SESSION_HOURS (default 8: a working day) of the last login.
SESSION_COOKIE_AGE = int(float(os.environ.get("COPILOTE_SESSION_HOURS", "8")) * 3600)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or DEMO or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO or TESTING

# Security: secure by default, relaxed only for the local demo over plain HTTP.
SECURE = not (DEBUG or DEMO or TESTING)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
# Behind a reverse proxy that terminates TLS (COPILOTE_BEHIND_PROXY=1), trust its
# X-Forwarded-Proto and X-Forwarded-For headers; never otherwise (a client could forge them).
BEHIND_PROXY = env_bool("COPILOTE_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEMO or DEBUG)
    else "django.core.mail.backends.smtp.EmailBackend",
)
# With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (benchmarks): the directory.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Copilote <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Retention periods in days, per kind of data (core.purge, ``copilote purge``), e.g.
# COPILOTE_RETENTION_DAYS="mailings=365,survey-links=365"; unnamed kinds keep their default.
COPILOTE_RETENTION_DAYS = {
    key.strip(): int(days)
    for key, _sep, days in (item.partition("=") for item in env_list("COPILOTE_RETENTION_DAYS", ""))
    if key.strip() and days.strip()
}
# A failed mailing is tried again after each of these delays (seconds), then recorded as failed.
COPILOTE_MAIL_RETRY_DELAYS = tuple(
    int(s) for s in env_list("COPILOTE_MAIL_RETRY_DELAYS", "10,60,300")
)
# A directory import still « being read » this many minutes after its upload is taken as lost
# (its worker stopped): the page says so and offers to upload the file again.
COPILOTE_IMPORT_STALE_MINUTES = int(os.environ.get("COPILOTE_IMPORT_STALE_MINUTES", "10"))

# One cache shared by every process and host (the public pages' rate limit counts there):
# Django's database cache, whose table the events app's migrations create. The bench of the
# registrations turns the limit off with RATELIMIT_ENABLE=0 (one client address sends it all).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "copilote_cache",
    }
}
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# The client address that rate limits and login throttling count (core.security.client_ip):
# REMOTE_ADDR; behind a proxy (COPILOTE_BEHIND_PROXY) the last X-Forwarded-For hop; or the header
# named by RATELIMIT_IP_META_KEY (e.g. HTTP_X_REAL_IP) when the proxy fills one.
CLIENT_IP_HEADER = os.environ.get("RATELIMIT_IP_META_KEY") or ""
RATELIMIT_IP_META_KEY = "copilote.core.security.client_ip"

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if (DEMO or TESTING)
            else "django_tasks_db.backend.DatabaseBackend"
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
