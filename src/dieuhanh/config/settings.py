"""Settings, driven by environment variables (DIEUHANH_*, DATABASE_URL).

SQLite in WAL mode is the embedded default; PostgreSQL is selected with DATABASE_URL.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dieuhanh.config import dburl

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImproperlyConfigured(f"package {name!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


# django-ninja's own templates and static files (the offline Swagger UI of /api/docs). Not
# through INSTALLED_APPS: installing the app imports `ninja`, pydantic with it, on every start
# of every console command (a third of `dieuhanh periods show`). `config.api.LocalSwagger`
# renders the page from these templates.
NINJA_DIR = _package_dir("ninja")
VAR_DIR = Path(os.environ.get("DIEUHANH_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in var/ (never a default)."""
    key = os.environ.get("DIEUHANH_SECRET_KEY")
    if key:
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Production (DIEUHANH_ENV=production): refuse to start when DEBUG is on, the secret key is a
# default or weak one, or the allowed hosts are not given explicitly; cookies secure, HSTS.
PRODUCTION = os.environ.get("DIEUHANH_ENV", "").strip().lower() == "production"
_WEAK_KEYS = {"", "changeme", "change-me", "secret", "dev", "development", "insecure"}

DEBUG = _env_bool("DIEUHANH_DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DIEUHANH_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DIEUHANH_ALLOWED_HOSTS is empty")
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DIEUHANH_DEBUG must be off in production")
    if (
        SECRET_KEY.lower() in _WEAK_KEYS
        or SECRET_KEY.startswith("django-insecure")
        or len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
    ):
        raise ImproperlyConfigured(
            "DIEUHANH_SECRET_KEY is a default or weak key: set 50+ random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if not os.environ.get("DIEUHANH_ALLOWED_HOSTS", "").strip() or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DIEUHANH_ALLOWED_HOSTS must name the site's host names in production (no '*')"
        )

INSTALLED_APPS = [
    "dieuhanh.core.app_configs.AdminConfig",  # django.contrib.admin (read commands skip discovery)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dieuhanh.core.app_configs.AxesConfig",  # django-axes, titled in Vietnamese
    "dieuhanh.core",
    "dieuhanh.orgunits",
    "dieuhanh.accounts",
    "dieuhanh.jobs.apps.TaskQueueConfig",  # django-tasks-db (the queue), titled in Vietnamese
    "dieuhanh.jobs",
    "dieuhanh.indicators",
    "dieuhanh.ntm",
    "dieuhanh.outbreak",
    "dieuhanh.direction",
    "dieuhanh.reports",
    "dieuhanh.web",
    "dieuhanh.demo",
]
# A console read command (dieuhanh.cli.LEAN) starts without the admin, django-axes and the job
# queue, which it never uses (django-tasks imports the admin, forms and generic views when it is
# imported); the flag is popped so that no process it starts inherits it.
if os.environ.pop("DIEUHANH_LEAN_CONSOLE", "") == "1":
    INSTALLED_APPS = [
        app
        for app in INSTALLED_APPS
        if app
        not in (
            "dieuhanh.core.app_configs.AdminConfig",
            "dieuhanh.core.app_configs.AxesConfig",
            "dieuhanh.jobs.apps.TaskQueueConfig",
            "dieuhanh.jobs",
        )
    ]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dieuhanh.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their cache), before everything that may answer.
    "dieuhanh.web.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dieuhanh.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dieuhanh.web.middleware.RequestSizeLimitMiddleware",
    "dieuhanh.web.middleware.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Reads of marked pages on the standby when DATABASE_REPLICA_URL is set (a no-op otherwise).
    "dieuhanh.core.replica.ReplicaMiddleware",
    "dieuhanh.accounts.middleware.ScopeMiddleware",
    # GET and HEAD: units, grants and predecessors read once per request (core.memo, issue 21).
    "dieuhanh.web.middleware.ReadMemoMiddleware",
    "dieuhanh.web.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "dieuhanh.config.urls"
WSGI_APPLICATION = "dieuhanh.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dieuhanh.web.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, object] = dburl.parse(url, conn_max_age=60)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = _SQLITE_OPTIONS
        return config
    db_path = os.environ.get("DIEUHANH_DB", str(VAR_DIR / "dieuhanh.sqlite3"))
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": db_path,
        "OPTIONS": _SQLITE_OPTIONS,
        "TEST": {"NAME": os.environ.get("DIEUHANH_TEST_DB") or None},
    }


# WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so
# two writers queue (busy timeout) instead of failing with "database is locked" mid-transaction.
# secure_delete zeroes what a write removes (an anonymised identity) in the database file, as
# Debian's SQLite does by default and SQLite's own build does not.
_SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA secure_delete=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

DATABASES = {"default": _database()}

# Several nodes (docs/operations.md §6): a streaming standby for read-only pages, with
# read-your-writes (dieuhanh.core.replica). Unset: one database, nothing routed.
_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if _REPLICA_URL:
    DATABASES["replica"] = {
        **dburl.parse(_REPLICA_URL, conn_max_age=60),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["dieuhanh.core.replica.ReplicaRouter"]
# The read-only API endpoints served from the standby (pages are marked @reads_from_replica).
REPLICA_READ_PATHS = [
    "/api/values",
    "/api/direction/dashboard",
    "/api/outbreak/dashboard",
    "/api/ntm/matrix",
    "/api/ntm/export",
    "/api/ntm/review-section",
]

# The cache every node shares (DIEUHANH_CACHE): "database" — Django's database cache, a table on
# the primary that every node already reaches (`dieuhanh createcachetable`); "redis://host:6379/0"
# — Redis (needs the `redis` package); unset — each process's own memory (one node).
_CACHE = os.environ.get("DIEUHANH_CACHE", "").strip()
# Computed traces are kept in their own cache ("traces") under a key that covers the check-in
# store's version and the isolations and quarantines the trace depends on
# (outbreak.selectors.tracing); an F2 at province scale is tens of MB, so few entries.
_TRACE_SECONDS = int(os.environ.get("DIEUHANH_TRACE_CACHE_SECONDS", "3600"))
_TRACE_ENTRIES = int(os.environ.get("DIEUHANH_TRACE_CACHE_ENTRIES", "16"))
CACHES: dict[str, dict[str, object]]
if _CACHE == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dieuhanh_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        "traces": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dieuhanh_trace_cache",
            "TIMEOUT": _TRACE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": _TRACE_ENTRIES},
        },
    }
elif _CACHE.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE},
        "traces": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE,
            "KEY_PREFIX": "traces",
            "TIMEOUT": _TRACE_SECONDS,
        },
    }
elif _CACHE:
    raise ImproperlyConfigured("DIEUHANH_CACHE must be 'database' or a redis:// URL")
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "traces": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "traces",
            "TIMEOUT": _TRACE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": _TRACE_ENTRIES},
        },
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+address pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("DIEUHANH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATICFILES_DIRS = [NINJA_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"  # attachments; served only through views that check scope
MEDIA_URL = "/media/"

# The public QR check-in page /c/<token> (outbreak). Posters carry DIEUHANH_PUBLIC_URL + /c/<token>
# (the address people reach from their phones, e.g. https://dieuhanh.chuse.gialai.gov.vn).
PUBLIC_URL = os.environ.get("DIEUHANH_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Rate limits of the page (counted in the Django cache; fixed windows): per device (its signed
# cookie) and per venue.
CHECKIN_DEVICE_LIMIT = int(os.environ.get("DIEUHANH_CHECKIN_DEVICE_LIMIT", "10"))
CHECKIN_DEVICE_WINDOW = int(os.environ.get("DIEUHANH_CHECKIN_DEVICE_WINDOW", "600"))
CHECKIN_ADDRESS_LIMIT = int(os.environ.get("DIEUHANH_CHECKIN_ADDRESS_LIMIT", "60"))
CHECKIN_ADDRESS_WINDOW = int(os.environ.get("DIEUHANH_CHECKIN_ADDRESS_WINDOW", "600"))
# Reverse proxies whose X-Forwarded-For is believed (core/net.client_address): addresses or
# networks, comma-separated, e.g. DIEUHANH_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8. Empty: none.
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("DIEUHANH_TRUSTED_PROXIES", "").split(",") if p.strip()
]
CHECKIN_VENUE_LIMIT = int(os.environ.get("DIEUHANH_CHECKIN_VENUE_LIMIT", "300"))
CHECKIN_VENUE_WINDOW = int(os.environ.get("DIEUHANH_CHECKIN_VENUE_WINDOW", "60"))

# Mail (task reminders): a real server when DIEUHANH_EMAIL_HOST is set, the console otherwise.
EMAIL_HOST = os.environ.get("DIEUHANH_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DIEUHANH_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DIEUHANH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DIEUHANH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("DIEUHANH_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DIEUHANH_EMAIL_FROM", "dieuhanh@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("DIEUHANH_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind an HTTPS reverse proxy: DIEUHANH_CSRF_TRUSTED_ORIGINS=https://dieuhanh.example.gov.vn
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DIEUHANH_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
if _env_bool("DIEUHANH_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = int(os.environ.get("DIEUHANH_SESSION_SECONDS", str(8 * 3600)))
# API tokens last DIEUHANH_API_TOKEN_DAYS days (90) unless issued with `--days N`, which may not
# exceed DIEUHANH_API_TOKEN_MAX_DAYS (365). Each is also revoked when its user's password, role
# or units change (accounts.services.token_use).
API_TOKEN_DAYS = int(os.environ.get("DIEUHANH_API_TOKEN_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("DIEUHANH_API_TOKEN_MAX_DAYS", "365"))
if not 1 <= API_TOKEN_DAYS <= API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured(
        "DIEUHANH_API_TOKEN_DAYS must be at least 1 and at most DIEUHANH_API_TOKEN_MAX_DAYS"
    )
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS: in production the site is served over HTTPS (directly or behind a proxy that sets
# X-Forwarded-Proto, DIEUHANH_BEHIND_HTTPS_PROXY=1): plain HTTP is redirected, browsers are told
# to use HTTPS only (HSTS, one year by default; DIEUHANH_HSTS_SECONDS=0 turns it off).
SECURE_SSL_REDIRECT = _env_bool("DIEUHANH_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DIEUHANH_HSTS_SECONDS", str(365 * 24 * 3600 if PRODUCTION else 0))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("DIEUHANH_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("DIEUHANH_HSTS_PRELOAD", True)
# Content-Security-Policy (dieuhanh.web.middleware.SecurityHeadersMiddleware): every script and
# style is a static file of the site; no inline script, no inline style, no framing.
CONTENT_SECURITY_POLICY = os.environ.get(
    "DIEUHANH_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"
# Request bodies: refused (413) before they are read when larger than the limit of their path.
REQUEST_MAX_BYTES = int(os.environ.get("DIEUHANH_REQUEST_MAX_MB", "32")) * 1024 * 1024
REQUEST_MAX_BYTES_BY_PATH = {
    "/outbreak/": 210 * 1024 * 1024,  # check-in imports (outbreak IMPORT_MAX_BYTES = 200 MB)
    "/api/outbreak/": 210 * 1024 * 1024,
}
# Passwords: Django's default hashers (PBKDF2-SHA256 first); PASSWORD_HASHERS is not overridden.

# Check-ins (and health declarations) are kept DIEUHANH_CHECKIN_RETENTION_DAYS days (30; Decree
# 13/2023/NĐ-CP: personal data no longer than the purpose needs); `dieuhanh checkins purge` and
# the scheduled job delete older ones (outbreak.services.retention).
CHECKIN_RETENTION_DAYS = int(os.environ.get("DIEUHANH_CHECKIN_RETENTION_DAYS", "30"))
if CHECKIN_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("DIEUHANH_CHECKIN_RETENTION_DAYS must be at least 1")


# Background jobs (dieuhanh.jobs, docs/design.md "Background jobs"): django-tasks' database
# backend, so the queue lives in the project's database (SQLite or PostgreSQL) and needs no
# other service. `dieuhanh worker` runs the jobs; `dieuhanh demo` starts one beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job renews its lease every third of this; a job whose lease ran out belongs to a dead
# worker. On SQLite no one transaction of a job may hold the write lock this long.
JOBS_LEASE_SECONDS = int(os.environ.get("DIEUHANH_JOBS_LEASE_SECONDS", "300"))
JOBS_MAX_ATTEMPTS = int(os.environ.get("DIEUHANH_JOBS_MAX_ATTEMPTS", "2"))
JOBS_TICK_SECONDS = float(os.environ.get("DIEUHANH_JOBS_TICK_SECONDS", "30"))
# A values import whose file is larger than this runs as a job instead of in the request (the
# page and the API answer at once and show the job); "turn the trace into contacts" on the page
# is always a job (a trace's size is known only once traced).
JOBS_IMPORT_INLINE_BYTES = int(os.environ.get("DIEUHANH_JOBS_IMPORT_INLINE_BYTES", str(2**20)))
JOBS_BACKUP_DIR = Path(os.environ.get("DIEUHANH_BACKUP_DIR", VAR_DIR / "backups"))
JOBS_BACKUP_KEEP = int(os.environ.get("DIEUHANH_BACKUP_KEEP", "7"))
# The timetable (no cron): "at" is a local time (Asia/Ho_Chi_Minh) each day, or "every_minutes".
JOBS_SCHEDULE: dict[str, dict[str, object]] = {
    "checkins-compact": {"kind": "outbreak.checkins_compact", "at": "01:30"},
    "checkins-purge": {"kind": "outbreak.checkins_purge", "at": "02:00"},
    "tasks-remind": {"kind": "direction.tasks_remind", "at": "07:00"},
    "backup": {"kind": "jobs.backup", "at": "03:00"},
}
if os.environ.get("DIEUHANH_JOBS_SCHEDULE", "").strip().lower() in {"off", "0", "no"}:
    JOBS_SCHEDULE = {}

NINJA_PAGINATION_PER_PAGE = 100
# Figures computed from the values (dashboard panel, review table) cached between saves, keyed
# by the figures version every save moves (indicators/figures_cache.py); 0 turns it off.
DIEUHANH_FIGURES_CACHE = os.environ.get("DIEUHANH_FIGURES_CACHE", "1") != "0"
MESSAGE_TAGS = {40: "danger"}  # Bootstrap calls an error alert "danger"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DIEUHANH_LOG_LEVEL", "WARNING")},
}
