"""/sitemap.xml with the host the site is reached at.

Wagtail builds each location from the matching Site's hostname and port. The seeded Site is the
default catch-all one (hostname "localhost"), so every location named localhost whatever host
served the sitemap. When the request is answered by the default site because no Site names its
host, the locations take the request's scheme and host instead (the host was already checked
against ALLOWED_HOSTS). A Site configured with the request's own hostname keeps its root URL.
"""

from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap


def served_by_catch_all(site, request):
    """True when `site` answers `request` only as the default site (its hostname is not the request's)."""
    host = request.get_host().split(":")[0].lower()
    return site.is_default_site and site.hostname.lower() != host


class RequestHostSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        site = self.get_wagtail_site()
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
