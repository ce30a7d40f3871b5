import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_on_a_phone_keyboard_and_language_switch(page, seeded_server):
    page.goto(seeded_server.url + "/")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.locator("h1").first.inner_text().strip()

    # The first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # On a phone the menu is collapsed behind a button that keyboard users can open.
    toggle = page.locator(".main-nav__toggle")
    assert toggle.is_visible()
    assert not page.locator("#main-nav-list a", has_text="Cẩm nang").is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#main-nav-list a", has_text="Cẩm nang").is_visible()

    # Switch to English: the interface changes, the content keeps lang="vi".
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator(".skip-link").inner_text() == "Skip to main content"
    assert page.locator(".hero .container").get_attribute("lang") == "vi"


def test_handbook_chapter_navigation_and_print_button(page, seeded_server):
    page.goto(seeded_server.url + "/cam-nang/")
    with page.expect_navigation():
        page.locator(".chapters a").first.click()
    assert page.locator(".toc a").count() >= 3
    first_anchor = page.locator(".toc a").first.get_attribute("href")
    page.locator(".toc a").first.click()
    assert page.evaluate("location.hash") == first_anchor
    assert page.locator("[data-print]").is_visible()
    with page.expect_navigation():
        page.locator(".prev-next a[rel=next]").click()
    assert page.locator(".prev-next a[rel=prev]").count() == 1


def test_search_box_works_without_javascript(browser, seeded_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_server.url + "/")
    page.fill("#site-search-q", "Cẩm nang")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/tim-kiem/" in page.url
    assert page.locator(".search-results a[href='/cam-nang/']").count() == 1
    context.close()
