"""Settings shared by every environment. Safe by default: DEBUG off, secrets from the environment.

Every value that differs between machines is read from an environment variable; with none set,
the embedded defaults apply (SQLite, local-memory cache, database search, console email,
immediate background tasks).
"""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from portal import formats as portal_formats
from portal.env import env_bool, env_int, env_list, env_str, mailers_from_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Addresses of the proxies in front of the app (nginx: 127.0.0.1): from them, the visitor's
# address is read from X-Real-IP (portal.middleware.TrustedProxyMiddleware). None by default.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "portal",
    "home",
    "news",
    "documents",
    "forum",
    "kpi",
    "dxindex",
    "consultations",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # The server's page cache (PAGE_CACHE): first, so that a cached page is answered without the
    # rest, and so that it stores the headers all the others add and sees their cookies.
    "portal.page_cache.PageCacheMiddleware",
    # Then, so that everything after it sees the visitor's address (TRUSTED_PROXIES).
    "portal.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    # Outside the session, CSRF and message middleware, so that it sees every cookie they set.
    "portal.middleware.AnonymousCacheControlMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The request's Wagtail site from the cache (after CommonMiddleware has checked the host).
    # The data's generations (portal/generations.py), read once per GET request by the caches below.
    "portal.generations.GenerationsMiddleware",
    "portal.chrome.SiteMiddleware",
    # csrf_exempt on a page's route (the one-click unsubscription) reaches the CSRF middleware.
    "portal.middleware.PageRouteCsrfExemptMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff (anyone who can open the admin) must have signed in with a second factor.
    "portal.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# The public site runs no inline script and loads nothing from elsewhere except video frames. The
# Wagtail and Django admins, whose editors need their inline assets, are exempted in portal/urls.py.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "frame-src": ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:5432/name), SQLite file by default.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# The embedded SQLite database takes several editors and moderators at once: write-ahead logging
# (readers never wait for the writer), a busy timeout (a writer waits for the other instead of
# failing with "database is locked") and immediate transactions (a transaction takes the write
# lock when it begins, so two that read and then write cannot deadlock and fail at the write).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_TIMEOUT", 20),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the planner's cost of the library's validity CASE (hashed subplans) and
    # of the search's scoring crosses jit_above_cost on a large library, and compiling took 1-4 s
    # of a 0.5 s query (EXPLAIN of the /van-ban/ facets at 100,000 documents). A startup option,
    # not a SET: no extra query per connection.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"-c jit=off {_options.get('options', '')}".strip()
    # Wagtail's PostgreSQL search index uses SearchVectorField and GIN indexes (system check postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")

AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth) at /tai-khoan/: email and password, mandatory verification, login by
# an emailed code, allauth's rate limits, no account enumeration, TOTP for staff.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forum_my_page"
ACCOUNT_ADAPTER = "portal.account_adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "forum.forms.SignupForm"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_FORMS = {"signup": "forum.signup.PortalSignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Chuyển đổi số] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so that operators can see and tune them.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Chuyen doi so TP.HCM"
# Accept the code of the 30-second step before or after the current one: a phone's clock drifts,
# and a code typed as it rolls over is still the one the person saw (RFC 6238 suggests one step).
MFA_TOTP_TOLERANCE = 1
# Wagtail's own login and password-reset pages send people to allauth's, which are rate limited.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Forum. Rates are "count/period" with period s, m, h or d; each action is limited per account
# and per network address. Changing them needs no code change.
FORUM_RATE_LIMITS = {
    "proposal": {"user": env_str("FORUM_RATE_PROPOSAL_USER", "5/h"), "ip": env_str("FORUM_RATE_PROPOSAL_IP", "20/h")},
    "comment": {"user": env_str("FORUM_RATE_COMMENT_USER", "20/h"), "ip": env_str("FORUM_RATE_COMMENT_IP", "60/h")},
    "support": {"user": env_str("FORUM_RATE_SUPPORT_USER", "60/h"), "ip": env_str("FORUM_RATE_SUPPORT_IP", "200/h")},
    "flag": {"user": env_str("FORUM_RATE_FLAG_USER", "20/h"), "ip": env_str("FORUM_RATE_FLAG_IP", "60/h")},
}
FORUM_ANSWER_WORKING_DAYS = env_int("FORUM_ANSWER_WORKING_DAYS", 15)
FORUM_HOLIDAYS = env_list("FORUM_HOLIDAYS")  # extra non-working days, YYYY-MM-DD
FORUM_FLAG_THRESHOLD = env_int("FORUM_FLAG_THRESHOLD", 3)
FORUM_MAX_IMAGES = 5
FORUM_IMAGE_MAX_BYTES = env_int("FORUM_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
FORUM_IMAGE_MAX_PIXELS = env_int("FORUM_IMAGE_MAX_PIXELS", 24_000_000)
FORUM_TERMS_VERSION = env_str("FORUM_TERMS_VERSION", "2026-11")
FORUM_PRIVACY_VERSION = env_str("FORUM_PRIVACY_VERSION", "2026-11")

# Cache: Redis when REDIS_URL is set, local memory otherwise. Wagtail's renditions cache gets its own alias.
# CACHE_KEY_PREFIX tells apart sites (or test runs) sharing one Redis database.
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "portal")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 600,
        },
        "renditions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "renditions" if CACHE_KEY_PREFIX == "portal" else f"{CACHE_KEY_PREFIX}-renditions",
            "TIMEOUT": 60 * 60 * 24 * 7,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
            "TIMEOUT": 60 * 60 * 24,
        },
        # Rate-limit counters every worker process shares (table made by forum's migrations).
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_shared_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},  # culling would reset counters
        },
    }

# The server's page cache (portal.page_cache): whole anonymous pages, in their own alias so that
# invalidating them touches nothing else. On by default with Redis (PAGE_CACHE=0 turns it off): a
# local-memory cache cannot be invalidated in every worker process, so without Redis it is on
# only when PAGE_CACHE=1 (one process: `make run`, tests). PAGE_CACHE_TIMEOUT caps how long a page
# is kept (never longer than its Cache-Control lets a shared cache keep it);
# PAGE_CACHE_MAX_VARIANTS caps the query-string variants kept per path. Each process also keeps
# up to PAGE_CACHE_LOCAL_ENTRIES pages in memory and asks Redis whether they are still current at
# most every PAGE_CACHE_LOCAL_SECONDS (0: always ask).
PAGE_CACHE = env_bool("PAGE_CACHE", bool(REDIS_URL))
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 600)
PAGE_CACHE_MAX_VARIANTS = env_int("PAGE_CACHE_MAX_VARIANTS", 100)
PAGE_CACHE_LOCAL_SECONDS = float(env_str("PAGE_CACHE_LOCAL_SECONDS", "1"))
PAGE_CACHE_LOCAL_ENTRIES = env_int("PAGE_CACHE_LOCAL_ENTRIES", 200)
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-pages",
        "TIMEOUT": PAGE_CACHE_TIMEOUT,
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": PAGE_CACHE_TIMEOUT,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
# Dates are written and read day first in every language (portal/formats); the same input formats
# apply where no language is active (management commands, importers).
FORMAT_MODULE_PATH = ["portal.formats"]
DATE_INPUT_FORMATS = portal_formats.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = portal_formats.DATETIME_INPUT_FORMATS

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private uploads (a unit's evidence for the DX index): outside MEDIA_ROOT, never served by the web
# server, streamed by a view that checks the reader's rights (portal/storage.py).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
PRIVATE_STORAGE = {"BACKEND": "portal.storage.PrivateStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: EMAIL_URL (smtp://user:password@host:587?tls=1), printed to the console by default.
MAILERS = mailers_from_url(env_str("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cổng Chuyển đổi số <no-reply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background work: Django's tasks framework. Immediate by default; production uses the
# database-backed queue of django-tasks-db, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# /healthz says "degraded" once a due task has waited this many seconds (no worker running).
HEALTHZ_TASKS_MAX_AGE = env_int("HEALTHZ_TASKS_MAX_AGE", 300)

# Wagtail.
# Slugs are ASCII, folded as search folds (đ→d): see home.models.BasePage.full_clean. The admin's
# slug field keeps Vietnamese letters as typed (its ASCII mode drops "ộ", "ả" and turns "Đ" into
# "dj"), and the server folds them on save: "Hội thảo Đô thị" -> "hoi-thao-do-thi".
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_SITE_NAME = "Cổng thông tin Chuyển đổi số TP. Hồ Chí Minh"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
WAGTAILDOCS_DOCUMENT_MODEL = "portal.PortalDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "pptx", "zip", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_WORKFLOW_REQUIRE_APPROVAL_TO_PUBLISH = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Search. Wagtail's own search (the admin's page and snippet search) always uses the database; on
# PostgreSQL with the "portal_vi" text-search configuration (unaccent + simple, created by
# portal/migrations/0003), so that it folds Vietnamese diacritics and đ. The portal's search
# service (portal.search) has its own engines: the database, or Elasticsearch when
# ELASTICSEARCH_URL is set (index aliases "<ELASTICSEARCH_INDEX>-<source>"), falling back to the
# database when Elasticsearch is down or slower than ELASTICSEARCH_TIMEOUT seconds.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "portal_vi"
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
PORTAL_SEARCH = {
    "ELASTICSEARCH_URL": ELASTICSEARCH_URL,
    "INDEX_PREFIX": env_str("ELASTICSEARCH_INDEX", "portal"),
    "TIMEOUT": float(env_str("ELASTICSEARCH_TIMEOUT", "1.5")),
    "ICU": env_bool("ELASTICSEARCH_ICU", False),
    # The database engine's answers, cached under the index's generation (portal/search/cache.py).
    "CACHE_TIMEOUT": env_int("SEARCH_CACHE_TIMEOUT", 600),
}

PORTAL_PAGE_SIZE = 12
DOCUMENTS_PAGE_SIZE = 20
# A document's page shows at most this many related documents of each relation type, then a
# "Xem tất cả" link to the type's own paginated list (DOCUMENTS_PAGE_SIZE a page).
DOCUMENT_RELATIONS_PER_GROUP = 10
# How long a rendered part of a page (portal.fragment_cache: a legal document's page, a bulletin's
# sections) is kept at most; any publication drops it at once (in every process with Redis).
FRAGMENT_CACHE_TIMEOUT = env_int("FRAGMENT_CACHE_TIMEOUT", 600)
# How long the KPI dashboard's rendered figures and the home page's indicators are kept at most
# (kpi.views.answers); any write to what they show drops them at once (the "kpi" generation). 0: computed every time.
KPI_CACHE_TIMEOUT = env_int("KPI_CACHE_TIMEOUT", 600)
# Top-level comments (each with its replies) per page of a proposal.
FORUM_COMMENTS_PAGE_SIZE = 50

# HTTP caching of anonymous pages: browsers keep them PORTAL_CACHE_MAX_AGE seconds, a shared
# cache in front of the site PORTAL_CACHE_SHARED_MAX_AGE. Publishing purges a page, its parent and
# the home page from that cache when FRONTEND_CACHE_PURGE_URL names it: by default the purge server
# of deploy/nginx/portal.conf (e.g. http://127.0.0.1:8081/refresh, path included), which refreshes
# each page in nginx's cache (portal.frontend_cache); with
# FRONTEND_CACHE_BACKEND=wagtail.contrib.frontend_cache.backends.HTTPBackend, an HTTP PURGE
# endpoint such as Varnish. Purges are tasks: in production the db_worker runs them.
PORTAL_CACHE_MAX_AGE = env_int("PORTAL_CACHE_MAX_AGE", 60)
PORTAL_CACHE_SHARED_MAX_AGE = env_int("PORTAL_CACHE_SHARED_MAX_AGE", 600)
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL")
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": env_str("FRONTEND_CACHE_BACKEND", "portal.frontend_cache.NginxRefreshBackend"),
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

# Logging: one JSON object per line on stderr, so any log collector can read it.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        "django.tasks": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": env_str("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

# Security defaults that hold everywhere; production.py tightens the rest.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
