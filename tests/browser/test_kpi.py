import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_filters_and_indicator_chart(page, seeded_server):
    page.goto(seeded_server.url + "/chi-tieu/")
    total = page.locator("#kpi-summary").inner_text()
    page.select_option("#f-place", "cao-lanh")
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc").click()
    assert "dia-phuong=cao-lanh" in page.url
    assert page.locator("#kpi-summary").inner_text() != total
    page.goto(seeded_server.url + "/chi-tieu/kinh-te-so-grdp/")
    chart = page.locator("svg.kpi-chart")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    assert page.locator("table caption", has_text="Bảng số liệu").count() == 1
    assert "13,71–15,72" in page.locator("main").inner_text()
