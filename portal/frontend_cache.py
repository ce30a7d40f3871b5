"""Purging nginx's page cache without a purge module: each entry is refreshed in place.

Debian's nginx has no PURGE method. The cache in front of the portal (deploy/nginx/portal.conf)
keeps anonymous pages under the key "<host><uri>|<language>"; its purge server, a server block
listening on the app host only, answers a GET by fetching the page from the app with
proxy_cache_bypass under the same key, which replaces the entry. NginxRefreshBackend asks it to,
once per interface language, after the transaction that published the page has committed (a
refresh before the commit would store the old page again).

The app helps with the one case a refresh cannot handle alone: nginx stores nothing that is
private or sets a cookie, so an entry whose page has become private, or gone (404), or now holds a
form would stay. On a refresh request (REFRESH_HEADER, which the public server never passes on)
`mark_refresh` adds X-Accel-Expires: the page's shared max-age, or a time long past, so that nginx
stores a dead entry in place of the old one (the purge server ignores Cache-Control).
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger(__name__)

REFRESH_HEADER = "X-Portal-Cache-Refresh"
# X-Accel-Expires "@<seconds since the epoch>": one second after 1970, an entry already dead.
DEAD_ENTRY = "@1"


class NginxRefreshBackend(BaseBackend):
    """WAGTAILFRONTENDCACHE backend for the purge server of deploy/nginx/portal.conf.

    LOCATION is the purge server's base URL, path included (http://127.0.0.1:8081/refresh):
    the page https://example.vn/cam-nang/ is refreshed with GET
    http://127.0.0.1:8081/refresh/cam-nang/ and "Host: example.vn", once for each of LANGUAGES
    (the site's interface languages by default), carried in the language cookie."""

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        if location.scheme not in ("http", "https"):
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"The purge server's URL must be http:// or https://; got {params['LOCATION']!r}"
            )
        self.scheme, self.netloc = location.scheme, location.netloc
        self.prefix = location.path.rstrip("/")
        self.languages = params.get("LANGUAGES") or [code for code, _name in settings.LANGUAGES]
        self.timeout = params.get("TIMEOUT", 10)

    def refresh_url(self, url):
        """Where the purge server refreshes the page at `url`."""
        page = urlsplit(url)
        return urlunsplit((self.scheme, self.netloc, self.prefix + (page.path or "/"), page.query, ""))

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        urls = sorted(set(urls))
        # Right away inside the worker's task (no transaction open); after the commit when the
        # publication's transaction is still open (the immediate backend of development).
        transaction.on_commit(lambda: self.refresh_all(urls))

    def refresh_all(self, urls):
        for url in urls:
            for language in self.languages:
                self.refresh(url, language)

    def refresh(self, url, language):
        request = Request(  # noqa: S310 - http or https, checked in __init__
            self.refresh_url(url),
            headers={
                "Host": urlsplit(url).netloc,
                "Cookie": f"{settings.LANGUAGE_COOKIE_NAME}={language}",
                "User-Agent": f"Wagtail-frontendcache/{wagtail_version} (portal refresh)",
            },
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - as above
                response.read()
        except HTTPError as error:
            # The page's own status (a 404 for an unpublished page): the entry is refreshed all the same.
            log = logger.error if error.code >= 500 else logger.info
            log("Refreshed %s (%s) in the page cache: HTTP %d", url, language, error.code)
        except (URLError, OSError) as error:
            logger.error("Couldn't refresh %s (%s) in the page cache: %s", url, language, error)


def shared_max_age(response):
    """Seconds a shared cache may keep `response` by its Cache-Control, 0 when it may not."""
    if response.cookies:
        return 0
    directives = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _sep, value = part.strip().partition("=")
        directives[name.lower()] = value.strip()
    if directives.keys() & {"private", "no-store", "no-cache"}:
        return 0
    for name in ("s-maxage", "max-age"):
        if name in directives:
            try:
                return max(0, int(directives[name]))
            except ValueError:
                return 0
    return 0


def mark_refresh(response):
    """A refresh from the purge server: tell nginx how long to keep what it stores."""
    seconds = shared_max_age(response)
    if seconds:
        response["X-Accel-Expires"] = str(seconds)
    else:
        # Nothing goes to a browser: drop the cookies, which would keep nginx from storing the
        # dead entry that replaces the old one.
        response.cookies.clear()
        response["X-Accel-Expires"] = DEAD_ENTRY
    return response
