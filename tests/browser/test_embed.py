"""A card framed by a page of another origin (kpi.embeds): shown when an administrator allows that
origin, blocked by the browser when not, and showing a new measurement once it is saved."""

import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "kinh-te-so-grdp"  # seeded with 22% GRDP for 2024 (kpi/seed_measurements.yaml)


class OtherSite:
    """A plain HTML page on 127.0.0.1 (another origin than the live server's localhost) holding
    the card's iframe, 300 px wide, and its SVG image."""

    def __init__(self, portal_url):
        html = (
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Sở khác</title></head><body>'
            "<h1>Trang của một sở</h1>"
            f'<iframe id="card" src="{portal_url}/nhung/chi-tieu/{SLUG}/" title="Chỉ tiêu" width="300" height="460"></iframe>'
            f'<img id="image" src="{portal_url}/nhung/chi-tieu/{SLUG}.svg" alt="Chỉ tiêu" width="400">'
            "</body></html>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(html)))
                self.end_headers()
                self.wfile.write(html)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def other_site(seeded_server, monkeypatch):
    from django.core.servers.basehttp import WSGIRequestHandler

    assert seeded_server.url.startswith("http://localhost:")
    # On SQLite the live server answers one connection at a time (tests/browser/conftest.py). A
    # page of another origin makes Chromium open a connection to it ahead of use (a preconnect),
    # which would hold the server forever: an idle connection is dropped after a second.
    monkeypatch.setattr(WSGIRequestHandler, "timeout", 1, raising=False)
    site = OtherSite(seeded_server.url)
    yield site
    site.close()


def allow(*origins):
    from wagtail.models import Site

    from kpi.models import EmbedSettings

    settings = EmbedSettings.for_site(Site.objects.get(is_default_site=True))
    settings.allowed_origins = "\n".join(origins)
    settings.full_clean()
    settings.save()


def visit(browser, url):
    """The page in a fresh context (no cached card: each answer carries its own frame policy)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    refusals = []
    page.on("console", lambda message: refusals.append(message.text) if "frame-ancestors" in message.text else None)
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page, refusals


def card_frame(page):
    return page.locator("#card").element_handle().content_frame()


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
