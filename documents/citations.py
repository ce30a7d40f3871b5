"""Citation linking: a mention of a document the library holds and has published becomes a link
to it, at render time, without touching tags, attributes or existing links."""

import re

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

from documents.text import find_numbers

CACHE_KEY = "documents:citation-map"
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "script", "style", "code", "pre", "textarea", "h1"}
_DIGIT = re.compile(r"\d")  # a number needs one (NUMBER_PATTERN): text without any is passed over
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")


def citation_map():
    """{number key: (url, label, pk)} of published documents; a key two documents share is left out."""
    mapping = cache.get(CACHE_KEY)
    if mapping is None:
        from documents.models import DocumentLibraryPage, LegalDocument
        from portal.navigation import singleton_route_url

        mapping, seen_twice = {}, set()
        rows = LegalDocument.objects.live().values_list("number_key", "slug", "title", "pk", "document_type__name")
        for key, slug, title, pk, type_name in rows:
            if not key:
                continue
            url = singleton_route_url(DocumentLibraryPage, "document", slug=slug)
            if url is None:  # no library page to link to
                break
            if key in mapping:
                seen_twice.add(key)
            mapping[key] = (url, f"{type_name}: {title}", pk)
        for key in seen_twice:
            del mapping[key]
        cache.set(CACHE_KEY, mapping, 60 * 60)
    return mapping


def clear_citation_map(**kwargs):
    cache.delete(CACHE_KEY)


def link_citations(html, exclude=None):
    if not html:
        return html
    mapping = None
    out, skipping = [], []
    for part in _TAG.split(str(html)):
        if part.startswith("<"):
            name = _TAG_NAME.match(part)
            if name:
                tag = name.group(1).lower()
                if tag in _SKIP and not part.endswith("/>"):
                    if part.startswith("</"):
                        if skipping and skipping[-1] == tag:
                            skipping.pop()
                    else:
                        skipping.append(tag)
            out.append(part)
            continue
        if skipping or not part or not _DIGIT.search(part):
            out.append(part)
            continue
        if mapping is None:
            mapping = citation_map()
        out.append(_link_text(part, mapping, exclude))
    return mark_safe("".join(out))


def _link_text(text, mapping, exclude):
    pieces, last = [], 0
    for start, end, key in find_numbers(text):
        target = mapping.get(key)
        if target is None or target[2] == exclude:
            continue
        url, label, _pk = target
        pieces += [text[last:start], f'<a class="citation" href="{url}" title="{escape(label)}">{text[start:end]}</a>']
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
