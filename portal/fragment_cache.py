"""Rendered parts of pages kept between requests: what a legal document's page or a bulletin shows
below the site's header, built once and then read back (no query, no template rendering) until
something a reader could see there changes.

Invalidation is by the database's "fragments" generation (portal/generations.py), which triggers
renew on every write to the pages, documents, relations, attachments, types, fields, issuers and
consultations, whoever writes them (the admin, the importer, a bulk update, another process): every
entry's key carries it, so the first reading after a committed change builds afresh, in every
worker at once, with or without Redis (entries left behind expire after FRAGMENT_CACHE_TIMEOUT).
Where the database keeps no generation nothing is cached.

What a page shows that changes with time (the day's validity of a document) goes into the entry's
key; what changes without a publication and cheaply read per request (the KPI task trackers of a
document) is checked against the entry (see documents.views).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from portal import generations


def key(name, *parts, subjects=("fragments",)):
    """The cache key of fragment `name` for `parts` (anything with a stable str) under the current
    generations of `subjects` ("fragments" unless the fragment shows more), or None where the
    database keeps none."""
    generation = generations.stamp(*subjects)
    if generation is None:
        return None
    digest = hashlib.blake2b("\n".join(map(str, parts)).encode(), digest_size=12).hexdigest()
    return f"fragments:{name}:{generation}:{digest}"


def kept(name, parts, build, request=None, subjects=("fragments",)):
    """What `build()` gives, built once per `parts` under the subjects' generations and then read
    back; a preview's (request.is_preview) is built every time and never kept."""
    found = (
        None if request is not None and getattr(request, "is_preview", False) else key(name, *parts, subjects=subjects)
    )
    value = cache.get(found) if found is not None else None
    if value is None:
        value = build()
        if found is not None:
            cache.set(found, value, settings.FRAGMENT_CACHE_TIMEOUT)
    return value


def get(name, *parts, subjects=("fragments",)):
    found = key(name, *parts, subjects=subjects)
    return cache.get(found) if found is not None else None


def put(name, parts, value, subjects=("fragments",)):
    found = key(name, *parts, subjects=subjects)
    if found is not None:
        cache.set(found, value, settings.FRAGMENT_CACHE_TIMEOUT)
