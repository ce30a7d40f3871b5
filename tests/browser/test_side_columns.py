"""Side columns (issue 16): on a 1366 px desktop a document's facts and a bulletin's contents stay in
view while the text scrolls; on a 390 px phone they come first and nothing is wider than the screen."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCUMENT = "/van-ban/kh-681-kh-ubnd-2021/"
BULLETIN = "/ban-tin/so-1-thang-4-2022/"


@pytest.fixture
def screen(browser):
    contexts = []

    def open_page(width, height=800):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def _scroll_to(page, y):
    page.evaluate(f"window.scrollTo(0, {y})")
    page.wait_for_function(f"Math.abs(window.scrollY - {y}) < 2")


def test_document_facts_stay_in_view_beside_the_text_on_a_desktop(screen, seeded_server):
    page = screen(1366)
    page.goto(seeded_server.url + DOCUMENT)
    facts, text = _box(page, ".doc-facts"), _box(page, ".legal-document > .page-main")
    assert facts["x"] >= text["x"] + text["width"]  # beside the text, on its right
    assert facts["height"] <= 800 - 32 + 1  # no taller than the window: it scrolls by itself
    # The column is held while its article goes on: up to the article's last window.
    end = page.evaluate("document.querySelector('.legal-document').getBoundingClientRect().bottom + window.scrollY")
    assert end > 3 * 800  # a long document
    for y in (1500, int(end) // 2, int(end) - 800 - 100):
        _scroll_to(page, y)
        facts = _box(page, ".doc-facts")
        assert 0 <= facts["y"] <= 20, (y, facts)  # held at the top of the window
        assert page.locator("#attributes-heading").is_visible()
    assert _box(page, ".legal-document > .page-main")["y"] < -1000  # while the text moved on
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_bulletin_contents_stay_in_view_and_mark_the_section_being_read(screen, seeded_server):
    page = screen(1366)
    page.goto(seeded_server.url + BULLETIN)
    toc, issue = _box(page, ".bulletin-issue .toc"), _box(page, ".bulletin-issue > .page-main")
    assert toc["x"] + toc["width"] <= issue["x"]  # on the left of the issue
    page.evaluate("document.getElementById('phan-tieu-diem').scrollIntoView()")
    toc = _box(page, ".bulletin-issue .toc")
    assert 0 <= toc["y"] < 800 and page.locator(".bulletin-issue .toc").is_visible()
    page.wait_for_selector('.toc a[href="#phan-tieu-diem"][aria-current="location"]')
    assert page.locator(".toc a[aria-current]").count() == 1


def test_without_javascript_the_contents_are_plain_links(browser, seeded_server):
    context = browser.new_context(viewport={"width": 1366, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_server.url + BULLETIN)
    assert page.locator(".toc a").count() >= 6 and page.locator(".toc a[aria-current]").count() == 0
    page.locator('.toc a[href="#phan-tieu-diem"]').click()
    assert page.url.endswith("#phan-tieu-diem")
    assert -2 <= _box(page, "#phan-tieu-diem")["y"] < 100  # at the top of the window (sub-pixel rounding)
    context.close()


@pytest.mark.parametrize("path", [DOCUMENT, BULLETIN, "/tin-tuc/", "/van-ban/", "/ban-tin/"])
def test_nothing_is_wider_than_a_390px_phone(screen, seeded_server, path):
    page = screen(390, 844)
    page.goto(seeded_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if path == DOCUMENT:
        # The facts first, compactly (before the full text), with no sticky column.
        assert _box(page, ".doc-facts")["y"] < _box(page, "#fulltext-heading")["y"]
        assert page.evaluate("getComputedStyle(document.querySelector('.doc-facts')).position") == "static"
        assert not page.locator(".doc-facts .cover-art--badge").is_visible()
    if path == BULLETIN:
        assert _box(page, ".toc")["y"] < _box(page, "#phan-gioi-thieu")["y"]
    if path == "/tin-tuc/":
        thumb = _box(page, ".article-item__thumb")
        assert 0 < thumb["width"] <= 130 and thumb["height"] > 0


def test_printing_puts_the_side_column_in_the_flow_full_width(screen, seeded_server):
    page = screen(1366)
    page.goto(seeded_server.url + DOCUMENT)
    page.emulate_media(media="print")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.doc-facts'));"
        " return [s.position, s.overflowY, s.maxHeight]; })()"
    )
    assert style == ["static", "visible", "none"]
    facts, text = _box(page, ".doc-facts"), _box(page, ".legal-document > .page-main")
    assert facts["y"] < text["y"] and abs(facts["x"] - text["x"]) < 2  # one column, facts first
    assert facts["width"] > 1000  # the full width of the page
    assert not page.locator(".doc-facts .cover-art--badge").is_visible()
