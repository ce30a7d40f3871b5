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
