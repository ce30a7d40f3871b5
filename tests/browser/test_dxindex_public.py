"""The DX index's public side in a browser (issue 15): with a period published by the services
(bench/dxindex.py's `grow`, not the admin), the ranking shows the units in order, a unit's page its
chart and table, the site search finds the unit's result, and a standard page with the ranking
block shows the ranking."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_published_ranking_unit_page_search_and_block(page, seeded_server):
    from wagtail.models import Site

    from bench.dxindex import grow
    from dxindex.blocks import BLOCK_NAME
    from tests.factories import StandardPageFactory

    home = Site.objects.get(is_default_site=True).root_page.specific
    period = grow(8, 10)
    expected = list(period.published_results.order_by("rank", "unit_name").values_list("rank", "unit_name"))
    leader_slug = period.published_results.order_by("rank", "unit_name").values_list("unit__slug", flat=True)[0]
    base = seeded_server.url

    page.goto(f"{base}/chi-tieu/chi-so-cds/{period.year}/")
    table = page.locator("table.dx-ranking").first
    rows = table.locator("tbody tr")
    assert rows.count() == len(expected)
    shown = [
        (int(rows.nth(i).locator("td[data-rank]").inner_text()), rows.nth(i).locator("th").inner_text().strip())
        for i in range(rows.count())
    ]
    assert shown == expected
    assert table.locator("caption").inner_text().startswith("Xếp hạng")

    with page.expect_navigation():
        rows.first.locator("th a").click()
    assert page.url.endswith(f"/chi-tieu/chi-so-cds/{period.year}/{leader_slug}/")
    chart = page.locator("svg.dx-bars[role=img]")
    assert chart.is_visible()
    assert chart.locator("rect[data-percent]").count() == 5
    box = chart.bounding_box()
    assert box["width"] <= 390 and box["height"] > 50  # fits the phone's width
    data = page.locator("table", has_text="Bảng số liệu của biểu đồ")
    assert data.locator("tbody tr").count() == 5
    assert page.locator("h1").inner_text().startswith(expected[0][1])

    page.goto(f"{base}/tim-kiem/?q={expected[0][1].replace(' ', '+')}")
    titles = page.locator(".search-hit__title").all_inner_texts()
    assert any(expected[0][1] in title and str(period.year) in title for title in titles), titles

    standard = StandardPageFactory(
        parent=home,
        title="Trang có bảng xếp hạng",
        body=[{"type": BLOCK_NAME, "value": {"heading": "Xếp hạng CĐS", "unit_kind": "department", "limit": 5}}],
    )
    page.goto(base + standard.url)
    block = page.locator(".block-dx-ranking")
    assert block.locator("h2").inner_text() == "Xếp hạng CĐS"
    names = [name.strip() for name in block.locator("tbody th").all_inner_texts()]
    assert names == [name for _rank, name in expected[:5]]
    assert re.search(r"và 3 đơn vị khác", block.inner_text())
