"""Published results in the site search and the sitemap; nothing of a period before it is published."""

import pytest

from bench.dxindex import _manager, grow
from dxindex import services
from portal.search import search

pytestmark = pytest.mark.django_db


def urls_for(text):
    return {hit.url for hit in search(text, page_size=100).hits}


def test_search_finds_a_units_result_and_the_ranking(published):
    urls = urls_for("Thử tải Đơn vị 3")
    assert f"/chi-tieu/chi-so-cds/{published.year}/bench-dv-3/" in urls
    assert f"/chi-tieu/chi-so-cds/{published.year}/" in urls_for("xếp hạng chỉ số chuyển đổi số")
    hit = next(h for h in search("Thử tải Đơn vị 3", page_size=100).hits if h.url.endswith("/bench-dv-3/"))
    assert hit.type == "chi-so-cds"


def test_search_finds_nothing_before_publication_and_the_results_once_published():
    period = grow(3, 10, publish=False)
    assert not {url for url in urls_for("Thử tải Đơn vị 2") if f"/{period.year}/" in url}
    services.publish(period, _manager())
    assert f"/chi-tieu/chi-so-cds/{period.year}/bench-dv-2/" in urls_for("Thử tải Đơn vị 2")


def test_the_site_search_page_shows_the_result(client, published):
    page = client.get("/tim-kiem/", {"q": "Thử tải Đơn vị 4"}).content.decode()
    assert f'href="/chi-tieu/chi-so-cds/{published.year}/bench-dv-4/"' in page


def test_the_sitemap_lists_the_public_pages_of_published_periods(client, published, unpublished):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/chi-tieu/chi-so-cds/</loc>" in xml
    assert f"<loc>http://testserver/chi-tieu/chi-so-cds/{published.year}/</loc>" in xml
    for n in range(1, 7):
        assert f"<loc>http://testserver/chi-tieu/chi-so-cds/{published.year}/bench-dv-{n}/</loc>" in xml
    for period in unpublished:
        assert f"/chi-tieu/chi-so-cds/{period.year}/" not in xml
