"""The plan tasks' public pages in a browser: no horizontal scroll on a 320 px or 390 px phone
(every "Đoạn trích và lịch sử cập nhật" open), no axe violations, and the views reached by keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/chi-tieu/ke-hoach/nhiem-vu/",
    "/chi-tieu/ke-hoach/kh-681/nhiem-vu/",
    "/chi-tieu/ke-hoach/kh-305/nhiem-vu/theo-don-vi/",
    "/chi-tieu/ke-hoach/kh-305/nhiem-vu/qua-han/",
    "/chi-tieu/ke-hoach/kh-cds-cao-lanh/nhiem-vu/",
    "/chi-tieu/don-vi/so-tttt-tphcm/",
]


@pytest.mark.parametrize("width", [320, 390])
def test_task_pages_fit_a_phone(browser, seeded_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    wide = {}
    for path in PAGES:
        page.goto(seeded_server.url + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        width_used = page.evaluate("document.documentElement.scrollWidth")
        if width_used > width:
            wide[path] = width_used
    context.close()
    assert not wide, wide


def test_task_pages_have_no_accessibility_violations(page, seeded_server):
    axe = Axe()
    problems = {}
    for path in PAGES:
        page.goto(seeded_server.url + path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
        violations = results.response["violations"]
        if violations:
            problems[path] = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in violations]
    assert not problems, problems


def test_the_by_unit_view_is_reached_by_keyboard(page, seeded_server):
    page.goto(seeded_server.url + "/chi-tieu/ke-hoach/kh-305/nhiem-vu/")
    link = page.locator(".task-tabs a").nth(1)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/nhiem-vu/theo-don-vi/")
    assert page.locator('.task-tabs a[aria-current="page"]').inner_text().strip() == "Theo đơn vị chủ trì"
