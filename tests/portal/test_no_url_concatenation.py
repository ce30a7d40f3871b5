"""Issue 12 item 4: URLs come from Wagtail's and Django's URL tools (`pageurl`, `routablepageurl`,
named routes, `get_absolute_url`), never from strings joined by hand, so that editors may rename
or move a page. The exports and the bulletin's unsubscription live under their pages, and their
old addresses redirect permanently."""

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache

from documents.models import DocumentLibraryPage, LegalDocument
from kpi.models import Indicator, KpiDashboardPage
from news import subscriptions
from news.models import BulletinIndexPage, Subscriber

ROOT = Path(settings.BASE_DIR)

# The forum's templates are another helper's until merged; the lead widens the scan then. The
# admin's templates are Wagtail's own, overridden in a few blocks.
EXCLUDED = ("templates/wagtailadmin",)

# Each pattern is a way of building a URL by hand in a template.
PATTERNS = {
    # {{ page.url }}rss/, {{ page.url }}?nam=..., {{ page.url }}{{ document.slug }}/
    "text after a URL variable": re.compile(r"\burl \}\}[^\"'\s<]"),
    # {% pageurl page %}dang-ky/, {% url 'x' %}?next=..., {% routablepageurl page "a" %}{{ b }}
    "text after a URL tag": re.compile(
        r"\{% (?:pageurl|routablepageurl|slugurl|url) (?:(?! as )(?!%\}).)* %\}[^\"'\s<{]"
    ),
    "a variable after a URL tag": re.compile(r"\{% (?:pageurl|routablepageurl|slugurl|url) (?:(?!%\}).)*%\}\{\{"),
    # href="{{ base_url }}{{ item.url }}"
    "two variables joined in an address": re.compile(r"(?:href|src|action|content)=\"\{\{[^}]*\}\}\{\{"),
    # href="/chi-tieu/export.csv...", "Disallow: /tim-kiem/"
    "a page's path written out": re.compile(
        r"/(?:van-ban|tin-tuc|chi-tieu|tim-kiem|ban-tin|dien-dan|cam-nang|thu-vien|gioi-thieu|tai-khoan)/"
    ),
    # href="?{{ request.GET.urlencode }}", href="...?the={{ tag.slug }}"
    "a query string written out": re.compile(r"(?:href|src|action)=\"[^\"]*\?[^\"]*\{\{"),
    "the add filter on an address": re.compile(r"url[^}]*\|add:"),
}


def template_files():
    folders = [ROOT / "templates"] + [path for path in ROOT.glob("*/templates") if path.parent.name != "forum"]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(ROOT).as_posix()
            if path.is_file() and path.suffix in (".html", ".txt", ".xml") and not relative.startswith(EXCLUDED):
                yield relative, path


def concatenations(text):
    """(line number, pattern name, line) for each hand-built URL in a template's text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for name, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append((number, name, line.strip()[:160]))
    return found


@pytest.mark.parametrize(
    "line",
    [
        '<a href="{{ page.url }}rss/">',
        '<a href="{{ page.url }}?nam={{ row.y }}">',
        '<a href="{{ page.url }}{{ document.slug }}/">',
        '<a href="{% pageurl page.get_parent %}dang-ky/">',
        '<a href="{% pageurl page.get_parent %}?the={{ tag.slug }}">',
        "<a href=\"{% url 'switch_language' code %}?next={{ request.get_full_path }}\">",
        '<a href="{% routablepageurl page "document" %}{{ x }}">',
        '<a href="{{ base_url }}{{ item.value.article.url }}">',
        '<a href="/chi-tieu/export.csv{% query_replace %}">',
        "Disallow: /tim-kiem/",
        '<form action="?{{ request.GET.urlencode }}">',
        '<a href="{{ page.url|add:"rss/" }}">',
    ],
)
def test_the_scan_finds_each_way_of_joining_urls_by_hand(line):
    assert concatenations(line), line


@pytest.mark.parametrize(
    "line",
    [
        '<a href="{% routablepageurl page "document" document.slug %}">',
        '{% routablepageurl page "export" "csv" as export_csv %}<a href="{% query_replace url=export_csv %}">',
        '<a href="{% url_with_query news_url "the" tag.slug %}">',
        "{% url 'switch_language' code as switch_url %}<a href=\"{% url_with_query switch_url 'next' x %}\">",
        '<a href="{{ document.url }}">',
        '<a href="{% pageurl article %}">',
        '<a href="#{{ item.anchor }}">',
        '<a href="{{ item.value.article.url|absolute_url:base_url }}">',
    ],
)
def test_the_scan_lets_the_url_tools_pass(line):
    assert not concatenations(line), line


def test_no_template_builds_a_url_by_hand():
    found = [
        f"{relative}:{number}: {name}: {line}"
        for relative, path in template_files()
        for number, name, line in concatenations(path.read_text(encoding="utf-8"))
    ]
    assert len(list(template_files())) > 20
    assert not found, "URLs joined by hand:\n" + "\n".join(found)


# --- The routes that moved under their pages -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/van-ban/export.csv", "/van-ban/du-lieu-mo/csv/"),
        ("/van-ban/export.json", "/van-ban/du-lieu-mo/json/"),
        ("/chi-tieu/export.csv", "/chi-tieu/du-lieu-mo/csv/"),
        ("/chi-tieu/export.json", "/chi-tieu/du-lieu-mo/json/"),
    ],
)
def test_exports_answer_under_their_pages_and_the_old_addresses_redirect(client, old, new):
    response = client.get(new)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv" if new.endswith("csv/") else "application/json")
    redirect = client.get(old, {"nam": "2022"})
    assert redirect.status_code == 301
    assert redirect["Location"] == f"{new}?nam=2022"
    assert client.get(old.rsplit(".", 1)[0] + ".xml").status_code == 404
    assert client.get(new.rsplit("/", 2)[0] + "/xml/").status_code == 404
    assert client.post(new).status_code == 405


@pytest.mark.django_db
def test_the_listings_link_their_exports_through_the_routes(client):
    html = client.get("/van-ban/", {"loai": "ke-hoach", "trang": "2"}).content.decode()
    assert 'href="/van-ban/du-lieu-mo/csv/?loai=ke-hoach"' in html
    html = client.get("/chi-tieu/").content.decode()
    assert 'href="/chi-tieu/du-lieu-mo/json/"' in html


def _rename(page, slug):
    page.slug = slug
    page.save_revision().publish()
    cache.clear()
    return page.__class__.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_renaming_the_library_moves_every_document_and_export(client):
    library = _rename(DocumentLibraryPage.objects.get(), "thu-vien-van-ban")
    response = client.get(library.url)
    document = response.context["documents"][0]
    assert document.get_absolute_url() == f"/thu-vien-van-ban/{document.slug}/"
    assert client.get(document.get_absolute_url()).status_code == 200
    html = response.content.decode()
    assert 'href="/thu-vien-van-ban/du-lieu-mo/csv/"' in html
    assert f'href="/thu-vien-van-ban/{document.slug}/"' in html
    redirect = client.get("/van-ban/export.json", {"q": "2393"})
    assert redirect.status_code == 301 and redirect["Location"] == "/thu-vien-van-ban/du-lieu-mo/json/?q=2393"


@pytest.mark.django_db
def test_renaming_the_dashboard_moves_every_indicator_and_export(client):
    _rename(KpiDashboardPage.objects.get(), "chi-tieu-cds")
    indicator = Indicator.objects.first()
    assert indicator.get_absolute_url() == f"/chi-tieu-cds/{indicator.slug}/"
    assert client.get(indicator.get_absolute_url()).status_code == 200
    redirect = client.get("/chi-tieu/export.csv")
    assert redirect.status_code == 301 and redirect["Location"] == "/chi-tieu-cds/du-lieu-mo/csv/"


@pytest.mark.django_db
def test_without_a_library_documents_have_no_url():
    DocumentLibraryPage.objects.get().unpublish()
    cache.clear()
    assert LegalDocument.objects.first().get_absolute_url() is None


@pytest.mark.django_db
def test_unsubscription_follows_the_bulletin_page_and_old_links_still_work():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    _rename(BulletinIndexPage.objects.get(), "ban-tin-cds")
    Subscriber.objects.create(email="a@example.vn", confirmed_at="2026-01-01T00:00Z")
    Subscriber.objects.create(email="b@example.vn", confirmed_at="2026-01-01T00:00Z")
    token = subscriptions.make_token("a@example.vn", "unsubscribe")
    # New mails carry the page's route.
    path = subscriptions.subscription_path(BulletinIndexPage.objects.get(), "unsubscribe", "a@example.vn")
    assert path.startswith("/ban-tin-cds/huy-dang-ky/?t=")
    # An old mail's link is sent on; its one-click POST is answered where it lands.
    redirect = client.get("/ban-tin/huy-dang-ky/", {"t": token})
    assert (
        redirect.status_code == 301 and redirect["Location"] == f"/ban-tin-cds/huy-dang-ky/?{urlencode({'t': token})}"
    )
    assert client.get(redirect["Location"]).status_code == 200
    response = client.post(f"/ban-tin/huy-dang-ky/?{urlencode({'t': token})}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="a@example.vn").exists()
    # The route under the page takes a one-click POST without a CSRF token too (the exemption on
    # the page's route)...
    other = subscriptions.make_token("b@example.vn", "unsubscribe")
    response = client.post(f"/ban-tin-cds/huy-dang-ky/?{urlencode({'t': other})}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="b@example.vn").exists()
    # ...while the page's other forms still need one.
    assert client.post("/ban-tin-cds/dang-ky/", {"email": "c@example.vn", "consent": "on"}).status_code == 403


@pytest.mark.django_db
def test_search_links_with_the_old_type_parameter_redirect(client):
    response = client.get("/tim-kiem/", {"q": "chuyển đổi số", "loai": "van-ban"})
    assert response.status_code == 301
    assert response["Location"] == "/tim-kiem/?" + urlencode({"q": "chuyển đổi số", "nhom": "van-ban"})
    results = client.get(response["Location"]).context["results"]
    assert results.total > 0 and {hit.type for hit in results.hits} == {"van-ban"}
    facet = next(facet for facet in results.facets if facet.name == "type")
    assert facet.param == "nhom"
