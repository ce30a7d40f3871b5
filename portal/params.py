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


# --- Listing filters ------------------------------------------------------------------------------
#
# Every public listing (the library, news, the KPI dashboard, the search page) reads its filters
# with read_filters() from a list of declared parameters. A value that is not what its parameter
# may be is dropped and its name reported in `ignored` (the page says some filters were ignored);
# an empty value is simply absent. Nothing in a query string can raise.


class Param:
    """One query parameter: `name` in the URL, `key` in the filters dict (default: the name)."""

    def __init__(self, name, key=None):
        self.name = name
        self.key = key or name

    def raw(self, params):
        return str(params.get(self.name, "") or "").strip()

    def clean(self, raw, known):
        """The value, or INVALID."""
        return raw


INVALID = object()


class Choice(Param):
    """One of a known set. `choices` is a mapping (value -> what the filter holds, e.g. a model
    instance) or an iterable of values, or a callable returning either (called once per read)."""

    def __init__(self, name, choices, key=None):
        super().__init__(name, key)
        self.choices = choices

    def known(self):
        choices = self.choices() if callable(self.choices) else self.choices
        return choices if hasattr(choices, "keys") else {value: value for value in choices}

    def clean(self, raw, known):
        return known.get(raw, INVALID)


class Integer(Param):
    """An integer in ASCII digits within [min_value, max_value] (see parse_int)."""

    def __init__(self, name, min_value, max_value, key=None):
        super().__init__(name, key)
        self.min_value, self.max_value = min_value, max_value

    def clean(self, raw, known):
        value = parse_int(raw, min_value=self.min_value, max_value=self.max_value)
        return INVALID if value is None else value


class Text(Param):
    """Free text, cut to max_length. With many=True the parameter may repeat: a list of values."""

    def __init__(self, name, max_length=100, many=False, key=None):
        super().__init__(name, key)
        self.max_length = max_length
        self.many = many

    def raw(self, params):
        if not self.many:
            return super().raw(params)
        values = params.getlist(self.name) if hasattr(params, "getlist") else [params.get(self.name, "")]
        return [str(value).strip()[: self.max_length] for value in values if value and str(value).strip()]

    def clean(self, raw, known):
        return raw if self.many else raw[: self.max_length]


def read_filters(params, fields):
    """(filters, ignored): {field.key: value} for each field given a valid value in `params`
    (request.GET or a dict), and the names of those given an invalid one."""
    filters, ignored = {}, []
    for field in fields:
        raw = field.raw(params)
        if not raw:
            continue
        value = field.clean(raw, field.known() if isinstance(field, Choice) else None)
        if value is INVALID:
            ignored.append(field.name)
        else:
            filters[field.key] = value
    return filters, ignored


def url_with_query(url, params):
    """`url` with a query string from `params` (a QueryDict, a dict or pairs; empty values left
    out; a space as %20), or `url` alone when nothing is left."""
    from urllib.parse import quote, urlencode

    if hasattr(params, "lists"):
        pairs = [(key, value) for key, values in params.lists() for value in values]
    elif hasattr(params, "items"):
        pairs = list(params.items())
    else:
        pairs = list(params)
    pairs = [(key, value) for key, value in pairs if value not in (None, "")]
    return f"{url}?{urlencode(pairs, quote_via=quote)}" if pairs else url
