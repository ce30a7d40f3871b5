"""What every public page asks before its own content, kept between requests.

Before a page renders its own content it needs the request's site (Wagtail's
Site.find_for_request: one query), the site's root page (one more), whether a view restriction
applies to the page (two), and, for the header and the footer, the site settings and the
footer's links (two, plus rendering the footer). Their answers change only when an editor
publishes, unpublishes, moves, saves or deletes a page, or edits a site, the site settings or a
view restriction. They are kept in the default cache (Redis in production, so every worker
process sees a change at once) and `clear()` drops them on each of those changes
(connect_signals).

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
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.functional import SimpleLazyObject

TIMEOUT = 60 * 60
SITES_KEY = "chrome:sites"
RESTRICTIONS_KEY = "chrome:view-restrictions"
ALIASES_KEY = "chrome:any-alias"
GENERATION_KEY = "chrome:pages-generation"
CHILD_KEY = "chrome:child:{generation}:{parent_id}:{slug}"
CHROME_KEY = "chrome:{site_id}:{language}:{version}"


def _in_generation(key):
    """`key` under the database's "pages" generation (portal/generations.py): triggers renew it on
    any write to the sites, the pages, the view restrictions or the site settings, and every worker
    process reads it (once per GET request). The signals' clear() alone reaches only the cache it
    runs against: without Redis, each process's own memory, so another process would go on
    serving a page that has just been restricted."""
    from portal import generations

    return f"{key}:{generations.current('pages')}"


# --- the site ----------------------------------------------------------------------------------


def all_sites():
    """Every Site, each with its root page in its specific form."""
    key = _in_generation(SITES_KEY)
    sites = cache.get(key)
    if sites is None:
        from wagtail.models import Site

        sites = list(Site.objects.select_related("root_page").order_by("pk"))
        for site in sites:
            site.root_page = site.root_page.specific
        cache.set(key, sites, TIMEOUT)
    return sites


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


def chrome_key(site_id, language, generation=True):
    key = CHROME_KEY.format(site_id=site_id, language=language, version=template_version())
    return _in_generation(key) if generation else key


def chrome(request):
    """What the "portal_page_chrome" hooks give for the request's site and the active language."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return build_chrome(request, None)
    key = chrome_key(site.pk, translation.get_language())
    found = cache.get(key)
    if found is None:
        found = build_chrome(request, site)
        cache.set(key, found, TIMEOUT)
    return found


def build_chrome(request, site):
    found = {}
    for build in builders():
        found.update(build(request, site))
    return found


def lazy_chrome(request):
    return SimpleLazyObject(lambda: chrome(request))


# --- the pages routing goes through -------------------------------------------------------------


def pages_generation(request):
    """A token that changes whenever the pages may have: the cached pages are kept under it. Read
    once per request (on the request). Replaced, not incremented: after clear() deletes it, the
    next request makes a new random one, which nothing was cached under."""
    token = getattr(request, "_portal_pages_generation", None)
    if token is None:
        import secrets

        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        token = cache.get(GENERATION_KEY)
        if request is not None and token is not None:
            request._portal_pages_generation = token
    return token


def child_key(request, parent, slug):
    generation = pages_generation(request)
    if generation is None:
        return None
    digest = hashlib.blake2b(slug.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return _in_generation(CHILD_KEY.format(generation=generation, parent_id=parent.pk, slug=digest))


def cached_child(request, parent, slug):
    """The child of `parent` with `slug` (specific, as read from the database since the last
    change to any page), or None."""
    key = child_key(request, parent, slug)
    return cache.get(key) if key is not None else None


def remember_child(request, parent, slug, child):
    key = child_key(request, parent, slug)
    if key is not None:
        cache.set(key, child, TIMEOUT)


# --- view restrictions -----------------------------------------------------------------------------


def restricted_paths():
    """The tree paths of the pages under a view restriction (each page's descendants are too)."""
    key = _in_generation(RESTRICTIONS_KEY)
    paths = cache.get(key)
    if paths is None:
        from wagtail.models import PageViewRestriction

        paths = tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))))
        cache.set(key, paths, TIMEOUT)
    return paths


def any_alias():
    """Whether any page is an alias of another."""
    key = _in_generation(ALIASES_KEY)
    found = cache.get(key)
    if found is None:
        from wagtail.models import Page

        found = Page.objects.filter(alias_of__isnull=False).exists()
        cache.set(key, found, TIMEOUT)
    return found


# --- clearing ------------------------------------------------------------------------------------


def clear(**kwargs):
    """Forget everything above (every site, every language), now and again once the current
    transaction commits: a request served meanwhile may have cached what is being changed."""
    keys = [SITES_KEY, RESTRICTIONS_KEY, ALIASES_KEY, GENERATION_KEY]
    site_ids = {site.pk for site in all_sites_uncached()}
    instance = kwargs.get("instance")
    if instance is not None and instance._meta.label_lower == "wagtailcore.site" and instance.pk is not None:
        site_ids.add(instance.pk)
    keys += [
        chrome_key(site_id, language, generation=False)
        for site_id in site_ids
        for language, _name in settings.LANGUAGES
    ]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def all_sites_uncached():
    from wagtail.models import Site

    return Site.objects.only("pk")


def _page_saved_or_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        clear()


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete):
        for model in (Site, PageViewRestriction):
            signal.connect(clear, sender=model, dispatch_uid=f"portal-chrome-{model.__name__}-{id(signal)}")
        # Any page, whatever its type (the signal's sender is the page's own class).
        signal.connect(_page_saved_or_deleted, dispatch_uid=f"portal-chrome-page-{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(clear, dispatch_uid=f"portal-chrome-{id(signal)}")
