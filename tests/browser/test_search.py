import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_header_search_works_without_javascript(browser, seeded_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(seeded_server.url + "/")
        page.fill("#site-search-q", "chuyen doi so")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/tim-kiem/?q=chuyen+doi+so" in page.url
        assert "chuyển đổi số" in page.locator(".search-hit__title").first.inner_text().lower()
        assert page.locator(".search-hit__snippet mark").count() > 0
    finally:
        context.close()


def test_suggestions_appear_as_one_types(page, seeded_server):
    page.goto(seeded_server.url + "/")
    page.locator("#site-search-q").press_sequentially("chuyen doi s", delay=30)
    options = page.locator("#site-search-suggestions option")
    options.first.wait_for(state="attached", timeout=5000)
    assert options.count() > 0
    assert any("Chuyển đổi số" in options.nth(i).get_attribute("value") for i in range(options.count()))


def test_a_document_number_is_the_best_bet_and_filters_narrow(page, seeded_server):
    page.goto(seeded_server.url + "/tim-kiem/?q=593+kh+ubnd")
    assert "593/KH-UBND" in page.locator(".best-bet").inner_text()
    with page.expect_navigation():
        page.locator(".facet a", has_text="Văn bản").click()
    assert "nhom=van-ban" in page.url
    assert page.locator(".facet a[aria-current=true]").count() == 1
