"""The parts of every page's header and footer that come from the site settings, for portal.chrome,
which keeps them per site and interface language (the "portal_page_chrome" hook)."""

from django.template.loader import render_to_string

FOOTER_TEMPLATE = "includes/footer.html"


def page_chrome(request, site):
    """The operator's name (the header's agency line) and the footer's HTML."""
    from home.models import SiteSettings

    contact = SiteSettings.for_site(site) if site is not None else None
    # No request given to render_to_string, so no context processor runs: nothing of the
    # visitor's (user, CSRF token, messages) can reach the shared fragment. `request` is only for
    # {% pageurl %}, whose URLs are the same for every request to the site.
    # render_to_string's result is already marked safe (the template escaped what it shows).
    footer = render_to_string(FOOTER_TEMPLATE, {"contact": contact, "request": request})
    return {"operator": getattr(contact, "organisation_name", ""), "footer": footer}


page_chrome.templates = (FOOTER_TEMPLATE,)
