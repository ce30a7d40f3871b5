"""Browser tests: Debian's chromium driven by Playwright for Python (no browser download)."""

import os
import shutil

import pytest

from tests.conftest import require_service

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session", autouse=True)
def _live_server_on_one_connection():
    """On SQLite the live server shares the test's one in-memory connection; Django's threaded
    server would use it from several threads at once (a page and its /admin/jsi18n/ together) and
    SQLite answers "bad parameter or other API misuse". There the server answers one request at a
    time, closing each connection (Django's server does when it is not threaded)."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    class OneRequestAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    threaded = LiveServerThread.server_class
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="session", autouse=True)
def _static_files_cached_by_the_browser():
    """The live server's static files (Wagtail's admin loads some thirty on every page) may be
    kept by the browser for the test: they do not change during a run, and asking for each again
    on every navigation cost the browser tests seconds of the server's time."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    serve = StaticFilesHandler.serve

    def serve_cacheable(self, request):
        response = serve(self, request)
        response["Cache-Control"] = "max-age=3600"
        return response

    StaticFilesHandler.serve = serve_cacheable
    yield
    StaticFilesHandler.serve = serve


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # meanwhile are still synchronous and safe, so Django's async guard is lifted while it runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launch()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launch():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service("REQUIRE_BROWSER", "Playwright for Python is not installed")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        require_service("REQUIRE_BROWSER", f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def seeded_server(seeded_transactional_db, live_server):
    """The live server on the freshly seeded site (restored from the seed snapshot)."""
    return live_server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


# A page of another origin framing the portal's cards (tests/browser/other_site.py).
from tests.browser.other_site import other_site  # noqa: E402,F401
