"""Purging nginx's page cache by refreshing its entries (portal.frontend_cache), and the visitor's
address behind the proxy (portal.middleware.TrustedProxyMiddleware)."""

from unittest import mock
from urllib.error import HTTPError, URLError

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from home.models import HandbookChapterPage
from portal.frontend_cache import NginxRefreshBackend, mark_refresh, shared_max_age
from portal.middleware import TrustedProxyMiddleware

REFRESH = {"HTTP_X_PORTAL_CACHE_REFRESH": "1"}


def _backend(location="http://127.0.0.1:8081/refresh", **params):
    return NginxRefreshBackend({"LOCATION": location, **params})


def _sent(urlopen):
    """(url, Host, Cookie) of each request the backend made."""
    return [
        (call.args[0].full_url, call.args[0].get_header("Host"), call.args[0].get_header("Cookie"))
        for call in urlopen.call_args_list
    ]


def test_the_refresh_url_keeps_the_purge_servers_path():
    backend = _backend()
    assert backend.refresh_url("https://example.vn/cam-nang/") == "http://127.0.0.1:8081/refresh/cam-nang/"
    assert (
        backend.refresh_url("https://example.vn/tin-tuc/?trang=2") == "http://127.0.0.1:8081/refresh/tin-tuc/?trang=2"
    )
    assert backend.refresh_url("https://example.vn") == "http://127.0.0.1:8081/refresh/"
    assert _backend("http://127.0.0.1:8081").refresh_url("https://example.vn/a/") == "http://127.0.0.1:8081/a/"
    assert _backend("http://127.0.0.1:8081/").refresh_url("https://example.vn/a/") == "http://127.0.0.1:8081/a/"


def test_the_purge_server_is_reached_over_http_only():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        _backend("file:///etc/passwd")


@pytest.mark.django_db
def test_each_page_is_refreshed_in_every_language_once_the_transaction_commits(django_capture_on_commit_callbacks):
    backend = _backend()
    with mock.patch("portal.frontend_cache.urlopen") as urlopen:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            backend.purge_batch(["https://example.vn:8443/cam-nang/", "https://example.vn:8443/"])
        assert urlopen.call_count == 0  # not before the commit: the refresh would store the old page
        for callback in callbacks:
            callback()
    assert _sent(urlopen) == [
        ("http://127.0.0.1:8081/refresh/", "example.vn:8443", "portal_language=vi"),
        ("http://127.0.0.1:8081/refresh/", "example.vn:8443", "portal_language=en"),
        ("http://127.0.0.1:8081/refresh/cam-nang/", "example.vn:8443", "portal_language=vi"),
        ("http://127.0.0.1:8081/refresh/cam-nang/", "example.vn:8443", "portal_language=en"),
    ]
    assert all(call.args[0].get_method() == "GET" for call in urlopen.call_args_list)


def test_a_refresh_that_fails_is_logged_never_raised(caplog):
    backend = _backend(LANGUAGES=["vi"])
    errors = [URLError("connection refused"), HTTPError("u", 502, "Bad Gateway", {}, None)]
    with mock.patch("portal.frontend_cache.urlopen", side_effect=errors):
        backend.refresh_all(["https://example.vn/a/", "https://example.vn/b/"])
    messages = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any("Couldn't refresh https://example.vn/a/" in message for message in messages)
    assert any("https://example.vn/b/ (vi) in the page cache: HTTP 502" in message for message in messages)


def test_the_404_of_an_unpublished_page_is_a_successful_refresh(caplog):
    with mock.patch("portal.frontend_cache.urlopen", side_effect=HTTPError("u", 404, "Not Found", {}, None)):
        _backend(LANGUAGES=["vi"]).refresh_all(["https://example.vn/a/"])
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


@pytest.mark.django_db
def test_publishing_refreshes_the_page_its_parent_and_the_home_page(settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "portal.frontend_cache.NginxRefreshBackend", "LOCATION": "http://127.0.0.1:8081/refresh"}
    }
    chapter = HandbookChapterPage.objects.get(slug="xa-hoi-so")
    chapter.title = "Xã hội số (cập nhật)"
    with mock.patch("portal.frontend_cache.urlopen") as urlopen, django_capture_on_commit_callbacks(execute=True):
        chapter.save_revision().publish()
    urls = {url for url, _host, _cookie in _sent(urlopen)}
    assert urls == {
        "http://127.0.0.1:8081/refresh/cam-nang/xa-hoi-so/",
        "http://127.0.0.1:8081/refresh/cam-nang/",
        "http://127.0.0.1:8081/refresh/",
    }


def test_the_default_backend_of_frontend_cache_purge_url_is_the_refresh_backend():
    import importlib

    from portal.settings import base

    with mock.patch.dict("os.environ", {"FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:8081/refresh"}):
        reloaded = importlib.reload(base)
        config = reloaded.WAGTAILFRONTENDCACHE["default"]
    importlib.reload(base)
    assert config == {
        "BACKEND": "portal.frontend_cache.NginxRefreshBackend",
        "LOCATION": "http://127.0.0.1:8081/refresh",
    }


@pytest.mark.parametrize(
    ("cache_control", "seconds"),
    [
        ("max-age=60, public, s-maxage=600", 600),
        ("public, max-age=86400", 86400),
        ("private, no-cache", 0),
        ("no-store", 0),
        ("max-age=0, no-cache, no-store, must-revalidate, private", 0),
        ("public, s-maxage=nonsense", 0),
        ("", 0),
    ],
)
def test_shared_max_age(cache_control, seconds):
    response = HttpResponse()
    if cache_control:
        response["Cache-Control"] = cache_control
    assert shared_max_age(response) == seconds


def test_a_response_that_sets_a_cookie_is_never_shared():
    response = HttpResponse(headers={"Cache-Control": "public, s-maxage=600"})
    response.set_cookie("csrftoken", "x")
    assert shared_max_age(response) == 0
    mark_refresh(response)
    assert response["X-Accel-Expires"] == "@1"
    assert not response.cookies


@pytest.mark.django_db
def test_a_refreshed_public_page_is_kept_for_its_shared_max_age(client):
    response = client.get("/cam-nang/", **REFRESH)
    assert "public" in response["Cache-Control"]
    assert response["X-Accel-Expires"] == "600"


@pytest.mark.django_db
def test_pages_for_anyone_else_get_no_x_accel_expires(client):
    assert "X-Accel-Expires" not in client.get("/cam-nang/")


@pytest.mark.django_db
def test_a_refreshed_page_that_is_gone_leaves_a_dead_entry(client):
    response = client.get("/khong-co-trang-nay/", **REFRESH)
    assert response.status_code == 404
    assert response["X-Accel-Expires"] == "@1"


@pytest.mark.django_db
def test_a_refreshed_page_with_a_form_leaves_a_dead_entry_without_its_cookie(client):
    response = client.get("/tai-khoan/login/", **REFRESH)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert response["X-Accel-Expires"] == "@1"
    assert "csrftoken" not in response.cookies


def _address_seen(settings, remote_addr, real_ip=None):
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    meta = {"REMOTE_ADDR": remote_addr}
    if real_ip is not None:
        meta["HTTP_X_REAL_IP"] = real_ip
    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return seen["address"]


def test_from_a_trusted_proxy_the_address_is_the_visitors(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert _address_seen(settings, "127.0.0.1", "203.0.113.7") == "203.0.113.7"
    assert _address_seen(settings, "::1", "2001:db8::7") == "2001:db8::7"


def test_from_anyone_else_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert _address_seen(settings, "198.51.100.9", "203.0.113.7") == "198.51.100.9"
    assert _address_seen(settings, "127.0.0.1", "not an address") == "127.0.0.1"
    assert _address_seen(settings, "127.0.0.1") == "127.0.0.1"


def test_without_trusted_proxies_the_middleware_is_off(settings):
    from django.core.exceptions import MiddlewareNotUsed

    settings.TRUSTED_PROXIES = []
    with pytest.raises(MiddlewareNotUsed):
        TrustedProxyMiddleware(lambda request: HttpResponse())
