from django import template

from portal.text import format_date_long, format_date_short

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced: ?q=abc&trang=2 -> ?q=abc&trang=3."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


register.filter("vn_date_long", format_date_long)
register.filter("vn_date", format_date_short)


@register.filter
def portal_text(html):
    """Apply every app's text enrichment to rendered rich text (for example, the library links the
    legal documents it holds). Apps register functions with the "portal_text_filters" hook."""
    from wagtail import hooks

    for enrich in hooks.get_hooks("portal_text_filters"):
        html = enrich(html)
    return html


@register.simple_tag(takes_context=True)
def query_toggle(context, name, value):
    """The current query string with one filter switched on (or off, if it is on); back to page 1."""
    params = context["request"].GET.copy()
    params.pop("trang", None)
    if params.get(name) == str(value):
        params.pop(name)
    else:
        params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
