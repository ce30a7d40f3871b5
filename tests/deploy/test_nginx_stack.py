"""nginx in front of gunicorn, as deploy/ ships them (see tests/deploy/conftest.py).

One test, so that pytest-xdist starts one stack: it runs each check below in turn and reports
every check that failed. Skipped without nginx (failed with REQUIRE_NGINX=1), and on SQLite: the
stack's gunicorn reads the PostgreSQL test database, committed by this transactional test."""

import json
import re

import pytest

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

CHAPTER = "/cam-nang/xa-hoi-so/"
GONE = "/cam-nang/chinh-quyen-so/"
HANDBOOK = "/cam-nang/"
NEW_TITLE = "Xã hội số: bản cập nhật từ kiểm thử nginx"
ENGLISH = {"portal_language": "en"}


def check_an_anonymous_page_is_served_from_the_cache_without_gunicorn(stack):
    first = stack.request(HANDBOOK)
    assert first.status == 200 and first.cache == "MISS", (first.status, first.cache)
    assert "public" in first.headers["Cache-Control"]
    before = stack.gunicorn_requests(HANDBOOK)
    for _ in range(3):
        again = stack.request(HANDBOOK)
        assert again.cache == "HIT" and again.body == first.body, again.cache
        assert "Set-Cookie" not in again.headers
    assert stack.gunicorn_requests(HANDBOOK) == before, "a cached page reached gunicorn"
    english = stack.request(HANDBOOK, cookies=ENGLISH)
    assert english.cache == "MISS", "each interface language has its own entry"
    assert english.headers["Content-Language"] == "en"
    assert stack.request(HANDBOOK, cookies=ENGLISH).cache == "HIT"


def check_static_files_are_served_by_nginx(stack):
    manifest = json.loads((stack.tmp / "static" / "staticfiles.json").read_text())["paths"]
    name, hashed = next((name, hashed) for name, hashed in sorted(manifest.items()) if name.endswith(".css"))
    response = stack.request(f"/static/{hashed}")
    assert response.status == 200
    assert response.body == (stack.tmp / "static" / hashed).read_bytes()
    assert "immutable" in response.headers["Cache-Control"]
    compressed = stack.request(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert compressed.headers.get("Content-Encoding") == "gzip"
    assert stack.request(f"/static/{name}").headers["Cache-Control"] == "public, max-age=3600"
    assert stack.gunicorn_requests(f"/static/{hashed}") == 0


def check_uploaded_media_are_served_by_nginx_at_their_urls(stack, settings):
    from tests.factories import ImageFactory

    settings.MEDIA_ROOT = str(stack.media_root)  # the test process uploads where gunicorn does
    image = ImageFactory()
    rendition = image.get_rendition("width-4")
    for url, path in ((image.file.url, image.file.path), (rendition.url, rendition.file.path)):
        assert url.startswith("/media/"), url
        response = stack.request(url)
        assert response.status == 200, (url, response.status)
        assert response.body == open(path, "rb").read()  # noqa: SIM115
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert stack.gunicorn_requests(url) == 0
    secret = stack.media_root / "documents" / "private.pdf"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(b"%PDF-1.4 private")
    assert stack.request("/media/documents/private.pdf").status == 404, "documents are served by the app only"


def check_publishing_refreshes_the_cached_pages(stack):
    for path, cookies in ((CHAPTER, None), (CHAPTER, ENGLISH), (GONE, None)):
        stack.request(path, cookies=cookies)
        cached = stack.request(path, cookies=cookies)
        assert cached.cache == "HIT" and NEW_TITLE not in cached.text, (path, cached.cache)
    # gunicorn's own page cache (Redis) has the page too.
    stack.gunicorn_request(CHAPTER)
    assert stack.gunicorn_request(CHAPTER).headers.get("X-Page-Cache") == "HIT", "the server's page cache is off"
    stack.manage(
        "shell",
        "-c",
        "from home.models import HandbookChapterPage as P\n"
        f"page = P.objects.get(url_path__endswith={CHAPTER!r})\n"
        f"page.title = {NEW_TITLE!r}\n"
        "page.save_revision().publish()\n"
        f"P.objects.get(url_path__endswith={GONE!r}).unpublish()\n",
    )
    # The server's page cache was invalidated by the publishing process at once (its token in
    # Redis): gunicorn renders the new page. nginx's refreshes are tasks: until the worker runs
    # them nginx serves the old page, and /healthz says so.
    fresh = stack.gunicorn_request(CHAPTER)
    assert NEW_TITLE in fresh.text and fresh.headers.get("X-Page-Cache") == "MISS", "gunicorn served the old page"
    assert NEW_TITLE not in stack.request(CHAPTER).text
    health = json.loads(stack.request("/healthz").body)
    assert health["tasks"]["pending"] >= 1, health
    stack.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert json.loads(stack.request("/healthz").body)["tasks"]["pending"] == 0
    for cookies in (None, ENGLISH):
        refreshed = stack.request(CHAPTER, cookies=cookies)
        assert refreshed.cache == "HIT", "the refresh stored the new page"
        assert NEW_TITLE in refreshed.text, f"the old page is still served ({cookies})"
    parent = stack.request(HANDBOOK)
    assert parent.cache == "HIT" and NEW_TITLE in parent.text, "the parent's listing was refreshed too"
    gone = stack.request(GONE)
    assert gone.status == 404, f"an unpublished page is still served from the cache ({gone.status}, {gone.cache})"


def check_a_signed_in_visitor_is_never_served_a_cached_page(stack):
    from django.test import Client

    from tests.factories import verified_citizen

    stack.request(HANDBOOK)
    assert stack.request(HANDBOOK).cache == "HIT"
    client = Client()
    client.force_login(verified_citizen())
    session = {"sessionid": client.cookies["sessionid"].value}
    for _ in range(2):
        signed_in = stack.request(HANDBOOK, cookies=session)
        assert signed_in.cache == "BYPASS", signed_in.cache
        assert "Trang của tôi" in signed_in.text and "private" in signed_in.headers["Cache-Control"]
    anonymous = stack.request(HANDBOOK)
    assert anonymous.cache == "HIT" and "Trang của tôi" not in anonymous.text, "a signed-in page was stored"


def check_pages_with_a_csrf_token_or_a_flash_message_are_never_cached(stack):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    for _ in range(2):
        form = stack.request("/tai-khoan/login/")
        assert form.status == 200 and "csrfmiddlewaretoken" in form.text
        assert form.cache != "HIT" and "csrftoken=" in form.headers.get("Set-Cookie", ""), form.cache
    assert stack.gunicorn_requests("/tai-khoan/login/") == 2

    flash = "Ý kiến của bạn đã được gửi (kiểm thử nginx)."
    cookie = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, flash)])
    stack.request(CHAPTER)
    with_message = stack.request(CHAPTER, cookies={"messages": cookie})
    assert with_message.cache == "BYPASS" and flash in with_message.text, with_message.cache
    assert flash not in stack.request(CHAPTER).text, "a page with a flash message was stored"


def check_sign_in_posts_are_rate_limited(stack):
    statuses = [stack.request("/tai-khoan/login/", method="POST", body=b"").status for _ in range(14)]
    assert statuses[:11].count(429) == 0, statuses
    assert 429 in statuses[11:], statuses
    assert stack.request("/tai-khoan/login/").status == 200, "a GET is never limited"


def check_the_purge_server_answers_on_its_own_port_only(stack):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", stack.ports["purge"], timeout=10)
    connection.request("POST", "/refresh/cam-nang/", headers={"Host": "localhost"})
    assert connection.getresponse().status == 403, "only GET refreshes"
    connection.close()
    assert stack.request("/refresh/cam-nang/").status == 404, "the public server has no refresh path"


CHECKS = [
    check_an_anonymous_page_is_served_from_the_cache_without_gunicorn,
    check_static_files_are_served_by_nginx,
    check_uploaded_media_are_served_by_nginx_at_their_urls,
    check_publishing_refreshes_the_cached_pages,
    check_a_signed_in_visitor_is_never_served_a_cached_page,
    check_pages_with_a_csrf_token_or_a_flash_message_are_never_cached,
    check_sign_in_posts_are_rate_limited,
    check_the_purge_server_answers_on_its_own_port_only,
]


def test_the_production_stack(stack, seeded_transactional_db, settings):
    failures = []
    for check in CHECKS:
        try:
            if "settings" in check.__code__.co_varnames[: check.__code__.co_argcount]:
                check(stack, settings)
            else:
                check(stack)
        except AssertionError as error:
            failures.append(f"{check.__name__}: {error}")
    log = (stack.tmp / "nginx-error.log").read_text()
    assert not re.search(r"\[(alert|emerg|crit)\]", log), log[-2000:]
    assert not failures, "\n".join(failures)
