"""The search issue's acceptance list, on the public page /tim-kiem/ (the database engine: SQLite or
PostgreSQL, whichever this run uses)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.search import search, suggest
from portal.text import fold
from tests.factories import StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_engine")]
URL = "/tim-kiem/"


def hits(response):
    return response.context["results"].hits


def test_chuyen_doi_so_without_diacritics_finds_the_titles_that_say_it(client):
    response = client.get(URL, {"q": "chuyen doi so"})
    assert response.status_code == 200
    titles = [hit.title for hit in hits(response)]
    assert titles
    assert all("chuyen doi so" in fold(title) for title in titles[:5])
    assert any("chuyển đổi số" in title.lower() for title in titles)


@pytest.mark.parametrize("variant", ["Đổi", "doi", "đổi", "ĐỔI", "dổi"])
def test_every_written_form_of_doi_matches_the_same_content(variant):
    reference = {hit.url for hit in search("đổi", page_size=500).hits}
    assert reference
    assert {hit.url for hit in search(variant, page_size=500).hits} == reference


def test_exact_diacritics_rank_first(home_page):
    moved = StandardPageFactory(parent=home_page, title="Lịch họp dời sang tuần sau xyzzy")
    changed = StandardPageFactory(parent=home_page, title="Lịch họp đổi địa điểm xyzzy")
    assert [hit.url for hit in search("đổi xyzzy").hits] == [changed.url, moved.url]
    assert [hit.url for hit in search("dời xyzzy").hits] == [moved.url, changed.url]
    # Without diacritics both match, neither is preferred for its marks.
    assert {hit.url for hit in search("doi xyzzy").hits} == {moved.url, changed.url}


@pytest.mark.parametrize("query", ["593 kh ubnd", "593/KH-UBND", "593-kh-ubnd", "593/kh-ubnd"])
def test_a_document_number_in_any_form_is_the_best_bet(client, query):
    results = client.get(URL, {"q": query}).context["results"]
    assert results.best_bet is not None
    assert results.best_bet.title.startswith("Kế hoạch 593/KH-UBND")
    assert results.hits[0].url == "/van-ban/kh-593-kh-ubnd-2022/"
    html = client.get(URL, {"q": query}).content.decode()
    assert html.index("Khớp chính xác") < html.index('class="search-results"')


def test_every_type_of_content_is_searched_in_one_list():
    types = {hit.type for hit in search("chuyen doi so", page_size=500).hits}
    assert {"van-ban", "tin-tuc", "ban-tin", "cam-nang", "trang", "chi-tieu"} <= types


def test_type_filter_and_facet_counts(client):
    everything = client.get(URL, {"q": "chuyen doi so"}).context["results"]
    type_counts = {value.value: value.count for value in everything.facets[0].values}
    assert sum(type_counts.values()) == everything.total
    documents = client.get(URL, {"q": "chuyen doi so", "nhom": "van-ban"}).context["results"]
    assert documents.total == type_counts["van-ban"]
    assert {hit.type for hit in documents.hits} == {"van-ban"}
    # The type facet still counts the other types under the other filters.
    assert {value.value for value in documents.facets[0].values} == set(type_counts)


def test_year_issuer_and_validity_facets_filter_documents(client):
    results = client.get(URL, {"q": "chuyen doi so", "nhom": "van-ban"}).context["results"]
    facets = {facet.name: facet for facet in results.facets}
    assert "2022" in {value.value for value in facets["year"].values}
    issuer = facets["issuer"].values[0]
    narrowed = client.get(URL, {"q": "chuyen doi so", "co-quan": issuer.value}).context["results"]
    assert narrowed.total == issuer.count
    validity = facets["validity"].values[0]
    assert (
        client.get(URL, {"q": "chuyen doi so", "hieu-luc": validity.value}).context["results"].total == validity.count
    )
    in_2022 = client.get(URL, {"q": "chuyen doi so", "nam": "2022"}).context["results"]
    assert all(hit.date.year == 2022 for hit in in_2022.hits)


def test_hits_carry_type_url_date_and_a_highlighted_snippet(client):
    results = client.get(URL, {"q": "kho du lieu dung chung"}).context["results"]
    hit = results.hits[0]
    assert hit.url.startswith("/")
    assert str(hit.type_label)
    assert "<mark>" in hit.title_html
    html = client.get(URL, {"q": "kho du lieu dung chung"}).content.decode()
    assert "<mark>Kho</mark>" in html or "<mark>kho</mark>" in html


def test_pagination(client, settings):
    settings.PORTAL_PAGE_SIZE = 5
    first = client.get(URL, {"q": "chuyen doi so"}).context["results"]
    second = client.get(URL, {"q": "chuyen doi so", "trang": "2"}).context["results"]
    assert first.page.paginator.num_pages > 2
    assert not {hit.url for hit in first.hits} & {hit.url for hit in second.hits}
    beyond = client.get(URL, {"q": "chuyen doi so", "trang": "999"})
    assert beyond.status_code == 200


def test_a_misspelling_is_corrected_and_its_results_shown(client):
    results = client.get(URL, {"q": "cam nag chuyen doi so"}).context["results"]
    assert results.corrected_query == "cam nang chuyen doi so"
    assert results.hits
    assert "Kết quả dưới đây là cho" in client.get(URL, {"q": "cam nag chuyen doi so"}).content.decode()


def test_no_results_suggests_shorter_queries(client):
    response = client.get(URL, {"q": "chuyen doi qwzxq"})
    results = response.context["results"]
    assert results.total == 0
    assert "chuyen doi" in results.suggestions
    html = response.content.decode()
    assert "Không tìm thấy kết quả nào" in html
    assert "?q=chuyen%20doi" in html


def test_the_page_is_noindex_accessible_and_vietnamese(client):
    response = client.get(URL, {"q": "chuyen doi so"})
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert '<html lang="vi">' in html
    assert '<label for="search-page-q">' in html
    assert 'role="search"' in html
    assert "<time datetime=" in html


def test_the_query_is_escaped(client):
    html = client.get(URL, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_empty_query_shows_the_prompt(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["results"] is None


def test_results_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries, settings):
    # Every request computed: the answers' cache (tests/search/test_search_cache.py) is off.
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": 0}

    def count(query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"q": query}).status_code == 200
        return len(captured.captured_queries)

    count("chuyen doi so")  # warm the caches (site root paths, menus)
    many, few = count("chuyen doi so"), count("HEF 2022")
    assert search("chuyen doi so").total > 40 > search("HEF 2022").total > 0
    assert many == few
    with django_assert_max_num_queries(many):
        client.get(URL, {"q": "chuyen doi so", "nhom": "van-ban", "nam": "2022"})


def test_header_search_is_a_plain_get_form_with_suggestions_as_an_extra(client):
    html = client.get("/").content.decode()
    assert 'action="/tim-kiem/" method="get" role="search"' in html
    assert 'name="q"' in html
    assert 'data-suggest-url="/tim-kiem/goi-y/"' in html
    assert "js/search-suggest.js" in html


def test_suggestions_endpoint_returns_titles(client):
    data = client.get("/tim-kiem/goi-y/", {"q": "chuyen doi s"}).json()
    assert data["q"] == "chuyen doi s"
    titles = [item["title"] for item in data["suggestions"]]
    assert 0 < len(titles) <= 8
    assert all("chuyen doi s" in fold(title) for title in titles)
    assert set(data["suggestions"][0]) == {"type", "type_label", "title", "url", "date"}
    assert client.get("/tim-kiem/goi-y/", {"q": "c"}).json()["suggestions"] == []


def test_suggestions_find_a_document_number_as_it_is_typed():
    assert suggest("593/KH")[0].url == "/van-ban/kh-593-kh-ubnd-2022/"
