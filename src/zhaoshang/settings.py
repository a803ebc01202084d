"""Settings, read from the environment through small typed helpers that fail loudly.

Development (the default) needs nothing: SQLite in ``var/`` and debug on.
Production sets ``ZHAOSHANG_ENV=production`` plus ``ZHAOSHANG_SECRET_KEY``,
``ZHAOSHANG_ALLOWED_HOSTS`` and optionally ``DATABASE_URL`` (see docs/deploy.md).
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} must be set")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or networks (CIDR), each checked."""
    values = env_list(name)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network"
            ) from exc
    return values


PRODUCTION = env_str("ZHAOSHANG_ENV", "development") == "production"
DEBUG = env_bool("ZHAOSHANG_DEBUG", not PRODUCTION)
DATA_DIR = Path(env_str("ZHAOSHANG_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

if PRODUCTION:
    SECRET_KEY = env_str("ZHAOSHANG_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("ZHAOSHANG_SECRET_KEY must be at least 50 characters")
else:
    SECRET_KEY = env_str(
        "ZHAOSHANG_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
    )

ALLOWED_HOSTS = env_list("ZHAOSHANG_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("ZHAOSHANG_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks_db",
    "ninja",
    "zhaoshang.core",
    "zhaoshang.org",
    "zhaoshang.projects",
    "zhaoshang.targets",
    "zhaoshang.reporting",
    "zhaoshang.bulletins",
    "zhaoshang.spreadsheets",
    "zhaoshang.casework",
    "zhaoshang.assessment",
    "zhaoshang.inspections",
    "zhaoshang.audit",
    "zhaoshang.trade",
    "zhaoshang.dashboard",
    "zhaoshang.meetings",
    "zhaoshang.portal",
    "zhaoshang.demo",
    "zhaoshang.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhaoshang.org.middleware.PasswordChangeRequiredMiddleware",
    "zhaoshang.org.middleware.SessionRenewalMiddleware",
    "zhaoshang.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhaoshang.urls"
WSGI_APPLICATION = "zhaoshang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "zhaoshang.sqlite3",
            "OPTIONS": {
                # WAL lets readers run beside one writer; IMMEDIATE makes writers queue on the
                # busy timeout instead of failing with "database is locked" mid-transaction.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# Optional read replica (e.g. a PostgreSQL streaming standby) for the read-only dashboard and
# bulletin pages; every write and every other read use "default" (core/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["zhaoshang.core.replica.ReplicaRouter"]
for _database in DATABASES.values():
    if "postgresql" in str(_database["ENGINE"]):
        # The app's queries are short; PostgreSQL's JIT compiler, triggered by cost estimates that
        # grow with the province's tables, spent longer compiling a county's bulletin query than
        # running it (docs/scale.md). A URL that sets its own options keeps them.
        _database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhaoshang.org.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "zhaoshang.org.passwords.NotReusedValidator", "OPTIONS": {"remember": 5}},
]
# django-axes checks the lockout before Django checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("ZHAOSHANG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = float(env_str("ZHAOSHANG_LOCKOUT_HOURS", "0.5"))  # hours; admins unlock sooner
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "org/locked_out.html"
# The client's address behind a trusted proxy (ZHAOSHANG_TRUSTED_PROXIES), as everywhere else.
AXES_CLIENT_IP_CALLABLE = "zhaoshang.core.clientip.client_address_or_none"

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("ZHAOSHANG_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# ECharts is fetched from the npm registry at setup into this ignored folder (see ./dev).
STATICFILES_DIRS = [BASE_DIR / "static_vendor"] if (BASE_DIR / "static_vendor").is_dir() else []
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

# Shared by every process on the server (rate limits on public look-ups must hold across them).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        # Beyond MAX_ENTRIES the file cache deletes a third of its files at random, rate-limit
        # counters included; a province holds three bulletin entries per district, period and
        # language.
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

# --- Background work ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Security -------------------------------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
# Idle timeout: a session unused for this long ends (org.middleware.SessionRenewalMiddleware
# renews a signed-in session at most once a minute).
SESSION_COOKIE_AGE = env_int("ZHAOSHANG_IDLE_MINUTES", 30) * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Load balancers / reverse proxies whose X-Forwarded-For is believed (core/clientip.py); empty:
# nobody's, the client is REMOTE_ADDR.
TRUSTED_PROXIES = env_networks("ZHAOSHANG_TRUSTED_PROXIES")
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("ZHAOSHANG_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Production sends through an SMTP relay; development prints mail to the console.
DEFAULT_FROM_EMAIL = env_str("ZHAOSHANG_FROM_EMAIL", "zhaoshang@localhost")
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "ZHAOSHANG_EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend",
        ),
        **(
            {
                "OPTIONS": {
                    "host": env_str("ZHAOSHANG_EMAIL_HOST", "localhost"),
                    "port": env_int("ZHAOSHANG_EMAIL_PORT", 25),
                }
            }
            if PRODUCTION
            else {}
        ),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ZHAOSHANG_LOG_LEVEL", "WARNING")},
}

# --- Domain configuration (defaults from DOMAIN.md; a district may change them) -------------
ZHAOSHANG = {
    # How many units per group a bulletin names as fastest progress (the speech names two).
    "FASTEST_PER_GROUP": env_int("ZHAOSHANG_FASTEST_PER_GROUP", 2),
    # The indicator whose target a unit's completion is measured against.
    "FUNDS_INDICATOR": "outside_funds",
    # Seconds a computed bulletin stays in the cache for the pages (bulletins.cache), at most:
    # any change of the rows behind it retires it sooner. 0: compute on every request.
    "BULLETIN_CACHE_SECONDS": env_int("ZHAOSHANG_BULLETIN_CACHE_SECONDS", 600),
    # A folder with the official faces (仿宋_GB2312, 方正小标宋, 黑体, 楷体) for bulletin documents;
    # without it, Noto Serif SC / Noto Sans SC from the pylopdf-fonts-zh-cn package, by file path.
    "FONT_DIR": env_str("ZHAOSHANG_FONT_DIR", ""),
    # Whether the portal lists the protected (挂牌保护) enterprises and projects.
    "PUBLISH_PROTECTION_LIST": env_bool("ZHAOSHANG_PUBLISH_PROTECTION_LIST", False),
    # Wrong inspection verification codes allowed per IP in the window before 429.
    "VERIFY_MAX_FAILURES": env_int("ZHAOSHANG_VERIFY_MAX_FAILURES", 10),
    "VERIFY_WINDOW_SECONDS": env_int("ZHAOSHANG_VERIFY_WINDOW_SECONDS", 900),
    # Pages of each public document shown as preview images on the portal.
    "PORTAL_PREVIEW_PAGES": env_int("ZHAOSHANG_PORTAL_PREVIEW_PAGES", 5),
    # Largest upload accepted (portal documents, Excel imports), in bytes.
    "PORTAL_MAX_UPLOAD_BYTES": env_int("ZHAOSHANG_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
    "MAX_UPLOAD_BYTES": env_int("ZHAOSHANG_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
    # API calls per token / per person, and per IP for calls that authenticate as nobody, in each
    # window (429 with Retry-After beyond it); 0 turns a limit off.
    "API_MAX_REQUESTS": env_int("ZHAOSHANG_API_MAX_REQUESTS", 600),
    "API_ANONYMOUS_MAX_REQUESTS": env_int("ZHAOSHANG_API_ANONYMOUS_MAX_REQUESTS", 120),
    "API_RATE_WINDOW_SECONDS": env_int("ZHAOSHANG_API_RATE_WINDOW_SECONDS", 60),
    # Failed logins per IP (any usernames) in the window before the login form answers 429.
    "LOGIN_IP_MAX_FAILURES": env_int("ZHAOSHANG_LOGIN_IP_MAX_FAILURES", 30),
    "LOGIN_IP_WINDOW_SECONDS": env_int("ZHAOSHANG_LOGIN_IP_WINDOW_SECONDS", 900),
}
