"""Test settings: fast hashing, local-memory cache, immediate tasks, throw-away media."""

import tempfile

from portal.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-test-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-renditions"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
}
# Off for the suite (a test that changes rows without publishing would read its old page);
# tests/portal/test_page_cache.py turns it on.
PAGE_CACHE = env_bool("PAGE_CACHE", False)
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-")
STORAGES["private"] = {**PRIVATE_STORAGE, "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}}  # noqa: F405
# The search service stays on the database in tests; tests/search/test_live_elasticsearch.py reads
# ELASTICSEARCH_URL itself and runs against that server.
PORTAL_SEARCH = {**PORTAL_SEARCH, "ELASTICSEARCH_URL": None}  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
    "loggers": {"django.tasks": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}},
}
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405
# The test databases are thrown away after the run: a commit (the transactional and browser tests
# commit, and every worker copies its template) need not wait for the disk.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"  # noqa: F405
