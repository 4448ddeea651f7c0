"""Flux settings: one module, driven by environment variables (see .env.example)."""

import sys
from datetime import timedelta
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

PORT = _from_env("PORT", env.int, default=8000)
# The public address: absolute links in emails, feeds and sitemaps. Unset, it is where this
# machine serves: PORT when this process has it (gunicorn and the worker under `make run`), else
# the address `make run` last served at (written to .flux/site_url, so `manage.py send_edition`
# in another shell links there too), else port 8000. `SITE_URL=` (left empty in a .env) means
# "not set", as elsewhere.
_SERVED_URL = STATE_DIR / "site_url"
if env.str("SITE_URL", default="").strip():
    SITE_URL = _from_env("SITE_URL", env.url).geturl().rstrip("/")
elif env.str("PORT", default="").strip() or TESTING or not _SERVED_URL.exists():
    SITE_URL = f"http://127.0.0.1:{PORT}"
else:
    SITE_URL = _SERVED_URL.read_text().strip().rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    _source = "SITE_URL" if env.str("SITE_URL", default="").strip() else f"SITE_URL (from {_SERVED_URL})"
    raise ImproperlyConfigured(f"{_source} is malformed: {SITE_URL!r} is not an http:// or https:// address")
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
    "axes",
    "fluxsite",
    "articles",
    "wire",
    "directory",
    "newsletter",
    "pages",
    "readership",
]

# Order matters: everything above the page cache also runs on cache hits (security headers, CSP,
# conditional GET); everything below it (session, CSRF, auth, messages) runs only on a render.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fluxsite.middleware.PermissionsPolicyMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # skips what the page cache already compressed
    "django.middleware.http.ConditionalGetMiddleware",
    "fluxsite.middleware.RejectNullBytesMiddleware",
    "readership.middleware.BeaconMiddleware",  # /count/ answered here: no session, CSRF or cookie
    "fluxsite.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: turns a lockout flagged during the login view into its page.
    "axes.middleware.AxesMiddleware",
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
# PostgreSQL only, from DATABASE_URL. When it is unset, the entry points (manage.py, fluxsite/wsgi.py,
# fluxsite/asgi.py) start or join the embedded server in .flux/pgdata and set it (fluxsite/embedded_pg.py).

if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. manage.py and fluxsite.wsgi set it to the embedded PostgreSQL; "
        "elsewhere set it, or run the command under `python -m fluxsite.embedded_pg -- COMMAND`."
    )
_db = _from_env("DATABASE_URL", env.db_url)
if not _db.get("ENGINE", "").endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or postgresql:// URL.")
# A unix-socket URL (?host=/path) lands in OPTIONS; Django (and dbshell) want it in HOST.
_options = _db.setdefault("OPTIONS", {})
if "host" in _options:
    _db["HOST"] = _options.pop("host")
if "port" in _options:
    _db["PORT"] = str(_options.pop("port"))

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
    # Tests: one folder per xdist worker, since each worker has its own database.
    _test_cache = "cache-test" + env.str("PYTEST_XDIST_WORKER", default="")
    _cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(STATE_DIR / (_test_cache if TESTING else "cache")),
    }
if _cache["BACKEND"].endswith("RedisCache"):
    # Fail fast and open when Redis is down: reads miss and pages still render (incr/decr still
    # raise, so rate limits fail closed). See fluxsite/cache_backends.py.
    _cache["BACKEND"] = "fluxsite.cache_backends.TolerantRedisCache"
    _cache.setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.25, "socket_timeout": 0.5})
_cache["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="flux")
CACHES = {"default": _cache}

# --- Page cache -------------------------------------------------------------------------------
# Whole anonymous pages in the shared cache, invalidated by a content generation (fluxsite/cache.py,
# docs/performance.md). PAGE_CACHE=0 renders every request (the benchmark's "first render").

PAGE_CACHE = _from_env("PAGE_CACHE", env.bool, default=not TESTING)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TIMEOUT = _from_env("PAGE_CACHE_TIMEOUT", env.int, default=600)  # upper bound on an entry's life
PAGE_CACHE_SHARED_MAX_AGE = _from_env("PAGE_CACHE_SHARED_MAX_AGE", env.int, default=60)  # s-maxage for a CDN
# Per-process copy of recent entries (checked against the shared generation on every request).
PAGE_CACHE_LOCAL_BYTES = _from_env("PAGE_CACHE_LOCAL_BYTES", env.int, default=16 * 1024 * 1024)
# Story and tool cards rendered once per process and generation, and reused by every page that
# shows them (fluxsite.cache.local_fragment); FRAGMENT_CACHE=0 renders them every time.
FRAGMENT_CACHE = _from_env("FRAGMENT_CACHE", env.bool, default=True)
FRAGMENT_CACHE_LOCAL_BYTES = _from_env("FRAGMENT_CACHE_LOCAL_BYTES", env.int, default=16 * 1024 * 1024)
# /wire/ and /markets/ change by the clock (expiry, staleness) without any write; they are cheap.
PAGE_CACHE_EXCLUDE = (
    "/admin/", "/go/", "/healthz", "/newsletter/confirm/", "/newsletter/unsubscribe/", "/newsletter/csrf/",
    "/newsletter/data/", "/newsletter/click/", "/media/", "/wire/", "/markets/", "/reports/", "/tools/submit/",
    "/count/",
)
# Saving or deleting a model of these apps bumps the generation, except the private models listed
# (or any model with `affects_public_pages = False`).
PAGE_CACHE_APPS = ("articles", "wire", "directory", "newsletter", "pages", "taggit")
PAGE_CACHE_PRIVATE_MODELS = (
    "newsletter.Subscriber",
    "newsletter.Delivery",
    "newsletter.EditionLink",
    "directory.DailyClickCount",
    "wire.ApiToken",
)

# --- Readership counts ------------------------------------------------------------------------
# Page views, referring domains, /go/ clicks and sign-ups' source pages are counted in each process and
# added to PostgreSQL every COUNT_FLUSH_SECONDS, or once COUNT_FLUSH_VIEWS counts wait (fluxsite/tally.py).
# 0 seconds: no background flush (tests flush by hand).
COUNT_FLUSH_SECONDS = _from_env("COUNT_FLUSH_SECONDS", env.float, default=0 if TESTING else 10)
COUNT_FLUSH_VIEWS = _from_env("COUNT_FLUSH_VIEWS", env.int, default=500)

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
# to also survive a PostgreSQL crash without resends (slower: docs/newsletter.md).
NEWSLETTER_SYNCHRONOUS_COMMIT = _from_env("NEWSLETTER_SYNCHRONOUS_COMMIT", env.bool, default=False)
# The sender's postal address, printed in every email's footer (CAN-SPAM requires one in commercial
# mail). Sending an edition from an https:// site refuses to start without it.
NEWSLETTER_POSTAL_ADDRESS = " ".join(env.str("NEWSLETTER_POSTAL_ADDRESS", default="").split())
# Shared secret of the bounce and complaint webhooks (/newsletter/events/…); unset, they answer 403.
NEWSLETTER_WEBHOOK_SECRET = env.str("NEWSLETTER_WEBHOOK_SECRET", default="")
# Sign-up limits (count/period, period in s, m, h or d): in Redis when the cache is Redis, else in
# PostgreSQL (fluxsite/ratelimit.py); they fail closed.
NEWSLETTER_SIGNUP_RATE_IP = env.str("NEWSLETTER_SIGNUP_RATE_IP", default="10/h")
NEWSLETTER_SIGNUP_RATE_EMAIL = env.str("NEWSLETTER_SIGNUP_RATE_EMAIL", default="3/h")

# --- Directory: reader outcome reports ------------------------------------------------------------

DIRECTORY_REPORT_CONFIRM_MAX_AGE = _from_env("DIRECTORY_REPORT_CONFIRM_MAX_AGE", env.int, default=7 * 24 * 3600)
# Report and suggestion limits (count/period, period in s, m, h or d): counted like the sign-up limits.
DIRECTORY_REPORT_RATE_IP = env.str("DIRECTORY_REPORT_RATE_IP", default="5/h")
DIRECTORY_REPORT_RATE_EMAIL = env.str("DIRECTORY_REPORT_RATE_EMAIL", default="3/d")
DIRECTORY_SUBMIT_RATE_IP = env.str("DIRECTORY_SUBMIT_RATE_IP", default="5/h")  # tool suggestions
DIRECTORY_SUBMIT_RATE_EMAIL = env.str("DIRECTORY_SUBMIT_RATE_EMAIL", default="5/d")

# --- Auth -------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Admin brute-force protection (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one IP, that pair is refused, even with the right password, until the cool-off
# ends. Attempts live in the database, so every worker agrees and a Redis outage changes nothing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out pairs before checking passwords
    "django.contrib.auth.backends.ModelBackend",
]
# The test client's login() authenticates without a request, which axes refuses; the suite turns
# it on where it tests it (tests/security/test_login_lockout.py).
AXES_ENABLED = _from_env("AXES_ENABLED", env.bool, default=not TESTING)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = _from_env("AXES_FAILURE_LIMIT", env.int, default=5)
AXES_COOLOFF_TIME = timedelta(minutes=_from_env("AXES_COOLOFF_MINUTES", env.int, default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = []  # log who was locked out from where (passwords are always masked)
AXES_LOCKOUT_CALLABLE = "fluxsite.views.login_locked_out"

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
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
# Image renditions (django-imagekit): made when an image is saved, never during a reader's request.
# The Optimistic strategy generates on save and then trusts that the files exist, so rendering a
# page neither generates nor stats anything; `manage.py generateimages` rebuilds them all.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_DEFAULT_CACHEFILE_BACKEND = "fluxsite.images.StorageCheckedBackend"
IMAGEKIT_CACHEFILE_DIR = "renditions"
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files; hashed ones get a far-future lifetime
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Backups (make backup / make restore) -----------------------------------------------------

BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))
# /healthz?deep=1: a 503 when no queue worker has polled for this long, or a job has waited this long.
HEALTHZ_WORKER_SILENCE = _from_env("HEALTHZ_WORKER_SILENCE", env.int, default=60)
HEALTHZ_QUEUE_WAIT = _from_env("HEALTHZ_QUEUE_WAIT", env.int, default=300)
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")  # pg_dump/pg_restore; default: those inside pgserver (PostgreSQL 16)

# --- Security ---------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True  # no script reads it: static/js/signup.js gets the token from /newsletter/csrf/
SECURE_SSL_REDIRECT = _from_env("SECURE_SSL_REDIRECT", env.bool, default=HTTPS and not DEBUG)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = _from_env("BEHIND_PROXY", env.bool, default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Lock out the client, not the proxy (see fluxsite.security.client_ip).
AXES_CLIENT_IP_CALLABLE = "fluxsite.security.client_ip"

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

# --- The wire -------------------------------------------------------------------------------
# Quotes and dispatches for the ticker, /wire/, /markets/ and /api/wire/ (docs/wire.md).

WIRE_QUOTE_MAX_AGE = timedelta(hours=_from_env("WIRE_QUOTE_MAX_AGE_HOURS", env.float, default=72))
WIRE_QUOTE_SOURCES = _from_env("WIRE_QUOTE_SOURCES", env.list, default=[])  # CSV/JSON URLs fetched periodically
WIRE_FETCH_CRON = env.str("WIRE_FETCH_CRON", default="*/10 * * * *")
WIRE_FETCH_TIMEOUT = _from_env("WIRE_FETCH_TIMEOUT", env.float, default=10.0)  # seconds per source
WIRE_IMPORT_MAX_BYTES = _from_env("WIRE_IMPORT_MAX_BYTES", env.int, default=5 * 1024 * 1024)
WIRE_API_MAX_BODY_BYTES = _from_env("WIRE_API_MAX_BODY_BYTES", env.int, default=64 * 1024)
WIRE_TICKER_REFRESH_SECONDS = _from_env("WIRE_TICKER_REFRESH_SECONDS", env.int, default=60)
WIRE_SPARKLINE_DAYS = _from_env("WIRE_SPARKLINE_DAYS", env.int, default=30)

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
        "axes.apps": {"level": "WARNING"},  # its start-up banner; lockouts log from axes.handlers
    },
}
