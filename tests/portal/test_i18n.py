import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def test_vietnamese_is_the_default_whatever_the_browser_prefers(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html
    assert ">Trang chủ<" in html
    assert "Tìm kiếm trên cổng thông tin" in html


def test_language_switch_turns_the_interface_english_and_back(client):
    response = client.get(reverse("switch_language", args=("en",)), {"next": "/cam-nang/"})
    assert response.status_code == 302
    assert response["Location"] == "/cam-nang/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert ">Home<" in html
    assert "Skip to main content" in html
    # The content stays Vietnamese and says so.
    assert '<div class="container" lang="vi">' in html
    client.get(reverse("switch_language", args=("vi",)), {"next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.get(reverse("switch_language", args=("en",)), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_language_is_not_found(client):
    assert client.get(reverse("switch_language", args=("fr",))).status_code == 404


def test_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_responses_vary_on_the_language_cookie(client):
    response = client.get("/")
    assert "Cookie" in response["Vary"]
    assert response["Content-Language"] == "vi"


def test_every_interface_string_has_an_english_translation():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    with open(LOCALE / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    msgids = [key for key in catalog if key]
    assert len(msgids) > 50
    untranslated = [key for key, value in catalog.items() if key and not value]
    assert not untranslated


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_compiled_catalog_is_up_to_date(tmp_path):
    """locale/en/LC_MESSAGES/django.mo is compiled from the committed django.po (run `make messages`)."""
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(LOCALE / "django.po")], check=True)
    with open(fresh, "rb") as handle:
        expected = gettext.GNUTranslations(handle)._catalog
    with open(LOCALE / "django.mo", "rb") as handle:
        committed = gettext.GNUTranslations(handle)._catalog
    assert committed == expected
