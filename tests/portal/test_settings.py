"""Settings are read from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.env import mailers_from_url

ROOT = Path(__file__).resolve().parents[2]
# Reading the settings imports the settings module only; the apps need not load (that costs seconds).
PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "DB": settings.DATABASES["default"]["ENGINE"],
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "SEARCH": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "SEARCH_CONFIG": settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG"),
    "ELASTICSEARCH": settings.PORTAL_SEARCH["ELASTICSEARCH_URL"],
    "TASKS": settings.TASKS["default"]["BACKEND"],
    "MAIL": settings.MAILERS["default"]["BACKEND"],
    "STATIC": settings.STORAGES["staticfiles"]["BACKEND"],
    "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    "TIME_ZONE": settings.TIME_ZONE,
}))
"""
CLEAN = {
    key: value
    for key, value in os.environ.items()
    if key
    not in {
        "DATABASE_URL",
        "REDIS_URL",
        "ELASTICSEARCH_URL",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DEBUG",
        "EMAIL_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
}
GOOD_KEY = "x7#Qm2!vLp9@zR4$wT8^kN3&bH6*cF1(jD5)sG0-aE_yU+iO=oP~lK"


def run(module, code=PROBE, **env):
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result


def probe(module, **env):
    result = run(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_variable_gives_the_embedded_default():
    values = probe("portal.settings.dev")
    assert values["DB"] == "django.db.backends.sqlite3"
    assert values["CACHE"].endswith("LocMemCache")
    assert values["SEARCH"] == "wagtail.search.backends.database"
    assert values["TASKS"].endswith("ImmediateBackend")
    assert values["MAIL"].endswith("console.EmailBackend")
    assert values["LANGUAGE_CODE"] == "vi"
    assert values["TIME_ZONE"] == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(("module", "default"), [("portal.settings.dev", True), ("portal.settings.test", False)])
def test_debug_is_read_from_the_environment(module, default):
    assert probe(module)["DEBUG"] is default
    assert probe(module, DEBUG="0")["DEBUG"] is False
    assert probe(module, DEBUG="1")["DEBUG"] is True


def test_production_reads_every_service_from_the_environment():
    values = probe(
        "portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="chuyendoiso.example.vn",
        DATABASE_URL="postgres://portal@db.example.vn:5432/portal",
        REDIS_URL="redis://cache.example.vn:6379/1",
        ELASTICSEARCH_URL="http://search.example.vn:9200",
        EMAIL_URL="smtp://mailer:secret@smtp.example.vn:587?tls=1",
        DEBUG="1",
    )
    assert values["DEBUG"] is True
    assert values["DB"] == "django.db.backends.postgresql"
    assert values["CACHE"] == "django_redis.cache.RedisCache"
    # Wagtail's own (admin) search stays on the database, folded by the portal_vi configuration;
    # the portal's search service uses Elasticsearch (see portal.search).
    assert values["SEARCH"] == "wagtail.search.backends.database"
    assert values["SEARCH_CONFIG"] == "portal_vi"
    assert values["ELASTICSEARCH"] == "http://search.example.vn:9200"
    assert values["TASKS"] == "django_tasks_db.DatabaseBackend"
    assert values["MAIL"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["STATIC"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert probe("portal.settings.production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="a.vn")["DEBUG"] is False


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secrets(missing):
    env = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "chuyendoiso.example.vn"}
    del env[missing]
    result = run("portal.settings.production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


@pytest.mark.slow
def test_production_passes_check_deploy():
    code = (
        "import django\n"
        "from django.core.management import call_command\n"
        "django.setup()\n"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    result = run("portal.settings.production", code=code, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="chuyendoiso.example.vn")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_bad_boolean_is_a_clear_error():
    result = run("portal.settings.dev", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_email_url_parsing():
    smtp = mailers_from_url("smtp://user%40x:p%40ss@smtp.example.vn:587?tls=1")["default"]
    assert smtp["OPTIONS"]["host"] == "smtp.example.vn"
    assert smtp["OPTIONS"]["port"] == 587
    assert smtp["OPTIONS"]["username"] == "user@x" and smtp["OPTIONS"]["password"] == "p@ss"
    assert smtp["OPTIONS"]["use_tls"] is True and smtp["OPTIONS"]["use_ssl"] is False
    assert mailers_from_url("smtps://smtp.example.vn")["default"]["OPTIONS"]["port"] == 465
    assert mailers_from_url(None)["default"]["BACKEND"].endswith("console.EmailBackend")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        mailers_from_url("carrier-pigeon://x")


def test_wsgi_defaults_to_production_and_manage_to_dev():
    assert 'setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")' in (ROOT / "portal/wsgi.py").read_text()
    assert 'setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")' in (ROOT / "manage.py").read_text()
