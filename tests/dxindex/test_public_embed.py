"""The ranking as a card for other sites (kpi's embed registry: frame page, SVG image, oEmbed), the
"Bảng xếp hạng chỉ số CĐS" block of page bodies, and the purge of cached pages on publication."""

import re
from urllib.parse import quote

import pytest

from bench.dxindex import grow
from dxindex import services
from dxindex.blocks import BLOCK_NAME
from portal import page_cache
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def frame(period, kind="department"):
    return f"/nhung/xep-hang-cds/{period.year}-{kind}/"


def top_rows(period, count=10):
    return list(period.published_results.order_by("rank", "unit_name").values_list("rank", "unit_name")[:count])


def test_kpi_does_not_import_dxindex_but_the_card_is_registered():
    from kpi import embeds

    assert "xep-hang-cds" in embeds.KINDS


def test_the_frame_page_shows_the_ranking_in_order(client, published):
    response = client.get(frame(published))
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<td data-rank>(\d+)</td><th scope="row">([^<]+)</th>', page)
    assert [(int(rank), name) for rank, name in rows] == top_rows(published)
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert f'href="http://testserver/chi-tieu/chi-so-cds/{published.year}/?khoi=department"' in page


def test_the_svg_card_and_oembed(client, published):
    svg = client.get(f"/nhung/xep-hang-cds/{published.year}-department.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    text = svg.content.decode()
    assert 'role="img"' in text and "<title" in text
    rank, name = top_rows(published, 1)[0]
    assert f"{rank}. {name}" in text
    page_url = f"http://testserver/chi-tieu/chi-so-cds/{published.year}/?khoi=department"
    for url in (page_url, f"http://testserver{frame(published)}"):
        answer = client.get(f"/oembed/?url={quote(url)}")
        assert answer.status_code == 200, url
        assert frame(published) in answer.json()["html"]


def test_the_ranking_page_offers_the_embed_snippets(client, published):
    page = client.get(f"/chi-tieu/chi-so-cds/{published.year}/").content.decode()
    assert "Nhúng bảng xếp hạng này" in page
    assert f"http://testserver{frame(published)}" in page
    assert 'type="application/json+oembed"' in page


def test_cards_of_unknown_or_unpublished_periods_are_not_found(client, published, unpublished):
    signed_off, under_appraisal = unpublished
    for url in (
        frame(signed_off),
        frame(under_appraisal),
        frame(published, "commune"),
        "/nhung/xep-hang-cds/khong-phai/",
        f"/nhung/xep-hang-cds/{signed_off.year}-department.svg",
    ):
        assert client.get(url).status_code == 404, url


def block_page(home_page, **value):
    return StandardPageFactory(
        parent=home_page,
        body=[
            {
                "type": BLOCK_NAME,
                "value": {"heading": "Bảng xếp hạng", "year": None, "unit_kind": "department", "limit": 3, **value},
            }
        ],
    )


def test_the_block_shows_the_latest_published_ranking(client, home_page, published, unpublished):
    page = client.get(block_page(home_page).url).content.decode()
    section = re.search(r'<section class="block-dx-ranking".*?</section>', page, re.S).group(0)
    rows = re.findall(r'<td data-rank>(\d+)</td><th scope="row"><a [^>]*>([^<]+)</a></th>', section)
    assert [(int(rank), name) for rank, name in rows] == top_rows(published, 3)
    assert f"năm {published.year}" in section and "và 3 đơn vị khác." in section


def test_the_block_without_a_published_period_says_so(client, home_page, unpublished):
    signed_off, _under_appraisal = unpublished
    page = client.get(block_page(home_page, year=signed_off.year).url).content.decode()
    assert "Chưa có kết quả chỉ số chuyển đổi số nào được công bố cho khối này." in page
    assert "[Thử tải] Đơn vị" not in page


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    page_cache.local.clear()
    yield
    page_cache.local.clear()


def test_publishing_purges_the_cached_pages_and_cards(
    client, home_page, published, page_cache_on, django_capture_on_commit_callbacks
):
    later = grow(3, 10, publish=False)  # signed off, not published
    with_block = block_page(home_page)
    urls = [
        "/chi-tieu/chi-so-cds/",
        "/chi-tieu/chi-so-cds/so-sanh/",
        f"/chi-tieu/chi-so-cds/{later.year}/",
        frame(later),
        "/chi-tieu/chi-so-cds/don-vi/bench-dv-1/",
        with_block.url,
    ]
    for url in urls:
        client.get(url)
    for url in urls[:2] + [with_block.url]:
        assert client.get(url)[page_cache.HEADER] == "HIT", url
    from bench.dxindex import _manager

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(later, _manager())
    for url in urls[:2] + [with_block.url]:
        response = client.get(url)
        assert response[page_cache.HEADER] == "MISS", url
        assert str(later.year) in response.content.decode(), url
    assert client.get(f"/chi-tieu/chi-so-cds/{later.year}/").status_code == 200
    assert client.get(frame(later)).status_code == 200
    latest = client.get("/chi-tieu/chi-so-cds/don-vi/bench-dv-1/")
    assert latest.status_code == 302 and str(later.year) in latest["Location"]
