"""The main menu and what publishing clears.

The menu is Trang chủ, then the home page's live children marked "show in menus". It is built
once per site and kept under the database's "pages" generation (portal/generations.py), which any
write to the pages or sites renews, in every worker process at once.
"""

import functools
import re

from django.core.cache import cache
from wagtail.models import Site

from portal import generations

CACHE_KEY = "main-menu:{site_id}:{generation}"


def _key(template, **parts):
    """The key under the "pages" generation, or None where the database keeps none."""
    generation = generations.current("pages")
    return None if generation is None else template.format(generation=generation, **parts)


def main_menu(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = _key(CACHE_KEY, site_id=site.pk)
    items = cache.get(key) if key is not None else None
    if items is None:
        items = build_menu(site)
        if key is not None:
            cache.set(key, items, 60 * 60)
    return items


def build_menu(site):
    root = site.root_page
    items = [{"title": "", "url": "/", "page_id": root.pk, "is_home": True}]
    for page in root.get_children().live().public().in_menu().specific():
        title = getattr(page, "menu_title", "") or page.title
        items.append({"title": title, "url": page.get_url(), "page_id": page.pk, "is_home": False})
    return items


PAGE_URL_KEY = "page-url:{label}:{generation}"


def singleton_page_base_url(model):
    """The URL of the live page of a one-per-site page type (the library, the KPI dashboard), or
    None when there is none, cached under the "pages" generation: objects under it get their URLs
    without a query each."""
    key = _key(PAGE_URL_KEY, label=model._meta.label_lower)
    base = cache.get(key) if key is not None else None
    if base is None:
        page = model.objects.live().first()
        base = (page.url if page is not None else None) or ""
        if key is not None:
            cache.set(key, base, 60 * 60)
    return base or None


def singleton_route_url(model, route, *args, **kwargs):
    """The URL of a named route (RoutablePageMixin's `@path(..., name=route)`) of the live page of
    a one-per-site page type, or None when there is no such page: what `routablepageurl` gives in
    a template, for code that has the model but not the page."""
    base = singleton_page_base_url(model)
    if base is None:
        return None
    return base + _route_path(model, route, args, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=8192)
def _route_path(model, route, args, kwargs):
    """A route's path under its page: the routes are code, so the same arguments always give the
    same path (the dashboard reverses one per indicator on every request)."""
    return model.get_resolver().reverse(route, *args, **dict(kwargs))


ROUTE_ARGUMENT = "route-argument-placeholder"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def absolute_route_url(request, model, route, argument):
    """A function giving the absolute URL of a named route of the live page of a one-per-site page
    type for a value of its one `argument` (a slug): `request.build_absolute_uri` of
    `singleton_route_url(model, route, argument=value)`, reversed once rather than once a row (the
    exports write tens of thousands)."""
    url = singleton_route_url(model, route, **{argument: ROUTE_ARGUMENT})
    if url is None:
        return lambda value: request.build_absolute_uri(None)
    prefix, suffix = request.build_absolute_uri(url).split(ROUTE_ARGUMENT)

    def url_for(value):
        if PLAIN_SLUG.fullmatch(value):
            return prefix + value + suffix
        return request.build_absolute_uri(singleton_route_url(model, route, **{argument: value}))

    return url_for


def page_route_url(page, route, *args, request=None, **kwargs):
    """A page's named route (the `routablepageurl` template tag, in code): None when the page has
    no URL."""
    base = page.get_url(request)
    if base is None:
        return None
    return (base if base.endswith("/") else base + "/") + page.reverse_subpage(route, args=args, kwargs=kwargs)


def connect_signals():
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(purge_related_pages, dispatch_uid="portal-purge-published")
    page_unpublished.connect(purge_related_pages, dispatch_uid="portal-purge-unpublished")


def purge_related_pages(instance, **kwargs):
    """A published page changes more than its own URL: its parent's listing and the home page
    (menu, latest items) show it too. Purge those from both page caches (portal.page_cache), and
    the page itself from the server's: Wagtail's frontend cache purges it from nginx already."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from portal import page_cache

    if not page_cache.purging():
        return
    batch = PurgeBatch()
    page_cache.purge(page_cache.page_urls(instance, batch), front=False)
    parent = instance.get_parent()
    if parent is not None and parent.depth > 1:
        batch.add_page(parent)
    site = instance.get_site()
    if site is not None and site.root_page_id != instance.pk:
        batch.add_page(site.root_page)
    page_cache.purge(batch.urls)


def redirect_to_route(request, model, route, **kwargs):
    """A permanent redirect from an old address to a named route of the live page of a
    one-per-site page type, the query string kept; 404 when there is no such page."""
    from django.http import Http404, HttpResponsePermanentRedirect

    from portal.params import url_with_query

    url = singleton_route_url(model, route, **kwargs)
    if url is None:
        raise Http404
    return HttpResponsePermanentRedirect(url_with_query(url, request.GET))
