"""The dashboard's figures kept between requests (kpi.views.Dashboard, under the database's "kpi"
generation): the kept page is the one computed afresh, for every filter; any write to what it
shows, a bulk update without signals included, shows on the next request; a warm request reads
no KPI table; and a signed-in editor's page differs only where it did."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import DocumentType, LegalDocument
from kpi import progress
from kpi.apps import GENERATION_TABLES
from kpi.models import Indicator, Measurement, Plan, Target
from kpi.views import filter_choices
from portal import generations
from portal.models import Organisation
from tests.queries import queries_of

pytestmark = pytest.mark.django_db


def dashboard_urls():
    """The dashboard under each plan, place, target year and status, alone and with ?nam=2025."""
    plans, places = filter_choices()
    years = sorted(set(Target.objects.values_list("year", flat=True)))
    queries = [{}]
    queries += [{"ke-hoach": slug} for slug in plans] + [{"dia-phuong": key} for key in places]
    queries += [{"nam": year} for year in years] + [{"tinh-trang": status} for status in progress.STATUS_LABELS]
    queries += [{"nam": 2025, "ke-hoach": slug} for slug in plans]
    queries += [{"nam": 2025, "tinh-trang": status} for status in progress.STATUS_LABELS]
    queries += [{"nam": 2025, "dia-phuong": key} for key in places]
    queries += [{"ke-hoach": "khong-co", "tinh-trang": "x"}, {"nam": 1990}, {"nam": "abc", "khac": "1"}]
    return ["/chi-tieu/?" + urlencode(query) if query else "/chi-tieu/" for query in queries]


def fresh(client, url, settings):
    """The page computed and rendered afresh (nothing kept)."""
    timeout, settings.KPI_CACHE_TIMEOUT = settings.KPI_CACHE_TIMEOUT, 0
    try:
        return client.get(url).content.decode()
    finally:
        settings.KPI_CACHE_TIMEOUT = timeout


def kpi_reads(client, url):
    return [sql for sql in queries_of(client, url) if '"kpi_' in sql]


def card(html, slug):
    return re.search(rf'<h3><a href="/chi-tieu/{slug}/">.*?</article>', html, re.DOTALL).group(0)


def test_the_kept_dashboard_is_the_one_computed_afresh_for_every_filter(client, settings):
    assert settings.KPI_CACHE_TIMEOUT > 0 and generations.current("kpi") is not None
    urls = dashboard_urls()
    assert len(urls) > 30 and "/chi-tieu/?nam=2025" in urls
    for url in urls:
        computed = client.get(url).content.decode()  # computed, then kept
        assert not kpi_reads(client, url), url  # the second reading is the kept one
        kept = client.get(url).content.decode()
        assert kept == computed == fresh(client, url, settings), url
    # Each filter has its own page: the plans' pages differ from each other and from the whole.
    pages = {client.get(url).content for url in urls[: 1 + len(filter_choices()[0])]}
    assert len(pages) == 1 + len(filter_choices()[0])


def test_the_kept_dashboard_is_kept_per_language(client, settings):
    vietnamese = client.get("/chi-tieu/?nam=2025").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/chi-tieu/?nam=2025").content.decode()
    assert english != vietnamese and '<html lang="en">' in english
    assert (
        english == client.get("/chi-tieu/?nam=2025").content.decode() == fresh(client, "/chi-tieu/?nam=2025", settings)
    )
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert client.get("/chi-tieu/?nam=2025").content.decode() == vietnamese


def test_a_bulk_update_without_signals_shows_on_the_next_request(client, settings, home_page):
    before = client.get("/chi-tieu/").content.decode()
    client.get("/")
    assert not kpi_reads(client, "/chi-tieu/") and not kpi_reads(client, "/")
    assert "(2024): <strong>22% GRDP</strong>" in card(before, "kinh-te-so-grdp")

    # A queryset's update() sends no signal: the database's triggers renew the generation.
    Measurement.objects.filter(indicator__slug="kinh-te-so-grdp", year=2024).update(value=41)
    after = client.get("/chi-tieu/").content.decode()
    assert "(2024): <strong>41% GRDP</strong>" in card(after, "kinh-te-so-grdp")
    assert "kpi-status--dat" in card(after, "kinh-te-so-grdp")
    assert after == fresh(client, "/chi-tieu/", settings)
    if "kinh-te-so-grdp" in client.get("/").content.decode():  # the home page's figures follow
        assert "41% GRDP" in client.get("/").content.decode()

    # What the cards and the form show of the plans, their documents and the places.
    plan = Plan.objects.exclude(document__number="").filter(document__isnull=False).first()
    LegalDocument.objects.filter(pk=plan.document_id).update(number="999/THU-NGHIEM")
    assert f"{plan.document.document_type.abbreviation} 999/THU-NGHIEM" in client.get("/chi-tieu/").content.decode()
    DocumentType.objects.filter(pk=plan.document.document_type_id).update(abbreviation="LOAI-THU")
    assert "LOAI-THU 999/THU-NGHIEM" in client.get("/chi-tieu/").content.decode()
    place = Organisation.objects.filter(indicators__isnull=False).distinct().first()
    Organisation.objects.filter(pk=place.pk).update(area_name="Nơi đổi tên để thử")
    assert "Nơi đổi tên để thử" in client.get("/chi-tieu/").content.decode()
    Target.objects.filter(indicator__slug="kinh-te-so-grdp", year=2030).update(value=55)
    assert "Mục tiêu 2030: <strong>≥ 55% GRDP</strong>" in client.get("/chi-tieu/").content.decode()
    Indicator.objects.filter(slug="kinh-te-so-grdp").update(name="Tỷ trọng kinh tế số (đổi tên)")
    html = client.get("/chi-tieu/").content.decode()
    assert "Tỷ trọng kinh tế số (đổi tên)" in html and html == fresh(client, "/chi-tieu/", settings)
    # Deleted without signals too.
    Measurement.objects.filter(indicator__slug="kinh-te-so-grdp").delete()
    assert "Chưa có số liệu đo." in card(client.get("/chi-tieu/").content.decode(), "kinh-te-so-grdp")


@pytest.mark.parametrize("url", ["/chi-tieu/", "/chi-tieu/?nam=2025", "/chi-tieu/?ke-hoach=qd-2393&dia-phuong=tphcm"])
def test_a_warm_dashboard_stays_within_its_query_budget(client, url, django_assert_max_num_queries):
    client.get(url)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert not kpi_reads(client, url)


def test_the_generation_covers_every_table_the_dashboard_and_home_section_read(client, settings, home_page):
    settings.KPI_CACHE_TIMEOUT = 0  # computed on every request: every query is seen
    kept = set(generations.SUBJECTS["kpi"]) | set(generations.SUBJECTS["pages"])
    assert set(GENERATION_TABLES) <= set(generations.SUBJECTS["kpi"])
    for url in ["/chi-tieu/", "/chi-tieu/?ke-hoach=qd-2393&dia-phuong=tphcm&nam=2025&tinh-trang=dat"]:
        client.get(url)  # what every page reads first (portal/chrome.py) is kept under "pages"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        read = {table for query in queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}
        assert read and read <= kept, read - kept
    from kpi.wagtail_hooks import home_place_slug, home_rows

    with CaptureQueriesContext(connection) as queries:
        assert home_rows(home_place_slug(), 2026)
    read = {table for query in queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}
    assert read and read <= kept, read - kept


def test_a_signed_in_editor_gets_the_same_figures_and_their_own_page(client, editor, settings):
    def figures(html):
        return html[html.index('<form method="get" class="kpi-filters"') : html.index('<p class="export">')]

    anonymous = client.get("/chi-tieu/?nam=2025").content.decode()
    client.force_login(editor)
    signed_in = client.get("/chi-tieu/?nam=2025").content.decode()
    assert figures(signed_in) == figures(anonymous) == figures(fresh(client, "/chi-tieu/?nam=2025", settings))
    assert "wagtail-userbar" in signed_in and "wagtail-userbar" not in anonymous
    client.logout()
    assert client.get("/chi-tieu/?nam=2025").content.decode() == anonymous
