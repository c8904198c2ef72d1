"""Settings for the Walloon cleantech portal, read from the environment.

Runs on SQLite with nothing set (the embedded default). Production safety comes
from the environment: with DJANGO_DEBUG=0 the site refuses to start without a
real secret key and allowed hosts.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

INSECURE_DEV_KEY = "django-insecure-dev-only-key-never-use-in-production"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn DATABASE_URL into Django's DATABASES entry; empty means SQLite in the project."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        # PostgreSQL's default random_page_cost (4) prices index lookups for
        # spinning disks: at 100,000 actors it reads the whole actor table to
        # join a hub's 2,200 members (31 ms) instead of looking them up (10 ms).
        # 1.1 is the usual value for SSDs or a database that fits in memory;
        # DATABASE_RANDOM_PAGE_COST= (empty) keeps the server's own setting.
        page_cost = env_str("DATABASE_RANDOM_PAGE_COST", "1.1").strip()
        try:
            options = {"options": f"-c random_page_cost={float(page_cost)}"} if page_cost else {}
        except ValueError:
            raise ImproperlyConfigured(
                f"DATABASE_RANDOM_PAGE_COST must be a number, not {page_cost!r}."
            ) from None
        # A server (a replica above all) that does not answer fails the
        # connection after this many seconds, instead of holding the worker
        # for the TCP timeout (minutes); the router then tries another.
        options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path) or ":memory:"}
    raise ImproperlyConfigured(
        f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgres:// or sqlite://)."
    )


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or INSECURE_DEV_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
else:
    if not SECRET_KEY or SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is off: set DJANGO_SECRET_KEY to a random string of at least "
            "32 characters (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is off: set DJANGO_ALLOWED_HOSTS to the site's host names, "
            "comma-separated (for example portal.example.be)."
        )

INSTALLED_APPS = [
    # Before the admin, as modeltranslation asks: it patches the admin's forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "taggit",
    "axes",
    "reversion",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "ecosystem",
    "clusters",
    "actors",
    "proposals",
    "ingestion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every middleware that sets a body or a header (ecosystem/core/headers.py).
    "ecosystem.core.headers.HeadWithoutBodyMiddleware",
    # Gzip for the pages, not for those holding a CSRF token (BREACH): see its docstring.
    "ecosystem.core.headers.PublicGZipMiddleware",
    "ecosystem.core.headers.PermissionsPolicyMiddleware",
    # 503 when the database is down; JSON errors under /api/.
    "ecosystem.core.errors.ErrorResponseMiddleware",
    # Statement and lock timeouts of the request's queries, below the 503 it gives.
    "ecosystem.core.timeouts.DatabaseTimeoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # 400 for an oversized query string, before the page cache stores anything.
    "ecosystem.core.limits.QueryBoundsMiddleware",
    # Which database this request reads from; before the page cache, which may answer.
    "ecosystem.core.replicas.ReplicaMiddleware",
    # Below the headers' middleware, so a cached page gets the same headers.
    "ecosystem.core.page_cache.AnonymousPageCacheMiddleware",
    # Below the page cache: only renders the cache did not answer are counted.
    "ecosystem.core.limits.RenderRateLimitMiddleware",
    # Last, as django-axes asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "ecosystem.pages.context_processors.documents",
                "ecosystem.pages.context_processors.fragments",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": database_from_url(env_str("DATABASE_URL"))}
# Read replicas (comma-separated URLs): the public pages read from them, the
# rest from the primary (ecosystem/core/replicas.py). Tests use the primary's.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{_number}"] = {**database_from_url(_url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["ecosystem.core.replicas.PrimaryReplicaRouter"]
# PostgreSQL limits in milliseconds for the queries of a request (0: none): a
# public page waiting on a lock answers 503 instead of holding its worker; the
# admin's saves may wait longer (ecosystem/core/timeouts.py). Commands: none.
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 5000)
DATABASE_LOCK_TIMEOUT = env_int("DATABASE_LOCK_TIMEOUT", 2000)
DATABASE_ADMIN_STATEMENT_TIMEOUT = env_int("DATABASE_ADMIN_STATEMENT_TIMEOUT", 20000)
DATABASE_ADMIN_LOCK_TIMEOUT = env_int("DATABASE_ADMIN_LOCK_TIMEOUT", 10000)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Facet counts, search groups and whole anonymous pages are cached under a
# content version that every content save bumps (ecosystem/core/cache.py,
# ecosystem/core/page_cache.py). REDIS_URL=redis://host:6379/0 puts them in
# Redis, shared by every process of every machine, keys under
# DJANGO_CACHE_KEY_PREFIX (several portals can share one Redis);
# DJANGO_CACHE_DIR=/path shares a file cache between the workers of one
# machine; without either, local memory (one cache per process: stale for up
# to 5 minutes in the others when several serve). Redis and the file cache
# fail safe: a cache that fails is skipped, never an error
# (ecosystem/core/cache_backends.py).
REDIS_URL = env_str("REDIS_URL")
CACHE_DIR = env_str("DJANGO_CACHE_DIR")
CACHE_KEY_PREFIX = env_str("DJANGO_CACHE_KEY_PREFIX", "portal").strip() or "portal"
# Full exports (/actors/export.csv…) are files written once per content version
# (ecosystem/opendata/exports.py): beside the file cache, else in the temp folder.
EXPORT_DIR_DEFAULT = Path(CACHE_DIR) / "exports" if CACHE_DIR else Path("/tmp") / "portal-exports"
PORTAL_EXPORT_DIR = env_str("PORTAL_EXPORT_DIR") or str(EXPORT_DIR_DEFAULT)


def cache_setting(name: str, max_entries: int) -> dict:
    options = {"MAX_ENTRIES": max_entries}
    if REDIS_URL:
        return {
            "BACKEND": "ecosystem.core.cache_backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{name}",
            # A Redis that does not answer costs half a second, then is skipped.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    if CACHE_DIR:
        return {
            "BACKEND": "ecosystem.core.cache_backends.FailSafeFileBasedCache",
            "LOCATION": str(Path(CACHE_DIR) / name),
            "OPTIONS": options,
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"portal-{name}",
        "OPTIONS": options,
    }


PAGE_CACHE_ALIAS = "pages"
CACHES = {
    "default": cache_setting("default", env_int("DJANGO_CACHE_MAX_ENTRIES", 5000)),
    # Rendered pages weigh 5 to 50 KB: fewer of them in memory.
    PAGE_CACHE_ALIAS: cache_setting("pages", env_int("DJANGO_PAGE_CACHE_MAX_ENTRIES", 1000)),
}

# Background work (a document's reading, issue 28): Django's tasks API (the django-tasks
# backport) on the database, so it runs on SQLite as on PostgreSQL; `manage.py db_worker`
# claims each job with a row lock, on one machine or several (README, « Workers »).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
# Content: a record not translated yet reads in French on English pages
# (and the page marks it lang="fr").
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TAGGIT_CASE_INSENSITIVE = True

# Admin imports: the whole file is written in one transaction, or nothing is.
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Security -------------------------------------------------------------------------
# Production values come from DJANGO_DEBUG=0; each can be tuned by the environment.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a reverse proxy that terminates TLS (nginx, a load balancer), set
# DJANGO_BEHIND_PROXY=1 so that Django trusts its X-Forwarded-Proto header.
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz answers load balancers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): no inline script anywhere; scripts are
# static files of the site or carry the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Admin brute force (django-axes): 5 failed logins for one user name from one
# address lock that pair for 30 minutes; never the user name alone, or a stranger
# could lock a staff member out of every address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True
# One function decides a client's address for the lockout, the limits and the API
# throttle. Behind the proxy, X-Forwarded-For is read only from the proxies named in
# DJANGO_TRUSTED_PROXIES (addresses or networks; default: this machine): the client
# is its right-most address that is none of them. From any other peer (the app's
# port reached directly) the header is ignored, so it can neither dodge a limit
# nor lock someone else's address out.
AXES_CLIENT_IP_CALLABLE = "ecosystem.core.limits.client_address"
TRUSTED_PROXIES = (
    env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
    if env_bool("DJANGO_BEHIND_PROXY", False)
    else []
)
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXIES: {_proxy!r} is not an address or a network"
        ) from None

# Public pages rendered for one client address (the page cache's hits are free),
# and admin login attempts from one address, whatever the user name; django-ratelimit
# over the default cache. "0" turns a limit off (the benchmark loads from one address).
PORTAL_RENDER_RATE = env_str("PORTAL_RENDER_RATE", "120/m")
PORTAL_LOGIN_RATE = env_str("PORTAL_LOGIN_RATE", "30/h")
RATELIMIT_IP_META_KEY = "ecosystem.core.limits.client_address"
# A cache that cannot count (Redis stopped, hung or out of memory, a cache folder
# read-only) counts nothing: django-ratelimit's default answered 429 to everyone.
RATELIMIT_FAIL_OPEN = True

# Server errors go to stderr with the request path (Django's "Internal Server Error: /path").
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": "ecosystem.core.logs.OneLineFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler"},
        "stderr_one_line": {"class": "logging.StreamHandler", "formatter": "one_line"},
    },
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        # A Host the site does not serve: a scanner's request, one line without traceback.
        "django.security.DisallowedHost": {
            "handlers": ["stderr_one_line"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}

# Public list pages
PAGE_SIZE = env_int("PORTAL_PAGE_SIZE", 24)
# The deepest page a list serves (an OFFSET page costs more the deeper it is).
MAX_PAGES = env_int("PORTAL_MAX_PAGES", 100)
# Where readers ask for a correction or a removal (the about page); empty: not published.
CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "")

# Proposals from the public (proposals/): how many one client address may send.
PORTAL_PROPOSAL_RATE = env_str("PORTAL_PROPOSAL_RATE", "10/h")
# Where the proposers' acknowledgements and decisions go: the console unless set.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "portail@localhost")

# The folder of the source documents the fixtures quote: verify_evidence and
# store_documents read it; the site runs and its tests pass without it.
PORTAL_DOCUMENTS_DIR = Path(
    env_str("PORTAL_DOCUMENTS_DIR", "") or BASE_DIR.parent / "shared" / "seeds"
)

# Read API (/api/): anonymous and read-only, JSON only, throttled per client address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["ecosystem.core.limits.ClientAddressAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_THROTTLE_ANON", "120/minute")},
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portail cleantech wallon — API de lecture",
    "DESCRIPTION": (
        "Les clusters, acteurs, projets, personnes, domaines et territoires publiés du "
        "portail, avec les filtres de l'annuaire (mêmes noms, mêmes valeurs : "
        "`/api/actors/?domain=hydrogene&pillar=corporate`). Lecture seule, sans compte. "
        "Les exports CSV et JSON de chaque liste sont à `<liste>/export.csv` et `.json`."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {
        "name": "Données : CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "clusters.models.Membership.Role",
        "ParticipationRoleEnum": "actors.models.ProjectParticipation.Role",
    },
}
