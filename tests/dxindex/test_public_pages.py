"""The DX index's public pages (dxindex/views.py): each page's status and content, read from the
published rows only, and a constant number of queries at 200 units (bench/dxindex.py's `grow`)."""

import re
from decimal import Decimal

import pytest

from bench.dxindex import MAIN_INDICES, grow
from dxindex.models import PublishedResult, PublishedScore

pytestmark = pytest.mark.django_db

BASE = "/chi-tieu/chi-so-cds/"


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def ranking_rows(page):
    """(rank, unit name) of each row of the first ranking table."""
    table = re.search(r'<table class="dx-ranking".*?</table>', page, re.S).group(0)
    return re.findall(r"<td data-rank>(\d+)</td>\s*<th scope=\"row\"><a [^>]*>([^<]+)</a></th>", table)


def test_the_index_says_what_the_index_is_and_lists_published_periods(client, published):
    page = html(client, BASE)
    assert f'href="{BASE}{published.year}/"' in page
    assert "Chưa có kỳ đánh giá nào được công bố" not in page
    assert "hội đồng đánh giá thông qua và công bố" in page
    assert published.version.name in page
    leader = published.published_results.order_by("rank", "unit_name").first()
    assert leader.unit_name in page
    assert '<meta name="description" content="Kết quả đánh giá chỉ số chuyển đổi số' in page


def test_the_index_with_nothing_published_says_so(client, unpublished):
    page = html(client, BASE)
    assert "Chưa có kỳ đánh giá nào được công bố" in page
    assert "Dẫn đầu" not in page


def test_the_index_quotes_the_seeded_sources(client, published):
    """The seeded versions' citations show once a period of theirs is published."""
    from dxindex.models import IndexVersion

    seeded = IndexVersion.objects.exclude(key__startswith="bench-").exclude(source_url="").first()
    if seeded is None:
        pytest.skip("the seed has no index version with a source")
    published.version = seeded
    published.save(update_fields=["version"])
    page = html(client, BASE)
    assert seeded.source_url.replace("&", "&amp;") in page
    if seeded.source_passage:
        assert seeded.source_passage.split()[0] in page


def test_the_ranking_lists_units_by_rank_with_each_main_index(client, published):
    page = html(client, f"{BASE}{published.year}/")
    rows = ranking_rows(page)
    expected = list(published.published_results.order_by("rank", "unit_name").values_list("rank", "unit_name"))
    assert [(int(rank), name) for rank, name in rows] == expected
    assert "<caption>Xếp hạng Sở, ban, ngành năm" in page
    for order in range(1, MAIN_INDICES + 1):
        assert f"?khoi=department&amp;chi_so={order}" in page
    leader = published.published_results.order_by("rank").first()
    assert f"{leader.total.normalize():f}".replace(".", ",") in page
    for fmt in ("csv", "json", "xlsx"):
        assert f'href="{BASE}{published.year}/xuat.{fmt}"' in page


def test_the_ranking_by_one_main_index(client, published):
    page = html(client, f"{BASE}{published.year}/?khoi=department&chi_so=2")
    rows = ranking_rows(page)
    scores = {
        s.result.unit_name: s
        for s in PublishedScore.objects.filter(result__period=published, order=2).select_related("result")
    }
    assert sorted(int(rank) for rank, _name in rows) == [int(rank) for rank, _name in rows]
    assert [int(rank) for rank, name in rows] == [scores[name].rank for _rank, name in rows]
    assert "[Thử tải] Chỉ số chính 2" in page
    for bad in ("?khoi=department&chi_so=99", "?chi_so=1", "?khoi=commune&chi_so=1"):
        assert client.get(f"{BASE}{published.year}/{bad}").status_code == 404, bad


def test_a_unit_page_has_chart_table_strengths_and_history(client, published):
    result = published.published_results.select_related("unit").order_by("rank").first()
    page = html(client, f"{BASE}{published.year}/{result.unit.slug}/")
    assert f"<h1>{result.unit_name}: chỉ số chuyển đổi số năm {published.year}</h1>" in page
    svg = re.search(r'<svg class="dx-bars" role="img".*?</svg>', page, re.S).group(0)
    assert "<title" in svg and "<desc" in svg
    assert svg.count("data-percent=") == MAIN_INDICES
    assert "<caption>Bảng số liệu của biểu đồ</caption>" in page
    for score in result.scores.all():
        assert f"{score.order}. {score.name}" in page
    assert "Mạnh nhất" in page and "Yếu nhất" in page
    assert "Qua các kỳ đã công bố" in page
    # The latest-year address redirects to this page.
    response = client.get(f"{BASE}don-vi/{result.unit.slug}/")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{published.year}/{result.unit.slug}/"


def test_strengths_and_weaknesses_are_relative_to_each_maximum():
    from types import SimpleNamespace

    from dxindex.public import strengths_and_weaknesses

    scores = [
        SimpleNamespace(order=1, name="A", score=Decimal("9"), max_points=Decimal("30")),  # 30 %
        SimpleNamespace(order=2, name="B", score=Decimal("4"), max_points=Decimal("5")),  # 80 %
        SimpleNamespace(order=3, name="C", score=Decimal("10"), max_points=Decimal("20")),  # 50 %
        SimpleNamespace(order=4, name="D", score=Decimal("1"), max_points=Decimal("10")),  # 10 %
    ]
    strengths, weaknesses = strengths_and_weaknesses(scores)
    assert [s.name for s in strengths] == ["B", "C"]
    assert [s.name for s in weaknesses] == ["D", "A"]
    assert strengths_and_weaknesses(scores[:1]) == ([], [])


def test_year_over_year_lists_units_of_several_periods(client, published):
    later = grow(8, 10)  # units 1–6 are in both periods, 7 and 8 only in the later one
    page = html(client, f"{BASE}so-sanh/")
    assert f"{published.year}</a></th>" in page and f"{later.year}</a></th>" in page
    assert page.count('<tr><th scope="row">[Thử tải] Đơn vị ') == 6
    assert "[Thử tải] Đơn vị 7<" not in page
    unit = later.published_results.get(unit__slug="bench-dv-1")
    history = html(client, f"{BASE}{later.year}/bench-dv-1/")
    assert f'href="{BASE}{published.year}/bench-dv-1/"' in history
    assert unit.unit_name in history


def test_unknown_addresses_are_not_found(client, published):
    for url in (f"{BASE}1999/", f"{BASE}{published.year}/khong-co/", f"{BASE}don-vi/khong-co/", f"{BASE}1999/xuat.csv"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"{BASE}{published.year}/xuat.pdf").status_code == 404


def test_names_are_the_ones_at_publication(client, published):
    result = published.published_results.select_related("unit").first()
    unit = result.unit
    old = result.unit_name
    unit.name = "Tên mới sau khi công bố"
    unit.save(update_fields=["name"])
    page = html(client, f"{BASE}{published.year}/")
    assert old in page and "Tên mới sau khi công bố" not in page


@pytest.mark.slow
def test_pages_take_a_constant_number_of_queries_at_200_units(client, django_assert_max_num_queries):
    small = grow(5, 10)
    big = grow(200, 10)
    assert PublishedResult.objects.filter(period=big).count() == 200
    budgets = {}
    for period in (small, big):
        slug = period.published_results.order_by("rank").values_list("unit__slug", flat=True).first()
        urls = [
            BASE,
            f"{BASE}{period.year}/",
            f"{BASE}{period.year}/?khoi=department&chi_so=3",
            f"{BASE}{period.year}/{slug}/",
            f"{BASE}so-sanh/",
            f"/nhung/xep-hang-cds/{period.year}-department/",
        ]
        for url in urls:
            client.get(url)  # warm the site's caches
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            budgets.setdefault(url.replace(str(period.year), "Y").replace(slug, "S"), []).append(len(queries))
    for url, (few, many) in budgets.items():
        assert many <= few, (url, few, many)
    with django_assert_max_num_queries(8):
        client.get(f"{BASE}{big.year}/")
