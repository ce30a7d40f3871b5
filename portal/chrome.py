"""What every public page asks before its own content, kept between requests.

Before a page renders its own content it needs the request's site (Wagtail's
Site.find_for_request: one query), the site's root page (one more), whether a view restriction
applies to the page (two), and, for the header and the footer, the site settings and the
footer's links (two, plus rendering the footer). Their answers change only when an editor
publishes, unpublishes, moves, saves or deletes a page, or edits a site, the site settings or a
view restriction. They are kept in the default cache under the database's "pages" generation
(portal/generations.py), which triggers renew on any write to those tables, whoever makes it: every
worker process reads it once per request, so a change is seen by all of them at once, with or
without Redis. Where the database keeps no generation nothing is cached.

- `site_for_request(request)`: the request's site with its root page already specific, matched
  as Wagtail matches it (wagtail.models.sites.get_site_for_hostname). SiteMiddleware sets it as
  request._wagtail_site, where Wagtail looks first.
- `chrome(request)`: what the "portal_page_chrome" hooks give, per site and interface language:
  home's footer and the operator's name shown in the header (home.chrome, which also clears
  them when the site settings change). Built without the request's context processors, it holds
  nothing of the visitor's (no user, CSRF token or message).
- `cached_child(request, parent, slug)`: the pages BasePage.route goes through, each as read
  from the database (specific) since the last change to any page (a generation token in the
  keys, which clear() replaces).
- `restricted_paths()`: the tree paths of the pages under a view restriction, and `any_alias()`:
  whether any page is an alias (an alias takes its source's restrictions, which its path does not
  tell). BasePage.get_view_restrictions and portal.visibility read them instead of the database.
"""

import hashlib
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import translation
from django.utils.functional import SimpleLazyObject

TIMEOUT = 60 * 60
SITES_KEY = "chrome:sites"
RESTRICTIONS_KEY = "chrome:view-restrictions"
ALIASES_KEY = "chrome:any-alias"
CHILD_KEY = "chrome:child:{parent_id}:{slug}"
CHROME_KEY = "chrome:{site_id}:{language}:{version}"


def _in_generation(key):
    """`key` under the database's "pages" generation (portal/generations.py): triggers renew it on
    any write to the sites, the pages, the view restrictions or the site settings, and every worker
    process reads it (once per GET request). None where the database keeps no generation."""
    from portal import generations

    generation = generations.current("pages")
    return None if generation is None else f"{key}:{generation}"


def _cached(key, build):
    """What `build()` gives, kept under `key` (a key from _in_generation; None: not kept)."""
    found = cache.get(key) if key is not None else None
    if found is None:
        found = build()
        if key is not None:
            cache.set(key, found, TIMEOUT)
    return found


# --- the site ----------------------------------------------------------------------------------


def all_sites():
    """Every Site, each with its root page in its specific form."""
    from wagtail.models import Site

    def build():
        sites = list(Site.objects.select_related("root_page").order_by("pk"))
        for site in sites:
            site.root_page = site.root_page.specific
        return sites

    return _cached(_in_generation(SITES_KEY), build)


def match_site(sites, hostname, port):
    """The site Wagtail's get_site_for_hostname finds among `sites` for a host and port, or None.

    Ranked as it ranks them: the hostname and port, then the hostname of the default site, then the
    default site, then another site of the hostname. The default site of another hostname gives way
    to the one site of the hostname, if there is only one."""

    def rank(site):
        if site.hostname == hostname:
            return 0 if site.port == port else 1 if site.is_default_site else 3
        return 2

    candidates = sorted((site for site in sites if site.hostname == hostname or site.is_default_site), key=rank)
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    if rank(candidates[0]) == 2:
        return candidates[len(candidates) == 2]
    return None


def site_for_request(request):
    """The request's site (what Site.find_for_request would find), from the cache."""
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    return match_site(all_sites(), hostname, request.get_port())


class SiteMiddleware:
    """Gives Wagtail the request's site from the cache: Site.find_for_request reads
    request._wagtail_site before it asks the database. After CommonMiddleware, which refuses a
    host outside ALLOWED_HOSTS."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped = (settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request):
        if not request.path.startswith(self.skipped):
            # A database that does not answer: left to Wagtail where a view needs the site
            # (/healthz reports the database itself).
            with suppress(DatabaseError):
                request._wagtail_site = site_for_request(request)
        return self.get_response(request)


# --- the header's and footer's shared parts ----------------------------------------------------


def template_version():
    """Changes with the chrome's templates and the translations: a cache shared with the workers of
    an earlier release (Redis) never serves that release's fragments."""
    global _template_version
    if _template_version is None:
        from django.template.loader import get_template

        digest = hashlib.blake2b(digest_size=8)
        for build in builders():
            for name in getattr(build, "templates", ()):
                digest.update(get_template(name).template.source.encode())
        for path in sorted(settings.BASE_DIR.joinpath("locale").glob("*/LC_MESSAGES/django.mo")):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        _template_version = digest.hexdigest()
    return _template_version


_template_version = None


def builders():
    """The functions of the "portal_page_chrome" hook: build(request, site) gives a dict of what
    every page of `site` shows the same way to every visitor in the active language (home's:
    the footer's HTML and the operator's name in the header). A `templates` attribute names the
    templates it renders."""
    from wagtail import hooks

    return hooks.get_hooks("portal_page_chrome")


def chrome_key(site_id, language):
    return _in_generation(CHROME_KEY.format(site_id=site_id, language=language, version=template_version()))


def chrome(request):
    """What the "portal_page_chrome" hooks give for the request's site and the active language."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return build_chrome(request, None)
    return _cached(chrome_key(site.pk, translation.get_language()), lambda: build_chrome(request, site))


def build_chrome(request, site):
    found = {}
    for build in builders():
        found.update(build(request, site))
    return found


def lazy_chrome(request):
    return SimpleLazyObject(lambda: chrome(request))


# --- the pages routing goes through -------------------------------------------------------------


def child_key(parent, slug):
    digest = hashlib.blake2b(slug.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return _in_generation(CHILD_KEY.format(parent_id=parent.pk, slug=digest))


def cached_child(request, parent, slug):
    """The child of `parent` with `slug` (specific, as read from the database since the last
    change to any page), or None."""
    key = child_key(parent, slug)
    return cache.get(key) if key is not None else None


def remember_child(request, parent, slug, child):
    key = child_key(parent, slug)
    if key is not None:
        cache.set(key, child, TIMEOUT)


# --- view restrictions -----------------------------------------------------------------------------


def restricted_paths():
    """The tree paths of the pages under a view restriction (each page's descendants are too)."""
    from wagtail.models import PageViewRestriction

    return _cached(
        _in_generation(RESTRICTIONS_KEY),
        lambda: tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))),
    )


def any_alias():
    """Whether any page is an alias of another."""
    from wagtail.models import Page

    return _cached(_in_generation(ALIASES_KEY), lambda: Page.objects.filter(alias_of__isnull=False).exists())
