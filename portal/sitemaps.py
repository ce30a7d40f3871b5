"""/sitemap.xml with the host the site is reached at.

Wagtail builds each location from the matching Site's hostname and port. The seeded Site is the
default catch-all one (hostname "localhost"), so every location named localhost whatever host
served the sitemap. When the default site answers a request for another host or port, the
locations take the request's scheme and host instead (the host was already checked against
ALLOWED_HOSTS). A Site configured with the request's own hostname and port keeps its root URL.

Apps add locations that are not Wagtail pages (the DX index's published rankings, plain Django
views) through the hook `portal_sitemap_urls`: a function taking the site's root URL and returning
a list of {"location": full URL, "lastmod": datetime or None}, public pages only. They go on the
sitemap's first page, after the pages.
"""

from django.http.request import split_domain_port
from wagtail import hooks
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap


def served_by_catch_all(site, request):
    """True when `site` answers `request` only as the default site: its hostname and port are not
    the request's (localhost:80 for a request to localhost:8000 is not the same site either)."""
    if not site.is_default_site:
        return False
    host, port = split_domain_port(request.get_host())
    port = int(port) if port.isdigit() else (443 if request.is_secure() else 80)
    return (site.hostname.lower(), site.port) != (host.lower(), port)


SITEMAP_URLS_HOOK = "portal_sitemap_urls"


class RequestHostSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        site = self.get_wagtail_site()
        if int(page) == 1:
            root = site.root_url.rstrip("/")
            for hook in hooks.get_hooks(SITEMAP_URLS_HOOK):
                urls += hook(root)
        if self.request is None or not served_by_catch_all(site, self.request):
            return urls
        old_root = site.root_url.rstrip("/")
        new_root = f"{self.request.scheme}://{self.request.get_host()}"
        for info in urls:
            info["location"] = _rehost(info.get("location"), old_root, new_root)
            for alternate in info.get("alternates") or []:
                alternate["location"] = _rehost(alternate.get("location"), old_root, new_root)
        return urls


def _rehost(location, old_root, new_root):
    if location and (location == old_root or location.startswith(old_root + "/")):
        return new_root + location[len(old_root) :]
    return location


def sitemap(request):
    return wagtail_sitemap_views.sitemap(request, sitemaps={"wagtail": RequestHostSitemap})
