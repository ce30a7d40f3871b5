"""Issue 16: the eight pages Lighthouse measures fit every screen, from a 320 px phone to a 1366 px
desktop (nothing wider than the viewport), and leave screenshots at 390 and 1366 px in
test-artifacts/pages/ (kept by CI as artefacts) for a person to look at."""

from pathlib import Path

import pytest

from tests.measured_pages import measured_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"
WIDTHS = (320, 390, 768, 1366)
SCREENSHOTS = (390, 1366)

# The elements wider than the page, to say what overflows when the check fails.
WIDE = """(width) => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''))"""


def test_the_measured_pages_fit_every_width_and_leave_screenshots(browser, seeded_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    pages = measured_pages()
    overflowing = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
        tab = context.new_page()
        for name, path in pages.items():
            response = tab.goto(seeded_server.url + path)
            assert response.status == 200, (path, response.status)
            scroll_width = tab.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                overflowing.append((name, width, scroll_width, tab.evaluate(WIDE, width)))
            if width in SCREENSHOTS:
                tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        context.close()
    assert not overflowing, overflowing
    assert len(list(ARTIFACTS.glob("*.png"))) >= len(pages) * len(SCREENSHOTS)
