"""Anonymous pages are cacheable by shared caches; publishing purges them."""

import pytest
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from home.models import HandbookChapterPage

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_public_and_carries_no_cookie(client):
    response = client.get("/cam-nang/")
    assert "public" in response["Cache-Control"]
    assert "s-maxage=600" in response["Cache-Control"]
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_signed_in_pages_are_private(client, superuser):
    client.force_login(superuser)
    response = client.get("/cam-nang/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_errors_and_healthz_are_not_shared(client):
    assert "public" not in client.get("/khong-co/")["Cache-Control"]
    assert "public" not in client.get("/healthz")["Cache-Control"]


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)

    def purge_batch(self, urls):
        self.purged.extend(urls)


def test_publishing_purges_the_page_its_parent_and_the_home_page(settings):
    settings.WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "tests.portal.test_caching.RecordingBackend"}}
    RecordingBackend.purged.clear()
    chapter = HandbookChapterPage.objects.get(slug="xa-hoi-so")
    chapter.title = "Xã hội số (cập nhật)"
    chapter.save_revision().publish()
    purged = set(RecordingBackend.purged)
    assert "http://localhost/cam-nang/xa-hoi-so/" in purged
    assert "http://localhost/cam-nang/" in purged
    assert "http://localhost/" in purged


def test_menu_changes_as_soon_as_a_page_is_published(client, home_page):
    from tests.factories import StandardPageFactory

    client.get("/")  # fills the menu cache
    page = StandardPageFactory(parent=home_page, title="Mục mới trên menu", show_in_menus=True, live=False)
    assert "Mục mới trên menu" not in client.get("/").content.decode()
    page.save_revision().publish()
    assert "Mục mới trên menu" in client.get("/").content.decode()
