from urllib.parse import urlencode

from django import template

from portal.text import format_date_long, format_date_short

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, url="", **kwargs):
    """The current query string with some parameters replaced: ?q=abc&trang=2 -> ?q=abc&trang=3;
    after `url` when given (another route, e.g. an export, under the same filters)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    if url:
        return f"{url}?{encoded}" if encoded else url
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def url_with_query(url, *pairs):
    """A URL (from pageurl, routablepageurl or url ... as name) with a query string of its own:
    {% url_with_query news_url "nam" 2022 "thang" 4 %} -> /tin-tuc/?nam=2022&thang=4. Names come
    in pairs with their values (URL parameters such as "linh-vuc" are not template identifiers)."""
    from portal.params import url_with_query as build

    if len(pairs) % 2:
        raise template.TemplateSyntaxError("url_with_query takes a URL, then names and values in pairs")
    return build(url, list(zip(pairs[::2], pairs[1::2], strict=True)))


@register.filter
def absolute_url(url, base):
    """A site-relative URL made absolute: against the request (`url|absolute_url:request`) or a
    base address (`url|absolute_url:base_url`, in e-mails, which have no request)."""
    if not url:
        return ""
    if hasattr(base, "build_absolute_uri"):
        return base.build_absolute_uri(url)
    from urllib.parse import urljoin

    return urljoin(str(base).rstrip("/") + "/", url)


@register.filter
def breadcrumb_ancestors(page):
    """A page's ancestors below the home page (`page.get_ancestors|slice:"2:"`), without a query
    when the request's routing went through them (BasePage.breadcrumb_ancestors)."""
    if hasattr(page, "breadcrumb_ancestors"):
        return page.breadcrumb_ancestors()
    return list(page.get_ancestors()[2:])


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
    request = context["request"]
    # The query's parameters read once per request (a facet list calls this for every value).
    lists = getattr(request, "_query_toggle_lists", None)
    if lists is None:
        lists = [(key, values) for key, values in request.GET.lists() if key != "trang"]
        request._query_toggle_lists = lists
    value = str(value)
    current = dict(lists).get(name)
    switched = [] if current and current[-1] == value else [value]  # a parameter's last value counts
    pairs = []
    for key, values in lists:
        pairs += [(key, item) for item in (switched if key == name else values)]
    if current is None:
        pairs += [(name, item) for item in switched]
    encoded = urlencode(pairs)
    return f"?{encoded}" if encoded else "?"
