"""Flux settings: one module, driven by environment variables (see .env.example)."""

import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
STATE_DIR = BASE_DIR / ".flux"  # git-ignored: local database, secret key, cache, media

env = environ.Env()


def _from_env(name, parse, **kwargs):
    """Parse one variable; a malformed value stops start-up with a message naming it."""
    try:
        return parse(name, **kwargs)
    except ImproperlyConfigured:
        raise
    except Exception as exc:  # noqa: BLE001 - any parse failure becomes one clear error
        raise ImproperlyConfigured(f"{name} is malformed: {exc}") from exc


# --- Core -------------------------------------------------------------------------------------

DEBUG = _from_env("DEBUG", env.bool, default=False)
TESTING = "pytest" in sys.modules

SECRET_KEY = env.str("SECRET_KEY", default="")
_LOCAL_SECRET = STATE_DIR / "secret_key"
if not SECRET_KEY and _LOCAL_SECRET.exists():
    # Written once by `make run`; lets every local process share it without extra variables.
    SECRET_KEY = _LOCAL_SECRET.read_text().strip()
_INSECURE_KEYS = {"", "change-me", "django-insecure-dev-only"}
if SECRET_KEY in _INSECURE_KEYS:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-dev-only"  # noqa: S105 - fake value for development and tests only
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or a known default. Set the SECRET_KEY environment variable "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))') or run with DEBUG=1."
        )

SITE_URL = _from_env("SITE_URL", env.url, default="http://127.0.0.1:8000").geturl().rstrip("/")
SITE_NAME = "Flux"
HTTPS = SITE_URL.startswith("https://")

ALLOWED_HOSTS = _from_env("ALLOWED_HOSTS", env.list, default=["127.0.0.1", "localhost", "[::1]"])
if TESTING:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
CSRF_TRUSTED_ORIGINS = _from_env("CSRF_TRUSTED_ORIGINS", env.list, default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "taggit",
    "imagekit",
    "reversion",
    "procrastinate.contrib.django",
    "fluxsite",
    "articles",
    "directory",
    "newsletter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fluxsite.middleware.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "fluxsite.urls"
WSGI_APPLICATION = "fluxsite.wsgi.application"

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
                "fluxsite.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# PostgreSQL only. DATABASE_URL wins; unset, an embedded server (pgserver) holds the data in
# .flux/pgdata and is shared by every local process (gunicorn workers, manage.py, queue workers).

if env.str("DATABASE_URL", default=""):
    _db = _from_env("DATABASE_URL", env.db_url)
    if not _db.get("ENGINE", "").endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or postgresql:// URL.")
    # A unix-socket URL (?host=/path) lands in OPTIONS; Django (and dbshell) want it in HOST.
    _options = _db.setdefault("OPTIONS", {})
    if "host" in _options:
        _db["HOST"] = _options.pop("host")
    if "port" in _options:
        _db["PORT"] = str(_options.pop("port"))
else:
    from fluxsite import embedded_pg

    _db = embedded_pg.database_settings(embedded_pg.get_server(STATE_DIR / "pgdata"))

_db["CONN_MAX_AGE"] = _from_env("CONN_MAX_AGE", env.int, default=0 if TESTING else 600)
_db["CONN_HEALTH_CHECKS"] = True
_db.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Shared by every process of the site, so an edit saved anywhere invalidates everyone's pages:
# Redis when CACHE_URL is set, else a file cache on this machine (never per-process memory).

if env.str("CACHE_URL", default=""):
    _cache = _from_env("CACHE_URL", env.cache_url)
else:
    _cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(STATE_DIR / ("cache-test" if TESTING else "cache")),
    }
if _cache["BACKEND"].endswith("RedisCache"):
    # Fail fast when Redis is down: pages still render, rate limits fail closed.
    _cache.setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.25, "socket_timeout": 0.5})
_cache["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="flux")
CACHES = {"default": _cache}

# --- Email ------------------------------------------------------------------------------------

if env.str("EMAIL_URL", default=""):
    vars().update(_from_env("EMAIL_URL", env.email_url))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="The Sauce Drop <sauce@flux.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Newsletter (The Sauce Drop) -------------------------------------------------------------

NEWSLETTER_CONFIRM_MAX_AGE = _from_env("NEWSLETTER_CONFIRM_MAX_AGE", env.int, default=7 * 24 * 3600)  # seconds
NEWSLETTER_BATCH_SIZE = _from_env("NEWSLETTER_BATCH_SIZE", env.int, default=500)  # messages per SMTP connection
# Delivery-state commits while sending skip the WAL flush wait: safe against killed senders; set to 1
# to also survive a PostgreSQL crash without resends (about 1 ms more per message).
NEWSLETTER_SYNCHRONOUS_COMMIT = _from_env("NEWSLETTER_SYNCHRONOUS_COMMIT", env.bool, default=False)
# Sign-up limits (count/period, period in s, m, h or d), kept in the shared cache; they fail closed.
NEWSLETTER_SIGNUP_RATE_IP = env.str("NEWSLETTER_SIGNUP_RATE_IP", default="10/h")
NEWSLETTER_SIGNUP_RATE_EMAIL = env.str("NEWSLETTER_SIGNUP_RATE_EMAIL", default="3/h")

# --- Auth -------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(STATE_DIR / "media")))
SERVE_MEDIA = _from_env("SERVE_MEDIA", env.bool, default=True)  # off when media is on a CDN/object storage
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production so stale CSS/JS is never served.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files; hashed ones get a far-future lifetime
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ---------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = _from_env("SECURE_SSL_REDIRECT", env.bool, default=HTTPS and not DEBUG)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}, "procrastinate": {"level": "WARNING"}},
}

PORT = _from_env("PORT", env.int, default=8000)
