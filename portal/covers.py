"""Generated cover art: an SVG for a page or a document that has no image of its own.

A cover carries a key figure ("Số 1 · 4/2022", "681/KH-UBND", "10/10") and a short label (the
category or type) on a colour of a fixed palette. The same input always gives the same bytes, so
the SVG can be cached and compared; all text is escaped; the font is the reader's system sans-serif
(no web font), which carries Vietnamese diacritics.

The kernel knows no app: a model offers `cover_art()` returning a `Cover`, and optionally
`cover_version()` (what the art depends on, for caching). `cover_response()` answers a request for
one with the long-lived caching headers; `portal.views.page_cover` serves pages' covers at
/anh-bia/<id>.svg, the library its documents' covers under its own route.
"""

import hashlib
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language, gettext

# Bumped when the drawing changes, so that every cached cover is fetched again.
DESIGN_VERSION = "1"
WIDTH, HEIGHT = 640, 360
TEXT_WIDTH = WIDTH - 96  # 48 on each side
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
YEAR = 365 * 24 * 3600


def _programme():
    return gettext("Chuyển đổi số TP. Hồ Chí Minh")


# name: (background, text). Every text colour reaches at least 4.5:1 on its background and on the
# background's lighter tint used for the shapes (tests/portal/test_covers.py measures it).
PALETTES = {
    "blue": ("#0b4f8a", "#ffffff"),
    "navy": ("#1d3a66", "#ffffff"),
    "red": ("#a4161a", "#ffffff"),
    "green": ("#0b6b4a", "#ffffff"),
    "purple": ("#5b2a86", "#ffffff"),
    "teal": ("#0b5a6b", "#ffffff"),
    "brown": ("#7a4100", "#ffffff"),
    "slate": ("#37474f", "#ffffff"),
    "plum": ("#7a1f5c", "#ffffff"),
    "gold": ("#f5b700", "#1b1f24"),
}
ACCENT = {"#ffffff": "#f5b700", "#1b1f24": "#1b1f24"}


def palette_for(key):
    """A palette for a key no table names (a new document type): the same one every time."""
    names = sorted(PALETTES)
    digest = hashlib.sha256(str(key).encode()).digest()
    return names[digest[0] % len(names)]


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(hex_colour):
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def tint(hex_colour, amount=0.1):
    """The colour mixed with white (a positive amount) or black (negative)."""
    target = 255 if amount > 0 else 0
    amount = abs(amount)
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (target - c) * amount):02x}" for c in (r, g, b))


def shape_colour(background, text):
    """The decorative shapes' colour: a step away from the background, away from the text."""
    return tint(background, -0.12 if luminance(text) > luminance(background) else 0.12)


# --- Key figures ----------------------------------------------------------------------------

# Document numbers ("505/QĐ-TTg", "52-NQ/TW") are not figures of an article's title.
_DOCUMENT_NUMBER = re.compile(r"\b\d+(?:/\d{4})?[-/][A-ZĐ][\w/-]*", re.UNICODE)
_FIGURES = [
    re.compile(r"\d+(?:[.,]\d+)*\s?%"),  # 100%
    re.compile(r"\b\d+(?:[.,]\d+)*\s(?:triệu|tỷ|nghìn|ngàn|trăm)\b", re.IGNORECASE),  # 1,5 triệu
    re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{4})?\b"),  # 10/10, 24/4/2022
    re.compile(r"\b(?:19|20)\d{2}\b"),  # 2022
    re.compile(r"\b\d+[.,]\d+(?:[.,]\d+)*\b|\b\d{2,}\b"),  # 4.0, 30 (a lone digit says little)
]


def figure_in(text):
    """The first key figure of a title, by kind (a share, an amount, a date, a year, a number),
    or "" when it has none."""
    text = _DOCUMENT_NUMBER.sub(" ", text or "")
    for pattern in _FIGURES:
        match = pattern.search(text)
        if match:
            return match.group(0).strip()
    return ""


# --- Drawing --------------------------------------------------------------------------------


def _lines(text, limit=14):
    """One line, or two balanced at a space when the text is long."""
    words = text.split()
    if len(text) <= limit or len(words) < 2:
        return [text]
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


def _em_width(text):
    """The width of a bold sans-serif line in em, estimated on the wide side (DejaVu Sans Bold,
    Segoe UI, Roboto): capitals and digits are wide, i, l, 1, punctuation and spaces narrow."""
    total = 0.0
    for char in text:
        if char in " .,:;·/|!'iIlj1()-":
            total += 0.4
        elif char.isupper() or char in "%mwMW":
            total += 0.82
        elif char.isdigit():
            total += 0.72
        else:
            total += 0.66
    return total or 1.0


def _font_size(lines, largest=112, smallest=28):
    return max(smallest, min(largest, int(TEXT_WIDTH / max(_em_width(line) for line in lines))))


def _squeeze(line, size):
    """A line too long even at the smallest size is fitted to the width (rare: a 30-character
    number without spaces)."""
    return f' textLength="{TEXT_WIDTH}" lengthAdjust="spacingAndGlyphs"' if _em_width(line) * size > TEXT_WIDTH else ""


def _clip(text, limit):
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Cover:
    figure: str
    label: str
    palette: str = "blue"
    title: str = ""  # the accessible name of the served SVG (the page's title)
    footer: str = ""  # the programme's name by default, in the current language

    @property
    def colours(self):
        return PALETTES.get(self.palette) or PALETTES[palette_for(self.palette)]

    def svg(self, inline=False, css_class="cover-art"):
        """The SVG. Inline (in a card, next to the title it illustrates) it is decorative and
        hidden from assistive technology; served alone it is an image named by its title."""
        background, text = self.colours
        shapes = shape_colour(background, text)
        accent = ACCENT.get(text, text)
        figure = _clip(self.figure, 40)
        label = _clip(self.label, 34).upper()
        seed = hashlib.sha256(f"{figure}|{label}|{self.palette}".encode()).digest()
        lines = _lines(figure)
        size = _font_size(lines)
        # The figure is centred in the band between the label and the footer (y 110 to 290).
        step = round(size * 1.15)
        first = round(200 - step * (len(lines) - 1) / 2 + size * 0.35)
        figure_svg = "".join(
            f'<tspan x="48" y="{first + i * step}"{_squeeze(line, size)}>{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        label_size = min(26, int(TEXT_WIDTH / _em_width(label)))
        # Two circles on the right, placed by the content's hash: covers differ, yet never change.
        cx, cy, r = 470 + seed[0] % 120, 40 + seed[1] % 120, 150 + seed[2] % 80
        # The programme's name at the foot, where the picture is large enough to read it.
        footer = "" if inline else f'<text x="48" y="322" font-size="20">{escape(self.footer or _programme())}</text>'
        if inline:
            head = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class={quoteattr(css_class)} aria-hidden="true" focusable="false">'
        else:
            name = _clip(self.title or f"{self.label}: {self.figure}", 200)
            head = (
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
                f'height="{HEIGHT}" role="img" aria-label={quoteattr(name)}><title>{escape(name)}</title>'
            )
        return (
            f"{head}"
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{background}"/>'
            f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{shapes}"/>'
            f'<circle cx="{cx - 60}" cy="{HEIGHT + 40 - seed[3] % 60}" r="{90 + seed[4] % 40}" fill="none" '
            f'stroke="{shapes}" stroke-width="24"/>'
            f'<rect x="48" y="44" width="56" height="6" fill="{accent}"/>'
            f'<g font-family="{FONT}" fill="{text}">'
            f'<text x="48" y="92" font-size="{label_size}" font-weight="600">{escape(label)}</text>'
            f'<text font-size="{size}" font-weight="700">{figure_svg}</text>'
            f"{footer}"
            "</g></svg>"
        )


def cover_response(request, cover, version, last_modified=None, fresh=False):
    """The served SVG, with an ETag made of the design and the content's version (a page's live
    revision) and its Last-Modified; a URL that names the current version (`fresh`) is cached
    for a year, others for an hour. Conditional requests are answered 304."""
    # The labels are translated: the language is part of what the tag names.
    etag = quote_etag(f"cover-{DESIGN_VERSION}-{get_language() or 'vi'}-{version}")
    modified = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        response = not_modified
    else:
        response = HttpResponse(cover.svg().encode(), content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable" if fresh else "public, max-age=3600"
    # The SVG opened on its own can run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PageCoverMixin:
    """For a page model with `cover_art()`: its version (the live revision) and its URL."""

    def cover_version(self):
        return f"{self.pk}.{self.live_revision_id or 0}"

    def cover_url(self):
        from django.urls import reverse

        from portal.params import url_with_query

        return url_with_query(reverse("page_cover", args=[self.pk]), [("v", self.cover_version())])
