"""The server's page cache: whole anonymous pages kept in the "pages" cache (Redis in production).

A page is served from the cache only to a request that could not tell it apart from any other
anonymous visitor's: a GET or HEAD, outside the admin, the accounts pages, static and media files,
without a session, CSRF or flash-message cookie and without credentials (the same rule as nginx's
`$portal_private`, deploy/nginx/portal.conf), and that is not a refresh from nginx's purge server.
A response is stored only when it is a GET's complete 200 that sets no cookie, used no CSRF token,
carries no flash message, was made for no signed-in user, varies on nothing but Cookie (whose only
effect on such a request is the interface language, part of the key) and whose Cache-Control lets
a shared cache keep it (portal.frontend_cache.shared_max_age: not private, no-store or no-cache;
its s-maxage or max-age). It is kept for that long, at most PAGE_CACHE_TIMEOUT seconds.

Keys. One entry per scheme, host, path, query string and interface language. Invalidation works by
path: each path has a version token (key "v:<path>"), and an entry is served only while it carries
the token its path has now. `invalidate_urls` replaces the tokens of the paths it is given, which
drops every query-string variant, language and host of those paths at once, and closes the race
with a request that was rendering the old page meanwhile: the token is read when the request
starts and stored with its entry, so an entry rendered before the change carries a dead token.
The token and the entry are read in one round trip (get_many). A path keeps at most
PAGE_CACHE_MAX_VARIANTS query-string variants per PAGE_CACHE_TIMEOUT window; a longer query
string than MAX_QUERY_LENGTH is never stored, so made-up query strings cannot fill the cache.

The local layer. A round trip to Redis costs more than the rest of a cached answer, so each
process also keeps the entries it served (up to PAGE_CACHE_LOCAL_ENTRIES) and the tokens it read,
and trusts a token for PAGE_CACHE_LOCAL_SECONDS (1 s) before asking Redis again: a page published
in one process is gone at once there and from the shared cache, and at most that long later from
the other processes' local layers. PAGE_CACHE_LOCAL_SECONDS=0 turns the local layer off.

What invalidates: `purge`, the portal's one way to invalidate pages, which also purges the cache
in front of the site (nginx) through Wagtail's frontend cache. Every purge goes through it:
publishing and unpublishing a page (portal.navigation), a legal document (documents.apps), a
forum decision (forum.moderation). Wagtail's own frontend-cache handler purges a published page's
own URLs from nginx; portal.navigation gives them to the server's cache only.

PAGE_CACHE turns it on (by default when REDIS_URL is set: with several worker processes a
local-memory cache could not be invalidated in all of them).
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

CACHE_ALIAS = "pages"
HEADER = "X-Page-Cache"
MAX_QUERY_LENGTH = 1024
# Larger answers are not stored (a page is tens of kilobytes; files and exports stream).
MAX_BYTES = 2 * 1024 * 1024
# Never served from the cache or stored: the editors' and accounts' pages, files.
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/tai-khoan/")
# Headers that belong to one answer, not to the page.
UNSTORED_HEADERS = {"age", HEADER.lower(), "x-accel-expires", "set-cookie"}


def cache():
    return caches[CACHE_ALIAS]


def _digest(*parts):
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def version_key(path):
    return "v:" + _digest(path)


def count_key(path):
    return "n:" + _digest(path)


def entry_key(scheme, host, path, query, language):
    return "e:" + _digest(scheme, host, path, query, language)


def new_token():
    return secrets.token_hex(8)


def token_timeout():
    """How long a path's token is kept: well past its entries' lifetime. A token that has gone is
    replaced by a new one, which no entry carries, so it can only cost a miss."""
    return max(24 * 60 * 60, 2 * settings.PAGE_CACHE_TIMEOUT)


# --- invalidation ---------------------------------------------------------------------------


def url_path(url):
    """The path a visitor's request has for `url` (request.path: percent-decoded)."""
    return unquote(urlsplit(url).path) or "/"


class LocalLayer:
    """This process's copy of the entries it served and of the tokens it read (see the module's
    docstring). Bounded: least recently used entries go first."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = OrderedDict()
        self.tokens = {}

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.tokens.clear()

    def token(self, path):
        """The token of `path` read less than PAGE_CACHE_LOCAL_SECONDS ago, else None."""
        found = self.tokens.get(path)
        if found is None or time.monotonic() - found[1] >= settings.PAGE_CACHE_LOCAL_SECONDS:
            return None
        return found[0]

    def remember_tokens(self, tokens):
        now = time.monotonic()
        with self.lock:
            if len(self.tokens) > 10 * max(settings.PAGE_CACHE_LOCAL_ENTRIES, 1):
                self.tokens.clear()
            self.tokens.update({path: (token, now) for path, token in tokens.items()})

    def entry(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        if settings.PAGE_CACHE_LOCAL_SECONDS <= 0:
            return
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > settings.PAGE_CACHE_LOCAL_ENTRIES:
                self.entries.popitem(last=False)


local = LocalLayer()


def invalidate_urls(urls):
    """Drop the pages at `urls` (full URLs or paths; their query strings are ignored: every variant
    goes) from the server's page cache once the current transaction has committed."""
    paths = sorted({url_path(url) for url in urls})
    if not paths or not settings.PAGE_CACHE:
        return

    def replace_tokens():
        tokens = {path: new_token() for path in paths}
        cache().set_many({version_key(path): token for path, token in tokens.items()}, timeout=token_timeout())
        local.remember_tokens(tokens)

    # After the commit: a request that read the old data before it may store its page, under the
    # token it read, which this replaces.
    transaction.on_commit(replace_tokens)


def purge(urls, *, front=True):
    """Invalidate the pages at `urls` in the server's page cache and, with `front`, in the cache in
    front of the site (wagtail.contrib.frontend_cache: nginx's purge server, a task)."""
    urls = sorted(set(urls))
    if not urls:
        return
    invalidate_urls(urls)
    if front and settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(urls)


def purging():
    """Whether any cache needs purging: the callers skip working out the URLs otherwise."""
    return bool(settings.PAGE_CACHE or settings.WAGTAILFRONTENDCACHE)


def page_urls(page, cache_object=None):
    """A page's full URLs as Wagtail's frontend cache purges them (its URL and get_cached_paths)."""
    url = page.get_full_url(cache_object)
    if url is None:
        return []
    return [url + path.lstrip("/") for path in page.specific_deferred.get_cached_paths()]


# --- the middleware ----------------------------------------------------------------------------


def private_cookie_names():
    from django.contrib.messages.storage.cookie import CookieStorage

    return (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name)


class PageCacheMiddleware:
    """Serves and stores anonymous pages (see the module's docstring). First in MIDDLEWARE: a
    cached page is answered without the rest, and what it stores has every header the other
    middleware added (the security headers, the Content-Security-Policy, Cache-Control), so it
    sees the cookies and Cache-Control of the finished response. Adds X-Page-Cache: HIT, MISS or
    BYPASS."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = (*EXCLUDED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)
        self.private_cookies = private_cookie_names()

    def __call__(self, request):
        if not settings.PAGE_CACHE:
            return self.get_response(request)
        if not self.may_use_cache(request):
            response = self.get_response(request)
            response[HEADER] = "BYPASS"
            return response
        from portal.middleware import request_language

        path, query = request.path, request.META.get("QUERY_STRING", "")
        key = entry_key(request.scheme, request.get_host(), path, query, request_language(request))
        token = local.token(path)
        if token is not None:
            entry = local.entry(key)
            if self.valid(entry, token):
                return self.cached_response(entry)
        vkey = version_key(path)
        found = cache().get_many([vkey, key])
        token, entry = found.get(vkey), found.get(key)
        if token is None:
            cache().add(vkey, new_token(), timeout=token_timeout())
            token = cache().get(vkey)
        if token is not None:
            local.remember_tokens({path: token})
        if self.valid(entry, token):
            local.put(key, entry)
            return self.cached_response(entry)
        response = self.get_response(request)
        if token is not None and request.method == "GET" and len(query) <= MAX_QUERY_LENGTH:
            seconds = self.storable_for(request, response)
            if seconds and (entry is not None or not query or self.variant_allowed(path)):
                self.store(key, token, response, seconds)
        response[HEADER] = "MISS"
        return response

    @staticmethod
    def valid(entry, token):
        """An entry of the path's current token, not past its time (the local layer's copies)."""
        return entry is not None and entry[0] == token and time.time() < entry[1] + entry[2]

    def may_use_cache(self, request):
        from portal.frontend_cache import REFRESH_HEADER

        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(self.excluded)
            and not any(name in request.COOKIES for name in self.private_cookies)
            and "HTTP_AUTHORIZATION" not in request.META
            and REFRESH_HEADER not in request.headers
        )

    @staticmethod
    def storable_for(request, response):
        """Seconds the response may be kept, 0 when it must not be stored."""
        from portal.frontend_cache import shared_max_age

        if response.status_code != 200 or response.streaming or response.cookies:
            return 0
        if len(response.content) > MAX_BYTES:
            return 0
        # The page holds a CSRF token (a form): get_token() put one in META. The request came
        # without a CSRF cookie (else it would have passed by), so any token there is this page's.
        if "CSRF_COOKIE" in request.META or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return 0
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return 0
        messages = request.__dict__.get("_messages")
        if messages is not None and (messages._queued_messages or getattr(messages, "_loaded_data", None)):
            return 0
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
        if vary - {"cookie"}:
            return 0
        return min(shared_max_age(response), settings.PAGE_CACHE_TIMEOUT)

    def variant_allowed(self, path):
        """A new query-string variant of `path`: at most PAGE_CACHE_MAX_VARIANTS per window."""
        key = count_key(path)
        cache().add(key, 0, timeout=settings.PAGE_CACHE_TIMEOUT)
        try:
            return cache().incr(key) <= settings.PAGE_CACHE_MAX_VARIANTS
        except ValueError:  # expired between the two calls
            return False

    @staticmethod
    def store(key, token, response, seconds):
        headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
        entry = (token, time.time(), seconds, response.status_code, headers, response.content)
        cache().set(key, entry, timeout=seconds)
        local.put(key, entry)

    @staticmethod
    def cached_response(entry):
        _token, stored_at, _seconds, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["Age"] = str(max(0, int(time.time() - stored_at)))
        response[HEADER] = "HIT"
        return response
