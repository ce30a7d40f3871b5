"""The server's page cache (portal.page_cache): what it serves, what it never stores, and that the
events that purge nginx's cache invalidate it too."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory

from home.models import HandbookChapterPage
from portal import page_cache
from tests import factories

pytestmark = pytest.mark.django_db

HANDBOOK = "/cam-nang/"
CHAPTER = "/cam-nang/xa-hoi-so/"
SUBSCRIBE = "/ban-tin/dang-ky/"  # a form with a CSRF token


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_TIMEOUT = 600
    settings.PAGE_CACHE_MAX_VARIANTS = 100
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    settings.PAGE_CACHE_LOCAL_ENTRIES = 200
    page_cache.local.clear()
    yield
    page_cache.local.clear()


def state(response):
    return response.get(page_cache.HEADER)


def test_the_second_anonymous_request_is_served_from_the_cache_without_a_query(client, django_assert_num_queries):
    first = client.get(HANDBOOK)
    assert first.status_code == 200 and state(first) == "MISS"
    with django_assert_num_queries(0):
        again = client.get(HANDBOOK)
    assert state(again) == "HIT"
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"]
    assert "public" in again["Cache-Control"]
    assert again["Content-Language"] == "vi"
    assert int(again["Age"]) >= 0
    # The outer middleware still adds the security headers to a cached page.
    assert again["Content-Security-Policy"] and again["X-Content-Type-Options"] == "nosniff"
    assert not again.cookies


def test_a_head_request_is_answered_from_the_cache(client):
    client.get(HANDBOOK)
    assert state(client.head(HANDBOOK)) == "HIT"


def test_each_interface_language_has_its_own_entry(client):
    client.get(HANDBOOK)
    english = Client()
    english.cookies["portal_language"] = "en"
    first = english.get(HANDBOOK)
    assert state(first) == "MISS" and first["Content-Language"] == "en"
    again = english.get(HANDBOOK)
    assert state(again) == "HIT" and again["Content-Language"] == "en"
    assert client.get(HANDBOOK)["Content-Language"] == "vi"


def test_a_signed_in_visitor_never_gets_nor_fills_the_cache(client, superuser):
    client.get(HANDBOOK)
    assert state(client.get(HANDBOOK)) == "HIT"
    signed_in = Client()
    signed_in.force_login(superuser)
    for _ in range(2):
        response = signed_in.get(CHAPTER)
        assert state(response) == "BYPASS" and "private" in response["Cache-Control"]
    signed_in.get(HANDBOOK)
    assert state(signed_in.get(HANDBOOK)) == "BYPASS"
    anonymous = client.get(CHAPTER)
    assert state(anonymous) == "MISS", "a signed-in visitor's page was stored"


def test_a_user_signed_in_without_a_cookie_is_never_stored():
    request = RequestFactory().get(HANDBOOK)
    request.user = factories.UserFactory()
    response = HttpResponse(headers={"Cache-Control": "public, max-age=60, s-maxage=600"})
    assert page_cache.PageCacheMiddleware.storable_for(request, response) == 0
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert page_cache.PageCacheMiddleware.storable_for(request, response) == 600


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_visitor_with_a_private_cookie_passes_by(client, cookie):
    client.get(HANDBOOK)
    other = Client()
    other.cookies[cookie] = "x"
    assert state(other.get(HANDBOOK)) == "BYPASS"


def test_credentials_pass_by(client):
    client.get(HANDBOOK)
    assert state(client.get(HANDBOOK, HTTP_AUTHORIZATION="Basic eDp5")) == "BYPASS"


def test_a_page_with_a_csrf_form_is_never_stored(client):
    for _ in range(2):
        response = Client().get(SUBSCRIBE)
        assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
        assert state(response) == "MISS"
        assert "csrftoken" in response.cookies


def test_a_page_that_used_a_csrf_token_without_setting_the_cookie_is_not_stored():
    from django.middleware.csrf import get_token

    response = HttpResponse(headers={"Cache-Control": "public, s-maxage=600"})
    request = RequestFactory().get(HANDBOOK)
    assert page_cache.PageCacheMiddleware.storable_for(request, response) == 600
    get_token(request)
    assert page_cache.PageCacheMiddleware.storable_for(request, response) == 0
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False  # as CsrfViewMiddleware leaves it once it set the cookie
    assert page_cache.PageCacheMiddleware.storable_for(request, response) == 0


def test_a_response_that_sets_a_cookie_is_never_stored():
    request = RequestFactory().get(HANDBOOK)
    response = HttpResponse(headers={"Cache-Control": "public, s-maxage=600"})
    response.set_cookie("anything", "1")
    assert page_cache.PageCacheMiddleware.storable_for(request, response) == 0


def test_a_very_large_answer_is_not_stored():
    request = RequestFactory().get(HANDBOOK)
    headers = {"Cache-Control": "public, s-maxage=600"}
    assert page_cache.PageCacheMiddleware.storable_for(request, HttpResponse(b"x" * 1000, headers=headers)) == 600
    large = HttpResponse(b"x" * (page_cache.MAX_BYTES + 1), headers=headers)
    assert page_cache.PageCacheMiddleware.storable_for(request, large) == 0


def _messages_cookie(text):
    storage = CookieStorage(RequestFactory().get("/"))
    return storage._encode([Message(constants.SUCCESS, text)])


def test_a_flash_message_is_shown_to_its_visitor_and_never_stored(client):
    flash = "Đã đăng ký nhận bản tin của một người khác"
    with_message = Client()
    with_message.cookies["messages"] = _messages_cookie(flash)
    response = with_message.get(HANDBOOK)
    assert flash in response.content.decode()
    assert state(response) == "BYPASS"
    for _ in range(2):
        anonymous = client.get(HANDBOOK)
        assert flash not in anonymous.content.decode()
    assert state(anonymous) == "HIT"


def test_a_message_added_while_rendering_keeps_the_page_out_of_the_cache():
    request = RequestFactory().get(HANDBOOK)
    request._messages = CookieStorage(request)
    request._messages.add(constants.INFO, "Bộ lọc không hợp lệ")
    response = HttpResponse(headers={"Cache-Control": "public, s-maxage=600"})
    assert page_cache.PageCacheMiddleware.storable_for(request, response) == 0


@pytest.mark.parametrize(
    ("cache_control", "vary", "seconds"),
    [
        ("public, max-age=60, s-maxage=600", "Cookie", 600),
        ("public, max-age=60, s-maxage=9000", "Cookie", 600),  # capped by PAGE_CACHE_TIMEOUT
        ("public, max-age=30", "", 30),
        ("private, no-cache", "Cookie", 0),
        ("no-store", "", 0),
        ("", "", 0),
        ("public, s-maxage=600", "Cookie, Accept-Encoding", 0),
    ],
)
def test_cache_control_and_vary_are_respected(cache_control, vary, seconds):
    request = RequestFactory().get(HANDBOOK)
    response = HttpResponse()
    if cache_control:
        response["Cache-Control"] = cache_control
    if vary:
        response["Vary"] = vary
    assert page_cache.PageCacheMiddleware.storable_for(request, response) == seconds


def test_errors_and_redirects_are_not_stored(client):
    for _ in range(2):
        assert state(client.get("/khong-co-trang-nay/")) == "MISS"
        assert state(client.get("/cam-nang")) == "MISS"  # the slash redirect


def test_a_post_is_never_served_from_nor_stored_in_the_cache(client):
    client.get(SUBSCRIBE)
    posted = client.post(SUBSCRIBE, {"email": "not an address"})
    assert state(posted) == "BYPASS"
    Client().get(HANDBOOK)  # `client` holds a CSRF cookie now
    assert state(Client().post(HANDBOOK)) == "BYPASS"
    assert state(Client().get(HANDBOOK)) == "HIT"


def test_the_admin_accounts_and_refreshes_pass_by(client):
    assert state(client.get("/admin/")) == "BYPASS"
    assert state(client.get("/tai-khoan/login/")) == "BYPASS"
    client.get(HANDBOOK)
    refresh = client.get(HANDBOOK, HTTP_X_PORTAL_CACHE_REFRESH="1")
    assert state(refresh) == "BYPASS" and refresh["X-Accel-Expires"] == "600"
    assert "X-Accel-Expires" not in client.get(HANDBOOK)


def test_query_strings_are_cached_per_full_url_and_bounded(client, settings):
    settings.PAGE_CACHE_MAX_VARIANTS = 2
    for query in ("?a=1", "?a=2"):
        assert state(client.get(HANDBOOK + query)) == "MISS"
        assert state(client.get(HANDBOOK + query)) == "HIT"
    assert state(client.get(HANDBOOK + "?a=3")) == "MISS"
    assert state(client.get(HANDBOOK + "?a=3")) == "MISS", "a third variant was stored"
    client.get(HANDBOOK)
    assert state(client.get(HANDBOOK)) == "HIT", "the page without a query string is not counted"
    assert state(client.get(HANDBOOK + "?q=" + "x" * page_cache.MAX_QUERY_LENGTH)) == "MISS"
    assert state(client.get(HANDBOOK + "?q=" + "x" * page_cache.MAX_QUERY_LENGTH)) == "MISS"


def test_off_means_off(client, settings):
    settings.PAGE_CACHE = False
    client.get(HANDBOOK)
    response = client.get(HANDBOOK)
    assert page_cache.HEADER not in response


def _warm(client, *paths):
    for path in paths:
        client.get(path)
        assert state(client.get(path)) == "HIT", path


def test_publishing_a_page_refreshes_it_every_variant_its_parent_and_the_home_page(
    client, django_capture_on_commit_callbacks
):
    _warm(client, CHAPTER, CHAPTER + "?x=1", HANDBOOK, "/")
    chapter = HandbookChapterPage.objects.get(slug="xa-hoi-so")
    chapter.title = "Xã hội số (bản mới)"
    with django_capture_on_commit_callbacks(execute=True):
        chapter.save_revision().publish()
    for path in (CHAPTER, CHAPTER + "?x=1"):
        response = client.get(path)
        assert state(response) == "MISS" and "Xã hội số (bản mới)" in response.content.decode(), path
    assert state(client.get(HANDBOOK)) == "MISS"
    assert state(client.get("/")) == "MISS"
    with django_capture_on_commit_callbacks(execute=True):
        chapter.unpublish()
    assert client.get(CHAPTER).status_code == 404


def test_nothing_is_invalidated_before_the_commit(client, django_capture_on_commit_callbacks):
    _warm(client, CHAPTER)
    chapter = HandbookChapterPage.objects.get(slug="xa-hoi-so")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        chapter.save_revision().publish()
    assert callbacks
    assert state(client.get(CHAPTER)) == "HIT"


def test_a_page_rendered_before_an_invalidation_is_never_served_after_it(monkeypatch):
    """The race: a request reads the path's token, the page is published meanwhile, the request
    stores what it rendered. Its entry carries the old token and is never served."""
    monkeypatch.setattr(page_cache.transaction, "on_commit", lambda func, *args, **kwargs: func())
    published_meanwhile = [True]

    def view(request):
        if published_meanwhile.pop() if published_meanwhile else False:
            page_cache.invalidate_urls(["http://localhost" + HANDBOOK])
        return HttpResponse("page", headers={"Cache-Control": "public, s-maxage=600"})

    middleware = page_cache.PageCacheMiddleware(view)
    assert state(middleware(RequestFactory().get(HANDBOOK))) == "MISS"
    assert state(middleware(RequestFactory().get(HANDBOOK))) == "MISS", "the page rendered before was served"
    assert state(middleware(RequestFactory().get(HANDBOOK))) == "HIT"


def _another_process_invalidates(path):
    """What invalidate_urls does in another process: the shared token changes, not this process's."""
    page_cache.cache().set(page_cache.version_key(path), page_cache.new_token())


def test_another_process_sees_an_invalidation_within_page_cache_local_seconds(client, monkeypatch):
    _warm(client, HANDBOOK)
    _another_process_invalidates(HANDBOOK)
    assert state(client.get(HANDBOOK)) == "HIT", "served from this process's copy within the second"
    later = page_cache.time.monotonic() + 1.01
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    assert state(client.get(HANDBOOK)) == "MISS"


def test_without_the_local_layer_every_answer_asks_the_shared_cache(client, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    _warm(client, HANDBOOK)
    _another_process_invalidates(HANDBOOK)
    assert state(client.get(HANDBOOK)) == "MISS"
    assert not page_cache.local.entries


def test_a_lost_token_costs_a_miss_never_an_old_page(client):
    _warm(client, HANDBOOK)
    page_cache.local.clear()
    page_cache.cache().delete(page_cache.version_key(HANDBOOK))  # expired, or evicted by Redis
    assert state(client.get(HANDBOOK)) == "MISS"
    assert state(client.get(HANDBOOK)) == "HIT"


def test_the_local_layer_is_bounded(client, settings):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 2
    for path in (HANDBOOK, CHAPTER, "/", "/tin-tuc/"):
        client.get(path)
    assert len(page_cache.local.entries) == 2
    assert state(client.get(HANDBOOK)) == "HIT", "from the shared cache"


def test_publishing_a_legal_document_refreshes_its_page_and_the_library(client, django_capture_on_commit_callbacks):
    from documents.models import LegalDocument

    document = LegalDocument.objects.live().exclude(slug="").first()
    page = document.get_absolute_url()
    _warm(client, page, "/van-ban/", "/van-ban/?nam=2022")
    document.title = "Trích yếu đã sửa cho bộ nhớ đệm"
    with django_capture_on_commit_callbacks(execute=True):
        document.save_revision().publish()
    response = client.get(page)
    assert state(response) == "MISS" and "Trích yếu đã sửa cho bộ nhớ đệm" in response.content.decode()
    assert state(client.get("/van-ban/")) == "MISS"
    assert state(client.get("/van-ban/?nam=2022")) == "MISS"


def test_a_forum_decision_refreshes_the_proposal_the_forum_and_the_home_page(
    client, forum_moderator, django_capture_on_commit_callbacks
):
    from forum import moderation

    proposal = factories.ProposalFactory(status="pending")
    _warm(client, "/dien-dan/", "/")
    assert proposal.title not in client.get("/dien-dan/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.transition(proposal, "approved", forum_moderator)
    listing = client.get("/dien-dan/")
    assert state(listing) == "MISS" and proposal.title in listing.content.decode()
    assert state(client.get("/")) == "MISS"
