"""Issue 11, item 21: the sitemap names the host it was asked on, search results date seeded pages
by their own dates, and every breadcrumb starts at "Trang chủ"."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from documents.models import LegalDocument
from news.models import ArticlePage, BulletinPage

pytestmark = pytest.mark.django_db


# --- the sitemap ------------------------------------------------------------------------------------


def _locations(response):
    assert response.status_code == 200
    return re.findall(r"<loc>(.*?)</loc>", response.content.decode())


@pytest.mark.parametrize("host", ["cds.hochiminhcity.gov.vn", "127.0.0.1:8110", "localhost:8000"])
def test_the_sitemap_names_the_host_it_was_asked_on(client, host):
    site = Site.objects.get(is_default_site=True)
    assert site.hostname == "localhost"  # the seeded catch-all site
    locations = _locations(client.get("/sitemap.xml", HTTP_HOST=host))
    assert len(locations) > 10
    assert all(location.startswith(f"http://{host}/") for location in locations), locations[:3]
    assert f"http://{host}/chi-tieu/kinh-te-so-grdp/" in locations
    assert not any(location.startswith("http://localhost/") for location in locations)


def test_the_sitemap_of_two_hosts_differs_only_by_host(client):
    one = _locations(client.get("/sitemap.xml", HTTP_HOST="a.example.vn"))
    two = _locations(client.get("/sitemap.xml", HTTP_HOST="b.example.vn:8443"))
    assert [loc.replace("http://a.example.vn", "") for loc in one] == [
        loc.replace("http://b.example.vn:8443", "") for loc in two
    ]


@pytest.fixture
def renamed_site():
    """The default site given its own hostname; Wagtail's cached root paths are cleared after the
    test (the rollback of the test's transaction sends no signal to clear them)."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "cds.example.vn", 443
    site.save()
    yield site
    Site.clear_site_root_paths_cache()


def test_a_site_with_its_own_hostname_keeps_it(client, renamed_site):
    locations = _locations(client.get("/sitemap.xml", HTTP_HOST="cds.example.vn", secure=True))
    assert locations and all(location.startswith("https://cds.example.vn/") for location in locations)


# --- dates of seeded pages -----------------------------------------------------------------------------


def test_the_seed_dates_pages_and_documents_by_their_sources():
    today = timezone.localdate()
    articles = list(ArticlePage.objects.all())
    assert articles
    for article in articles:
        assert timezone.localdate(article.first_published_at) == article.date != today
        assert timezone.localdate(article.last_published_at) == article.date
    bulletin = BulletinPage.objects.get()
    assert timezone.localdate(bulletin.first_published_at) == datetime.date(bulletin.year, bulletin.month, 1)
    for document in LegalDocument.objects.exclude(issued_on=None):
        assert timezone.localdate(document.first_published_at) == document.issued_on


def _hits(client, query, **params):
    response = client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    return response.context["results"].page.object_list


def test_search_results_show_the_pages_own_dates(client):
    article = ArticlePage.objects.filter(title__icontains="EVN").first() or ArticlePage.objects.first()
    hits = _hits(client, article.title)
    hit = next(hit for hit in hits if hit.url == article.url)
    assert hit.date == article.date
    html = client.get("/tim-kiem/", {"q": article.title}).content.decode()
    assert article.date.isoformat() in html
    bulletin = BulletinPage.objects.get()
    hit = next(hit for hit in _hits(client, bulletin.title) if hit.url == bulletin.url)
    assert hit.date == datetime.date(bulletin.year, bulletin.month, 1)
    document = LegalDocument.objects.exclude(issued_on=None).exclude(number="").first()
    hit = next(
        hit for hit in _hits(client, document.number) if hit.title == document.title or document.number in hit.title
    )
    assert hit.date == document.issued_on


def test_page_date_rules():
    from home.models import AlbumPage
    from portal.search.sources import page_date

    published = timezone.make_aware(datetime.datetime(2023, 5, 6, 9, 0))
    album = AlbumPage(title="Album", album_date=datetime.date(2022, 4, 12), first_published_at=published)
    assert page_date(album) == datetime.date(2022, 4, 12)
    album.album_date = None
    assert page_date(album) == datetime.date(2023, 5, 6)
    article = ArticlePage(title="Bài", date=datetime.date(2022, 4, 12), first_published_at=published)
    assert page_date(article) == datetime.date(2022, 4, 12)
    plain = Page(title="Trang", first_published_at=published)
    assert page_date(plain) == datetime.date(2023, 5, 6)


# --- breadcrumbs ----------------------------------------------------------------------------------------


def test_every_breadcrumb_starts_at_trang_chu(client):
    home = Site.objects.get(is_default_site=True).root_page
    assert home.title != "Trang chủ"
    pages = Page.objects.live().public().filter(depth__gt=2).specific()
    urls = [page.url for page in pages if page.url]
    urls += ["/chi-tieu/kinh-te-so-grdp/"]
    document = LegalDocument.objects.filter(live=True).first()
    if document is not None and hasattr(document, "url"):
        urls.append(document.url)
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.DOTALL)
        if nav is None:
            continue
        items = re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1), re.DOTALL)
        first = re.sub(r"<[^>]+>", "", items[0]).strip()
        assert first == "Trang chủ", (url, items)
        assert home.title not in nav.group(1), url
        checked += 1
    assert checked >= 10
