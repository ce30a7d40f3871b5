"""Citation linking: a mention of a document the library holds and has published becomes a link
to it, at render time, without touching tags, attributes or existing links."""

import re

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

from documents.text import find_numbers
from portal import generations

CACHE_KEY = "documents:citation"
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "script", "style", "code", "pre", "textarea", "h1"}
_DIGIT = re.compile(r"\d")  # a number needs one (NUMBER_PATTERN): text without any is passed over
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")


def citation_map(keys):
    """{number key: (url, label, pk)} of the published documents cited by these number keys; a key
    two documents share is left out. Each key is kept in the cache on its own (a key no document
    has, too), under the database's "fragments" generation, which any write to the documents, their
    types or the pages (the library's URL) renews (portal/generations.py); a text reads what it cites, never the whole library (at 100,000 documents a map of every number
    cost every page with rich text about a second to unpickle)."""
    keys = set(keys)
    if not keys:
        return {}
    version = generations.current("fragments")
    if version is None:  # a database that keeps no generation: nothing is cached
        return _read(keys)
    prefix = f"{CACHE_KEY}:{version}:"
    found = {key[len(prefix) :]: value for key, value in cache.get_many([prefix + key for key in keys]).items()}
    missing = keys - set(found)
    if missing:
        read = _read(missing)
        cache.set_many({prefix + key: read.get(key, NOT_CITED) for key in missing}, 60 * 60)
        found.update(read)
    return {key: value for key, value in found.items() if value != NOT_CITED}


NOT_CITED = ()


def _read(keys):
    from documents.models import DocumentLibraryPage, LegalDocument
    from portal.navigation import singleton_route_url

    mapping, seen_twice = {}, set()
    rows = (
        LegalDocument.objects.live()
        .filter(number_key__in=keys)
        .values_list("number_key", "slug", "title", "pk", "document_type__name")
    )
    for key, slug, title, pk, type_name in rows:
        url = singleton_route_url(DocumentLibraryPage, "document", slug=slug)
        if url is None:  # no library page to link to
            return {}
        if key in mapping:
            seen_twice.add(key)
        mapping[key] = (url, f"{type_name}: {title}", pk)
    for key in seen_twice:
        del mapping[key]
    return mapping


def link_citations(html, exclude=None):
    if not html:
        return html
    out, skipping, texts = [], [], []
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
        numbers = list(find_numbers(part))
        if numbers:
            texts.append((len(out), part, numbers))
        out.append(part)
    if texts:
        # Every number the text cites, looked up at once.
        mapping = citation_map(key for _position, _part, numbers in texts for _start, _end, key in numbers)
        for position, part, numbers in texts:
            out[position] = _link_text(part, numbers, mapping, exclude)
    return mark_safe("".join(out))


def _link_text(text, numbers, mapping, exclude):
    pieces, last = [], 0
    for start, end, key in numbers:
        target = mapping.get(key)
        if target is None or target[2] == exclude:
            continue
        url, label, _pk = target
        pieces += [text[last:start], f'<a class="citation" href="{url}" title="{escape(label)}">{text[start:end]}</a>']
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
