"""A card framed by a page of another origin (kpi.embeds): shown when an administrator allows that
origin, blocked by the browser when not, and showing a new measurement once it is saved."""

from decimal import Decimal

import pytest
from django.db import transaction

from tests.browser.other_site import SLUG, allow, card_frame, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_card_is_shown_on_an_allowed_origin_and_refused_elsewhere(browser, other_site):
    allow(other_site.origin)
    context, page, refusals = visit(browser, other_site.origin + "/")
    frame = card_frame(page)
    value = frame.locator("[data-value]")
    value.wait_for()
    assert value.inner_text() == "22% GRDP"
    assert "Số đo mới nhất (2024)" in frame.locator("body").inner_text()
    assert frame.locator("a", has_text="Xem trên Cổng Chuyển đổi số").get_attribute("target") == "_blank"
    # Readable 300 px wide: nothing wider than the frame.
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # The image for places that cannot frame loads from the other origin too.
    assert page.locator("#image").evaluate("img => img.complete && img.naturalWidth > 0")
    assert not refusals
    context.close()

    allow()  # the origin removed: the portal only
    context, page, refusals = visit(browser, other_site.origin + "/")
    page.wait_for_timeout(300)
    frame = card_frame(page)
    assert frame is None or frame.locator("[data-value]").count() == 0
    assert any("frame-ancestors" in text for text in refusals)
    context.close()


def test_a_framed_card_shows_a_new_measurement(browser, other_site):
    from kpi.models import Indicator, Measurement

    allow(other_site.origin)
    with transaction.atomic():
        Measurement.objects.create(
            indicator=Indicator.objects.get(slug=SLUG),
            year=2025,
            value=Decimal("27.5"),
            source="Nguồn thử",
            source_url="https://example.gov.vn/bao-cao",
            review="approved",
        )
    context, page, _refusals = visit(browser, other_site.origin + "/")
    frame = card_frame(page)
    frame.locator("[data-value]").wait_for()
    assert frame.locator("[data-value]").inner_text() == "27,5% GRDP"
    assert "Số đo mới nhất (2025)" in frame.locator("body").inner_text()
    context.close()


def test_cards_and_the_snippets_have_no_accessibility_violations(page, seeded_server):
    from axe_playwright_python.sync_playwright import Axe

    problems = {}
    for path in (f"/nhung/chi-tieu/{SLUG}/", "/nhung/ke-hoach/qd-2393/", f"/chi-tieu/{SLUG}/"):
        page.goto(seeded_server.url + path)
        if path.startswith("/chi-tieu/"):
            page.locator("details.kpi-embed summary").click()  # open, so that its fields are checked
            assert page.locator("details.kpi-embed textarea").first.is_visible()
            # The copy buttons appear with the script.
            assert page.get_by_role("button", name="Sao chép mã khung").is_visible()
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
        found = [(v["id"], v["nodes"][0]["target"]) for v in results.response["violations"]]
        if found:
            problems[path] = found
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
    assert not problems
