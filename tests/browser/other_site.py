"""A page of another origin than the portal's (for cards framed on other government sites,
kpi.embeds): a plain HTML page on 127.0.0.1 serving the card of SLUG, and the helpers around it.
The `other_site` fixture is registered in tests/browser/conftest.py."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

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
