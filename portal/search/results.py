"""The results contract every engine returns, the parsed query, and snippet highlighting."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.params import Integer, Text, page_param, read_filters
from portal.text import compact_key, exact_words, fold, words

MAX_QUERY_LENGTH = 200
# One facet vocabulary: each facet's name in the engines, and its parameter in the URL. The
# parameters are the library's where they mean the same thing (nam, co-quan, hieu-luc); the type
# of result is "nhom", because "loai" is the type of a legal document in the library.
FACET_PARAMS = {"type": "nhom", "year": "nam", "issuer": "co-quan", "validity": "hieu-luc"}
FILTER_PARAMS = [
    Text("nhom", max_length=100, many=True, key="type"),
    Integer("nam", 1900, 2100, key="year"),
    Text("co-quan", max_length=100, key="issuer"),
    Text("hieu-luc", max_length=100, key="validity"),
]
# The result-type parameter's name before it became "nhom": old links are redirected.
LEGACY_PARAMS = {"loai": "nhom"}
FACET_LABELS = {
    "type": _("Loại nội dung"),
    "year": _("Năm"),
    "issuer": _("Cơ quan ban hành"),
    "validity": _("Tình trạng hiệu lực"),
}


@dataclass
class SearchQuery:
    """A reader's query, read once: the folded words every engine matches, the words as typed
    (with their diacritics, for ranking exact matches first), and the code key of a document
    number or reference code ("593 kh ubnd" -> "593khubnd")."""

    text: str
    filters: dict = field(default_factory=dict)

    def __post_init__(self):
        self.text = " ".join(str(self.text or "").split())[:MAX_QUERY_LENGTH]
        self.tokens = words(self.text)
        self.exact_tokens = [word for word in exact_words(self.text) if fold(word) != word]
        self.key = compact_key(self.text)

    @property
    def folded(self):
        return " ".join(self.tokens)

    @property
    def has_code(self):
        """A query that may be a document number or reference code: it has digits and letters or is
        a number alone ("593", "593/KH-UBND", "GY-2026-000123")."""
        return any(char.isdigit() for char in self.key)

    def __bool__(self):
        return bool(self.tokens)


def parse_filters(params):
    """The filters in the URL: "nhom" may repeat; unknown values simply match nothing."""
    filters, _ignored = read_filters(params, FILTER_PARAMS)
    return filters


@dataclass
class Hit:
    type: str
    type_label: str
    title: str
    url: str
    date: datetime.date | None
    snippet: str
    title_html: str = ""
    score: float = 0
    best_bet: bool = False
    source: str = ""
    object_id: int | None = None

    @classmethod
    def suggestion(cls, kind, title, url, date, type_labels):
        """A hit for the search box's suggestions: no snippet."""
        return cls(type=kind, type_label=type_labels.get(kind, kind), title=title, url=url, date=date, snippet="")

    def as_json(self):
        return {
            "type": self.type,
            "type_label": str(self.type_label),
            "title": self.title,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    values: list

    @property
    def param(self):
        return FACET_PARAMS[self.name]

    @property
    def label(self):
        return FACET_LABELS[self.name]


@dataclass
class SearchResults:
    query: SearchQuery
    engine: str
    page: object = None
    total: int = 0
    facets: list = field(default_factory=list)
    best_bet: Hit | None = None
    corrected_query: str = ""
    suggestions: list = field(default_factory=list)
    degraded: bool = False

    @property
    def hits(self):
        return list(self.page.object_list) if self.page is not None else []


class _Window:
    """A sequence of `total` hits of which only one page is known: lets Django's Paginator number
    the pages of an engine that returned one page (Elasticsearch) or built its page itself."""

    def __init__(self, total, hits, offset):
        self.total, self.hits, self.offset = total, hits, offset

    def __len__(self):
        return self.total

    def count(self):
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) == self.offset:
            return self.hits
        return []


def page_of(hits, total, number, page_size):
    paginator = Paginator(_Window(total, hits, (number - 1) * page_size), page_size)
    return paginator.get_page(number)


def page_number(value):
    """A page number from the URL (portal.params): 1 unless it is one."""
    return page_param({"trang": value})


# --- snippets ---------------------------------------------------------------------------------------

SNIPPET_LENGTH = 220


def _folded_with_map(text):
    """Fold the text, keeping for each folded character the index of its source. Precomposed (NFC)
    Vietnamese folds one character to one, the common case; otherwise character by character."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded, range(len(text))
    folded, positions = [], []
    for index, char in enumerate(text):
        for out in fold(char) or "":
            folded.append(out)
            positions.append(index)
    return "".join(folded), positions


def highlight(text, tokens, length=SNIPPET_LENGTH, whole=False):
    """HTML-escaped text around the first match, the matched words in <mark>, matched without
    diacritics ("doi" marks "đổi"). `whole` keeps the whole text (titles)."""
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    folded, positions = _folded_with_map(text)
    spans = []
    for token in sorted(set(tokens), key=len, reverse=True):
        for match in re.finditer(rf"(?<![0-9a-z]){re.escape(token)}(?![0-9a-z])", folded):
            start, end = positions[match.start()], positions[match.end() - 1] + 1
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
    spans.sort()
    if whole:
        window_start, window_end = 0, len(text)
    else:
        first = spans[0][0] if spans else 0
        window_start = max(0, first - length // 3)
        if window_start:
            space = text.find(" ", window_start)
            window_start = space + 1 if 0 <= space < first else window_start
        window_end = min(len(text), window_start + length)
        if window_end < len(text):
            space = text.rfind(" ", window_start, window_end)
            window_end = space if space > window_start else window_end
    out, cursor = [], window_start
    for start, end in spans:
        if start < window_start or end > window_end:
            continue
        out += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    out.append(escape(text[cursor:window_end]))
    prefix = "… " if window_start > 0 else ""
    suffix = " …" if window_end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # every piece is escaped above
