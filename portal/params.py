"""The one parser of integer query parameters (?nam=2022, ?thang=4, ?trang=3...).

A value is an integer only when it is written in ASCII digits 0-9 and nothing else: no sign, no
exponent ("1e3"), no decimal point, no superscript or other Unicode digit ("²", "٣", which
str.isdigit() accepts and int() refuses or reads), at most MAX_DIGITS of them, and within the
parameter's range. Anything else is not an error worth a 500: the caller gets the default (None
unless given) and treats the filter as absent.
"""

import re

MAX_DIGITS = 9
MAX_PAGE = 1000
_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def parse_int(raw, default=None, *, min_value=None, max_value=None):
    """raw as an int within [min_value, max_value], or default."""
    if raw is None:
        return default
    text = str(raw).strip()
    if not _DIGITS.fullmatch(text):
        return default
    value = int(text)
    if (min_value is not None and value < min_value) or (max_value is not None and value > max_value):
        return default
    return value


def int_param(params, name, default=None, *, min_value=None, max_value=None):
    """The query parameter `name` of params (request.GET or a dict) as an int, or default."""
    return parse_int(params.get(name), default, min_value=min_value, max_value=max_value)


def page_param(params, name="trang"):
    """A page number: 1 when absent or not a page number, at most MAX_PAGE (beyond it, or beyond
    the last page, the paginator shows the last page)."""
    value = parse_int(params.get(name), 1, min_value=1)
    return min(value, MAX_PAGE)
