"""Settings for 泾彩服务, read from the environment (see .env.example and the README).

The embedded default is a SQLite file in the project folder; production sets
DATABASE_URL to PostgreSQL. Without DEBUG, a SECRET_KEY is required.
"""

import datetime as dt
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def redis_database(url: str, number: int) -> str:
    """``url`` (redis://host:port/0?…) pointing at database ``number`` of the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


DEBUG = env_bool("DEBUG")

# Management commands that only read the code (models and migrations) and never sign anything.
CODE_ONLY_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or (len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS):
        SECRET_KEY = "insecure-local-development-key-never-used-in-production"
    else:  # serving, checking or touching data without a secret: refuse
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "simple_history",
    "import_export",
    "adminsortable2",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "zhujing_center.apps.ZhujingCenterConfig",
    "services",
    "venues",
    "activities",
    "heritage",
    "circle",
    "opendata",
    "feedback",
    "finder",
    "portal",
    "kiosk",
]

MIDDLEWARE = [
    "zhujing_center.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhujing_center.headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "zhujing_center.outage.DatabaseOutageMiddleware",
    # Before sessions: a cached page is served without touching the session or the database.
    "zhujing_center.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhujing_center.security.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "zhujing_center.context_processors.centre",
                "zhujing_center.context_processors.display",
                "zhujing_center.context_processors.page_meta",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # Every transaction takes the write lock when it begins: two saves of one entry run one after the
    # other, so the stale-save check and the write are atomic (zhujing_center/admin_base.py, lock_row),
    # and a second writer waits instead of failing with "database is locked".
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault("timeout", 20)
    options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # Fail fast when PostgreSQL is unreachable instead of hanging a worker (2 s: libpq's minimum).
    options.setdefault("connect_timeout", 2)
    # ... or frozen (it still accepts and acknowledges TCP, so neither that nor TCP keepalives fire): a query,
    # COMMIT or health check unanswered for this many seconds closes the connection and the visitor gets the
    # 503 page (zhujing_center/postgresql/base.py); with the reconnection's connect_timeout, within 4 s.
    # Above any one query of a request. deploy/gunicorn.conf.py sets 2 s; unset or 0 (manage.py: a long
    # migrate or restore) means no limit.
    DATABASES["default"]["ENGINE"] = "zhujing_center.postgresql"
    options.setdefault("query_timeout", float(os.environ.get("DB_QUERY_TIMEOUT_SECONDS") or 0))
    # Random reads cost little on SSDs; at the default (4) the planner prefers a sequential scan
    # to the search's trigram indexes and searches take 5x longer (see docs/search.md).
    options.setdefault("options", "-c random_page_cost=" + os.environ.get("PG_RANDOM_PAGE_COST", "1.1"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Staff sign-in (README "Staff accounts"; zhujing_center/security.py, zhujing_center/roles.py) ---
# The admin's address; another one (e.g. "guanli-7f3k/") keeps robots off its login page.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must not be empty (default: admin/).")

AUTHENTICATION_BACKENDS = [
    # django-axes first: refuses a locked-out user name + address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Every login, the admin's included, goes through two_factor's login view (password, then the code).
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
TWO_FACTOR_PATCH_ADMIN = True  # the admin's own login page redirects to LOGIN_URL
TWO_FACTOR_LOGIN_TIMEOUT = 600  # seconds between the password and the code
TWO_FACTOR_REMEMBER_COOKIE_AGE = None  # never skip the code on a "remembered" computer (shared PCs)
TWO_FACTOR_QR_FACTORY = "qrcode.image.svg.SvgPathFillImage"  # the setup QR code, an SVG on white (dark theme)

# Lock a user name on one address for an hour after 5 wrong passwords. Name AND address together:
# the lobby and the library share one public address, so locking the address would lock everyone
# there, and locking the name alone would let anybody lock a colleague out from home.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhujing_center.security.lockout_response"
# Behind nginx (or other proxies that append to X-Forwarded-For), set TRUSTED_PROXY_COUNT to how
# many there are; at 0 the header is ignored, since a client can send anything in it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)
AXES_CLIENT_IP_CALLABLE = "zhujing_center.security.client_ip_address"

# Sessions end when the browser closes (a shared PC in the office) and at the latest 8 hours after
# login (a working day). SESSION_SAVE_EVERY_REQUEST stays off: on, the 8 hours would restart at every
# click (an idle timeout, so a session could last for ever) and every page would write the session.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Room photos (zhujing_center/photos.py): bigger uploads are refused with a form error. 40 M pixels covers
# 12–24 MP phone cameras and stays well under Pillow's own bomb limit (~89 M).
PHOTO_MAX_BYTES = 15 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
# Form fields other than files may total 2.5 MB; an upload above 2.5 MB is streamed to a temporary
# file rather than held in memory. Django does not cap a whole upload: the web server in front
# should (e.g. nginx `client_max_body_size 20m`).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Seconds without a touch before the lobby kiosk asks "还在使用吗？" and then returns to its attract loop.
KIOSK_IDLE_SECONDS = int(os.environ.get("KIOSK_IDLE_SECONDS") or 90)
# Where the lobby kiosk stands, as its "您在这里：…" says (rooms' "怎么走" are written from there).
KIOSK_LOCATION = (os.environ.get("KIOSK_LOCATION") or "").strip() or "一楼大厅"

# ---------------------------------------------------------------- cache
# Redis, shared by every app server, when REDIS_URL is set (needed as soon as there are several gunicorn
# workers: an edit must empty every worker's page cache at once); local memory otherwise (make run, tests).
# A refusing or hung Redis costs a request at most these timeouts, then the page is made without it.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Whole public pages (zhujing_center/page_cache.py) live in a Redis database of their own, emptied (FLUSHDB)
# by every edit: never point it at a database that holds anything else. Default: REDIS_URL's server, db 1.
REDIS_PAGES_URL = os.environ.get("REDIS_PAGES_URL") or (redis_database(REDIS_URL, 1) if REDIS_URL else "")
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS") or 0.25)


def cache_settings(url: str, name: str, entries: int) -> dict:
    if url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
                "retry_on_timeout": False,
            },
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": name,
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


CACHES = {
    "default": cache_settings(REDIS_URL, "zhujing", 1000),
    "pages": cache_settings(REDIS_PAGES_URL, "pages", 2000),
}
# Whole public pages are cached this long for anonymous visitors (and emptied at once when staff edit
# anything), so "open now" follows the clock within this many seconds; 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))

# ---------------------------------------------------------------- security
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # nginx sets it (deploy/nginx.conf)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
if SESSION_COOKIE_SECURE:  # "__Host-" cookies: HTTPS only, this host only, path /
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000  # a room's page with many hours, special days and photos
# The page for a form sent without a valid CSRF token: Chinese, and it never reads the body (errors.py).
CSRF_FAILURE_VIEW = "zhujing_center.errors.csrf_failure"
# Spreadsheets (django-import-export): no formula is ever written live (zhujing_center/spreadsheet_files.py
# writes text cells as text whatever this says; this covers the package's own formats); importing needs the
# right to change entries, exporting the right to see them.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# A strict policy: only this site's own files; no inline script or style anywhere (JSON-LD data blocks
# are not executed and need no allowance).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        # Nothing unless named below (frames, for one, are never allowed).
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({} if DEBUG else {"upgrade-insecure-requests": True}),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "zhujing_center.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per request comes from zhujing_center.logs; Django's own would repeat it.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
