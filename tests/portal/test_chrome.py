"""portal.chrome: what every page asks before its own content (the site, the root page, the view
restrictions, the header's and footer's site settings and links) is kept between requests, and
every change an editor can make shows on the next request."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from home.models import HandbookChapterPage, SiteSettings, StandardPage
from portal import chrome
from portal.models.pages import child_types
from tests.factories import HandbookChapterPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

CHAPTER = "/cam-nang/xa-hoi-so/"


def _footer(html):
    return html.split('<footer class="site-footer">', 1)[1]


def _tables(queries):
    return " ".join(query["sql"] for query in queries)


def _second_request_queries(client, path):
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return _tables(queries.captured_queries)


# --- fewer queries ------------------------------------------------------------------------------


def test_the_site_settings_restrictions_and_footer_links_are_not_read_again(client):
    sql = _second_request_queries(client, CHAPTER)
    for table in ("wagtailcore_site", "home_sitesettings", "home_homepage"):
        assert f'"{table}"' not in sql, table
    # Wagtail's check of the page's and its ancestors' restrictions.
    assert '"wagtailcore_pageviewrestriction"."page_id" IN' not in sql


def test_routing_reads_no_page_again_and_the_breadcrumbs_need_no_query(client):
    with CaptureQueriesContext(connection) as cold:
        client.get(CHAPTER)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(CHAPTER).content.decode()
    routing = [query["sql"] for query in queries.captured_queries if '"wagtailcore_page"."slug" =' in query["sql"]]
    assert routing == []
    assert len(queries) < len(cold)
    crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="([^"]+)">', crumbs) == ["/", "/cam-nang/"]


def test_routing_reads_each_level_once_when_the_pages_changed(client):
    client.get(CHAPTER)  # remembers the handbook's and the chapter's types
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(CHAPTER)
    routing = [query["sql"] for query in queries.captured_queries if '"wagtailcore_page"."slug" =' in query["sql"]]
    # The handbook, then the chapter, each from its own type's table.
    assert len(routing) == 2 and all('"home_handbook' in sql for sql in routing), routing


def test_a_published_change_to_a_page_shows_on_the_next_request(client):
    assert client.get(CHAPTER).status_code == 200
    chapter = HandbookChapterPage.objects.get(url_path__endswith="/cam-nang/xa-hoi-so/")
    chapter.title = "Xã hội số: bản sửa"
    chapter.save_revision()  # a draft: the public page stays as it was
    assert "Xã hội số: bản sửa" not in client.get(CHAPTER).content.decode()
    chapter.save_revision().publish()
    assert "Xã hội số: bản sửa" in client.get(CHAPTER).content.decode()
    chapter.unpublish()
    assert client.get(CHAPTER).status_code == 404


def test_breadcrumbs_fall_back_to_the_database_without_the_routing(home_page):
    chapter = HandbookChapterPage.objects.get(url_path__endswith="/cam-nang/xa-hoi-so/")
    assert [page.slug for page in chapter.breadcrumb_ancestors()] == ["cam-nang"]


# --- every change shows on the next request -----------------------------------------------------


def test_a_page_published_into_the_menu_shows_on_the_next_request(client, home_page):
    client.get(CHAPTER)
    page = StandardPageFactory(parent=home_page, title="Mục mới của menu", show_in_menus=True, live=False)
    assert "Mục mới của menu" not in client.get(CHAPTER).content.decode()
    page.save_revision().publish()
    assert "Mục mới của menu" in client.get(CHAPTER).content.decode()


def test_footer_links_follow_the_pages_they_link_to(client):
    terms = StandardPage.objects.get(slug="dieu-khoan-su-dung")
    assert 'href="/dieu-khoan-su-dung/"' in _footer(client.get(CHAPTER).content.decode())
    terms.title = "Điều khoản (sửa đổi)"
    terms.save_revision().publish()
    assert "Điều khoản (sửa đổi)" in _footer(client.get(CHAPTER).content.decode())
    terms.unpublish()
    assert 'href="/dieu-khoan-su-dung/"' not in _footer(client.get(CHAPTER).content.decode())


def test_editing_the_site_settings_shows_on_the_next_request(client):
    client.get(CHAPTER)
    site_settings = SiteSettings.objects.get()
    site_settings.organisation_name = "Sở thử nghiệm bộ nhớ đệm"
    site_settings.address = "1 Đường Thử, Quận 1"
    site_settings.save()
    html = client.get(CHAPTER).content.decode()
    assert '<span class="site-brand__agency" lang="vi">Sở thử nghiệm bộ nhớ đệm</span>' in html
    assert "1 Đường Thử, Quận 1" in _footer(html)


def test_the_footer_follows_the_interface_language(client):
    assert "Cơ quan vận hành và liên hệ" in _footer(client.get(CHAPTER).content.decode())
    client.cookies["portal_language"] = "en"
    footer = _footer(client.get(CHAPTER).content.decode())
    assert "Operator and contact" in footer and "Cơ quan vận hành và liên hệ" not in footer
    client.cookies["portal_language"] = "vi"
    assert "Cơ quan vận hành và liên hệ" in _footer(client.get(CHAPTER).content.decode())


def test_a_view_restriction_applies_on_the_next_request(client):
    assert client.get(CHAPTER).status_code == 200
    handbook = Page.objects.get(url_path__endswith="/cam-nang/")
    restriction = PageViewRestriction.objects.create(
        page=handbook, restriction_type=PageViewRestriction.PASSWORD, password="mk"
    )
    response = client.get(CHAPTER)
    assert 'name="password"' in response.content.decode()
    assert "public" not in response["Cache-Control"]
    restriction.delete()
    assert 'name="password"' not in client.get(CHAPTER).content.decode()


def test_a_change_no_signal_announced_applies_on_the_next_request(client):
    """What another worker process changes reaches this one's cache through no signal (without
    Redis each process has its own): the keys hold the database's "pages" generation, which
    triggers renew on any write. A restriction, a page's title and the site settings written
    behind the signals' back (bulk_create, update) show on the next request."""
    assert client.get(CHAPTER).status_code == 200
    handbook = Page.objects.get(url_path__endswith="/cam-nang/")
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=handbook, restriction_type=PageViewRestriction.PASSWORD, password="mk")]
    )
    assert 'name="password"' in client.get(CHAPTER).content.decode()
    PageViewRestriction.objects.filter(page=handbook).delete()
    assert client.get(CHAPTER).status_code == 200
    SiteSettings.objects.update(organisation_name="Sở Khoa học và Công nghệ Thành phố (thử)")
    assert "Sở Khoa học và Công nghệ Thành phố (thử)" in client.get(CHAPTER).content.decode()


def test_the_menu_follows_a_page_changed_behind_the_signals_back(client, home_page):
    """The main menu (portal.navigation) is kept under the same generation: a menu title written
    by a bulk update, which sends no signal, shows on the next request."""
    StandardPageFactory(parent=home_page, title="Giới thiệu thử", slug="gioi-thieu-thu", show_in_menus=True)
    assert "Giới thiệu thử" in client.get("/").content.decode()
    Page.objects.filter(slug="gioi-thieu-thu").update(title="Giới thiệu đã đổi")
    html = client.get("/").content.decode()
    assert "Giới thiệu đã đổi" in html and "Giới thiệu thử" not in html


def test_without_generations_nothing_is_kept_and_every_change_shows(client, monkeypatch):
    """A database that keeps no generation (neither PostgreSQL nor SQLite): the site, the
    restrictions, the chrome, the menu, the rendered fragments and the citations are computed
    for each request, never kept under a key that no change would replace."""
    from portal import generations

    monkeypatch.setattr(generations, "current", lambda name: None)
    cache.clear()
    assert client.get(CHAPTER).status_code == 200
    assert client.get("/van-ban/").status_code == 200
    assert client.get("/").status_code == 200
    kept = list(cache._cache)  # the local-memory cache of the tests
    assert not [
        key
        for key in kept
        if any(part in key for part in ("chrome:", "main-menu:", "page-url:", "fragments:", "documents:citation"))
    ], kept
    SiteSettings.objects.update(organisation_name="Cơ quan vận hành (thử, không thế hệ)")
    assert "Cơ quan vận hành (thử, không thế hệ)" in client.get(CHAPTER).content.decode()


def test_an_alias_takes_its_sources_restriction(client, home_page):
    handbook = Page.objects.get(url_path__endswith="/cam-nang/")
    client.get(CHAPTER)  # caches "no alias, no restriction"
    source = StandardPageFactory(parent=handbook, title="Nguồn", slug="nguon")
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.PASSWORD, password="mk")
    source.create_alias(parent=home_page, update_slug="ban-sao")
    assert 'name="password"' in client.get("/ban-sao/").content.decode()


def test_a_new_site_and_a_changed_hostname_are_found_at_once(client, home_page):
    other_root = StandardPageFactory(parent=home_page, title="Gốc khác", slug="goc-khac")
    StandardPageFactory(parent=other_root, title="Trang của site khác", slug="trang-rieng")
    assert client.get("/trang-rieng/", headers={"host": "other.example"}).status_code == 404
    site = Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    assert client.get("/trang-rieng/", headers={"host": "other.example"}).status_code == 200
    site.hostname = "renamed.example"
    site.save()
    assert client.get("/trang-rieng/", headers={"host": "other.example"}).status_code == 404
    assert client.get("/trang-rieng/", headers={"host": "renamed.example"}).status_code == 200


def test_a_moved_or_replaced_page_is_routed_right_despite_the_remembered_type(client, home_page):
    handbook = Page.objects.get(url_path__endswith="/cam-nang/")
    page = HandbookChapterPageFactory(parent=handbook, title="Chương tạm", slug="chuong-tam")
    assert client.get("/cam-nang/chuong-tam/").status_code == 200
    assert child_types.entries.get((handbook.pk, "chuong-tam")) == page.content_type_id
    page.delete()
    assert client.get("/cam-nang/chuong-tam/").status_code == 404
    StandardPageFactory(parent=handbook, title="Trang thay thế", slug="chuong-tam")
    response = client.get("/cam-nang/chuong-tam/")
    assert response.status_code == 200 and "Trang thay thế" in response.content.decode()
    # Moved elsewhere: the old address redirects (Wagtail's automatic redirect), the new one answers.
    chapter = Page.objects.get(url_path__endswith="/cam-nang/chuong-tam/")
    chapter.move(home_page, pos="last-child")
    old = client.get("/cam-nang/chuong-tam/")
    assert old.status_code == 301 and old["Location"] == "/chuong-tam/"
    assert client.get("/chuong-tam/").status_code == 200


# --- nothing of the visitor's in what is shared --------------------------------------------------


def test_the_shared_fragments_hold_nothing_of_the_visitor(client, superuser):
    superuser.first_name = "Tên-riêng-của-người-dùng"
    superuser.save()
    client.force_login(superuser)
    client.get("/tai-khoan/dang-nhap/")  # a page with a CSRF token
    html = client.get(CHAPTER).content.decode()
    assert "Trang của tôi" in html  # the signed-in header
    site = chrome.site_for_request(RequestFactory().get(CHAPTER))
    cached = cache.get(chrome.chrome_key(site.pk, "vi"))
    assert cached is not None
    text = repr(cached)
    for private in ("Tên-riêng-của-người-dùng", superuser.email, "csrfmiddlewaretoken", "Trang của tôi"):
        assert private not in text
    client.logout()
    anonymous = client.get(CHAPTER).content.decode()
    assert "Trang của tôi" not in anonymous and "Tên-riêng-của-người-dùng" not in anonymous


# --- the site as Wagtail finds it ---------------------------------------------------------------


@pytest.mark.parametrize(
    "sites",
    [
        [("localhost", 80, True)],
        [("localhost", 80, True), ("a.example", 80, False)],
        [("localhost", 80, True), ("a.example", 80, False), ("a.example", 8080, False)],
        [("a.example", 80, False), ("a.example", 8080, False)],
        [("a.example", 8080, True), ("a.example", 80, False)],
        [("b.example", 80, False)],
    ],
)
def test_the_cached_site_is_the_one_wagtail_finds(home_page, sites):
    Site.objects.all().delete()
    for hostname, port, default in sites:
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=home_page)
    cached = chrome.all_sites()
    for hostname in ("localhost", "a.example", "b.example", "c.example"):
        for port in (80, 8080, 443):
            try:
                expected = get_site_for_hostname(hostname, port).pk
            except Site.DoesNotExist:
                expected = None
            found = chrome.match_site(cached, hostname, port)
            assert (found.pk if found else None) == expected, (hostname, port)


def test_the_site_middleware_leaves_static_files_alone(rf):
    request = rf.get("/static/css/portal.css")
    chrome.SiteMiddleware(lambda request: HttpResponse())(request)
    assert not hasattr(request, "_wagtail_site")
