"""User text in, safe HTML out.

People write proposals, comments and answers as plain text (format_text): a blank line starts a
new paragraph, a line break stays a line break, web addresses become links and **words between
double stars** are bold. Nothing else is formatting: "<b>" or "*" typed by someone stays as typed.

What is stored is HTML, cleaned with nh3 (the maintained Rust-backed cleaner; bleach is
unmaintained), and cleaned again whenever it is shown (clean_html), so that a row written any other
way (an import, a shell, an older allow-list) never reaches a page unsafe. Only paragraphs, line
breaks, bold, italic, lists and links survive; links may only point to http, https or mailto
addresses and always carry rel="nofollow ugc noopener".

clean_html is idempotent: clean_html(clean_html(x)) == clean_html(x), so text is escaped once,
however many times it is cleaned (its result always carries a tag, so it is never taken for plain
text again and escaped a second time).
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<[a-zA-Z/!]")
_BLOCK = re.compile(r"^<(p|ul|ol)[\s>]")
# A web address up to the first space; trailing punctuation belongs to the sentence.
_URL = re.compile(r"\b((?:https?://|www\.)[^\s<>\"']+?)(?=[.,;:!?)\]*]*(?:\s|$))", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _paragraphs(text):
    return [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]


def _link(match):
    url = match.group(1)
    href = url if "://" in url else f"https://{url}"
    return f'<a href="{href}">{url}</a>'


def format_text(value):
    """Plain text as people type it → cleaned HTML (paragraphs, line breaks, links, **bold**)."""
    parts = []
    for paragraph in _paragraphs((value or "").strip()):
        escaped = html.escape(paragraph, quote=False)
        escaped = _URL.sub(_link, escaped)
        escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
        parts.append("<p>{}</p>".format(escaped.replace("\n", "<br>")))
    return clean_html("".join(parts))


def clean_html(value):
    """Stored user HTML → safe HTML. Text without any tag (an old or imported row) is plain text."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        value = "".join("<p>{}</p>".format(html.escape(part).replace("\n", "<br>")) for part in _paragraphs(value))
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
        clean_content_tags={"script", "style", "svg", "math", "iframe", "object", "embed", "template", "noscript"},
    ).strip()
    if cleaned and not _BLOCK.match(cleaned):
        # What was left once tags were removed is already escaped text: keep it marked as HTML.
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def text_of(value):
    """The readable text of cleaned HTML, for search, excerpts and notification mail."""
    text = re.sub(r"<(br|/p|/li)\s*/?>", "\n", value or "")
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


def text_for_editing(value):
    """Stored HTML back to the plain text format_text reads, for an edit form: paragraphs, line
    breaks, **bold**, and links as their address."""
    text = clean_html(value)
    text = re.sub(r"<(strong|b)>(.*?)</\1>", r"**\2**", text, flags=re.DOTALL)
    text = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', _link_text, text, flags=re.DOTALL)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"</p>|</li>|</ul>|</ol>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\n{3,}", "\n\n", html.unescape(text))
    return text.strip()


def _link_text(match):
    href, label = html.unescape(match.group(1)), re.sub(r"<[^>]+>", "", match.group(2))
    label_text = html.unescape(label)
    if label_text == href or f"https://{label_text}" == href:
        return label
    return f"{label} ({html.escape(href, quote=False)})"
