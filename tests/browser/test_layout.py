"""Phone layouts (issue 11, items 20 and 21): the KPI dashboard fits a 390 px screen, and the
header's "Đăng nhập" and "Tiếng Việt" never break over two lines (390 and 320 px)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# How many lines the text of an element takes: distinct tops of its text's line boxes.
LINES = """(el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return tops.size;
}"""


@pytest.fixture
def phone(browser):
    contexts = []

    def open_page(width):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_the_kpi_dashboard_fits_a_390px_phone(phone, seeded_server):
    page = phone(390)
    page.goto(seeded_server.url + "/chi-tieu/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The plan select keeps within the screen and still offers the 2024 plan, named in full in its title.
    box = page.locator("#f-plan").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    option = page.locator('#f-plan option[value="kh-cds-2024"]')
    assert option.get_attribute("title").endswith("(nguồn không nêu số hiệu)")
    page.select_option("#f-plan", "kh-cds-2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc").click()
    assert "ke-hoach=kh-cds-2024" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("width", [390, 320])
def test_header_links_stay_on_one_line(phone, seeded_server, width):
    page = phone(width)
    for path in ("/", "/chi-tieu/"):
        page.goto(seeded_server.url + path)
        login = page.locator(".account-links a", has_text="Đăng nhập")
        language = page.locator(".language-switch [lang=vi]", has_text="Tiếng Việt")
        for element in (login, language):
            assert element.evaluate(LINES) == 1, (path, width, element.inner_text())
            box = element.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
