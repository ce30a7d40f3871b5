"""User HTML, cleaned with nh3 (the maintained Rust-backed cleaner; bleach is unmaintained).

Only paragraphs, line breaks, bold, italic, lists and links survive; links may only point to
http, https or mailto addresses and always carry rel="nofollow ugc noopener". Plain text typed
without any tags becomes paragraphs, so a person who never touches the toolbar is still read well.
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<[a-zA-Z/!]")


def clean_html(value):
    value = (value or "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", value) if part.strip()]
        value = "".join("<p>{}</p>".format(html.escape(part).replace("\n", "<br>")) for part in paragraphs)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
        clean_content_tags={"script", "style", "svg", "math", "iframe", "object", "embed", "template", "noscript"},
    )
    return cleaned.strip()


def text_of(value):
    """The readable text of cleaned HTML, for search, excerpts and notification mail."""
    text = re.sub(r"<(br|/p|/li)\s*/?>", "\n", value or "")
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()
