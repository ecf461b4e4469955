"""Django settings for Krampe, read from the environment (see krampe.config)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from krampe import config

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key()
DEBUG = config.env_bool("KRAMPE_DEBUG", default=False)
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = config.env_list("KRAMPE_ALLOWED_HOSTS", LOCAL_HOSTS)

# The public address (KRAMPE_SITE_URL) and the proxy in front (KRAMPE_BEHIND_PROXY).
SITE = config.site()
SITE_URL = SITE.url if SITE is not None else ""
BEHIND_PROXY = config.env_bool("KRAMPE_BEHIND_PROXY", default=False)
if SITE is not None:
    if SITE.host not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(SITE.host)
    CSRF_TRUSTED_ORIGINS = [SITE.origin]
if BEHIND_PROXY:
    # Only the proxy reaches the app (see README), so its word on the scheme is trusted;
    # the WSGI layer (krampe.web.front) takes the client address from X-Forwarded-For.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if SITE is not None and SITE.https:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # A load balancer's health check may speak plain http to the app.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading commits the whole domain to https in every browser, for months: the
    # domain's owner decides (KRAMPE_HSTS_PRELOAD); without it the check's hint is moot.
    SECURE_HSTS_PRELOAD = config.env_bool("KRAMPE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Errors with tracebacks and the `krampe` logger (failed logins, lockouts) to stderr;
# server errors by mail to KRAMPE_ADMINS when a mail server is set.
ADMINS = [("", address) for address in config.env_list("KRAMPE_ADMINS", [])]
# Mail: password reset links, and error mails to ADMINS. Without KRAMPE_EMAIL_URL
# nothing leaves the machine: the console back end writes each mail to the server's
# output (not to ADMINS: see django.request below), and the reset pages say so.
SERVER_EMAIL = config.env_str("KRAMPE_SERVER_EMAIL", "krampe@localhost")
DEFAULT_FROM_EMAIL = SERVER_EMAIL
EMAIL = config.email()
if EMAIL is None:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL.host
    EMAIL_PORT = EMAIL.port
    EMAIL_HOST_USER = EMAIL.user
    EMAIL_HOST_PASSWORD = EMAIL.password
    EMAIL_USE_TLS = EMAIL.use_tls
    EMAIL_USE_SSL = EMAIL.use_ssl
    EMAIL_TIMEOUT = 10  # seconds: a dead mail server must not hang the reset page
LOG_LEVEL = config.log_level()
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    # Everything reaches standard error through the root handler.
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "krampe": {"level": LOG_LEVEL},
        # Replaces Django's default handlers (console only in debug, mail to ADMINS).
        "django": {"handlers": [], "level": "WARNING"},
        # Unhandled exceptions in views (500s) are logged here with their traceback.
        "django.request": {
            "handlers": ["mail_admins"] if ADMINS and EMAIL else [],
            "level": "ERROR",
        },
        "django.security": {"level": "WARNING"},
        # A request for a host name the app does not serve is answered 400; scanners send
        # many, and a traceback for each would bury the errors that matter.
        "django.security.DisallowedHost": {"level": "CRITICAL"},
        # django-axes repeats what the krampe logger says about failed logins.
        "axes": {"level": "ERROR"},
    },
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "krampe.web.accounts",
    "krampe.web.core",
    "krampe.web.profiles",
    "krampe.web.diet",
    "krampe.web.plans",
    "krampe.web.diary",
    "krampe.web.reports",
    "krampe.web.learn",
    "krampe.web.pwa",
    "krampe.web.reminders",
    "krampe.web.demo",
    # django-ninja's bundled Swagger UI (static files), never a CDN.
    "ninja",
    "axes",
    "krampe.web.helper",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "krampe.web.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "krampe.web.core.middleware.PrivatePagesMiddleware",
    "krampe.web.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so a lockout detected in a view becomes the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "krampe.web.urls"
WSGI_APPLICATION = "krampe.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "krampe.web.core.navigation.navigation",
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    url = config.database_url()
    if url:
        import dj_database_url

        db: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
        return {"default": db}
    # SQLite pragmas: WAL lets the nightly log write while others read; busy_timeout
    # waits for a lock instead of failing; IMMEDIATE takes the write lock at the
    # start of a transaction so two writers never deadlock half-way. synchronous=FULL
    # makes a commit survive a power cut, not only a crash; it waits for the disk on
    # every commit, so writers wait up to 20 s for the lock rather than fail
    # (bench/README.md has the cost). secure_delete overwrites what a deletion frees.
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "krampe.sqlite3",
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out name and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock that pair for an hour.
# The login form, and the password fields of password change and account deletion,
# all count (they all go through authenticate()).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "krampe.web.accounts.security.locked_out"
AXES_USERNAME_CALLABLE = "krampe.web.accounts.security.lockout_username"
# The client address is REMOTE_ADDR: the WSGI layer (krampe.web.front) sets it from the
# proxy's X-Forwarded-For only when KRAMPE_BEHIND_PROXY is on, so a client cannot forge it.
AXES_CLIENT_IP_CALLABLE = "krampe.web.accounts.security.client_address"
AXES_VERBOSE = False  # the krampe logger reports failures and lockouts in one line each
# No record of successful logins is kept, and no password field is ever stored.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
    "password1",
    "password2",
    # The account page confirms changes with the password (prefixed forms).
    "email-password",
    "codes-password",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "welcome"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
USE_I18N = True
# Dates and numbers as each language writes them ("1. dec. 2026", 1,4): krampe.web.formats,
# from the domain's table (krampe.domain.formats), ahead of Django's own.
FORMAT_MODULE_PATH = ["krampe.web.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True

STATIC_URL = "/static/"
# The shared stylesheet and htmx live outside any app: find them here.
STATICFILES_DIRS = [WEB_DIR / "static"]
# WhiteNoise serves straight from the app's static folders: no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 60  # two months: people log every morning on a phone
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SAMESITE = "Lax"

# Bounded work per request. The WSGI layer (krampe.web.front, and waitress too) refuses
# bodies over MAX_REQUEST_BYTES before they reach Django; Django keeps an upload of that
# size in memory, never on disk.
MAX_REQUEST_BYTES = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 1
# Seconds a PDF (the doctor summary, the helper's labels and sheet) may take, two at once
# (krampe.web.core.pdf); at the nights cap the summary takes a few seconds on two cores.
PDF_TIME_BUDGET = 20

# Requests per window (seconds): sign-ups per client address, the rest per person.
HOUR = 60 * 60
RATE_LIMITS = {
    "signup": (config.env_int("KRAMPE_SIGNUPS_PER_HOUR", 10, low=1), HOUR),
    "reset": (10, HOUR),
    "import": (20, HOUR),
    "pdf": (30, HOUR),
    "fhir": (10, HOUR),
}
# Rate limits count in a cache table shared by every app server on the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "krampe_cache",
    }
}

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
