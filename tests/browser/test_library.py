import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_a_plan_by_number_and_follow_its_relation(page, seeded_server):
    page.goto(seeded_server.url + "/van-ban/")
    page.fill("#library-q", "681 kh ubnd")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    first = page.locator(".document-item h3 a").first
    assert "Chuyển đổi số" in first.inner_text()
    with page.expect_navigation():
        first.click()
    assert page.locator("h1").inner_text().startswith("Triển khai")
    assert page.locator(".toc a").count() > 3
    with page.expect_navigation():
        page.locator(".relations a", has_text="2393/QĐ-UBND").click()
    assert "2393/QĐ-UBND" in page.locator(".page-header").inner_text()
    assert page.locator(".relations", has_text="Được thực hiện bởi").count() == 1


def test_facets_combine_by_keyboard(page, seeded_server):
    page.goto(seeded_server.url + "/van-ban/")
    total = page.locator("#results-heading").inner_text()
    link = page.locator(".facet a", has_text="Quyết định")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "loai=quyet-dinh" in page.url
    with page.expect_navigation():
        page.locator(".facet a", has_text="2022").click()
    assert "nam=2022" in page.url and "loai=quyet-dinh" in page.url
    assert page.locator("#results-heading").inner_text() != total
    assert page.locator(".facet a[aria-current=true]").count() == 2
