"""Rendered parts of pages kept between requests: what a legal document's page or a bulletin shows
below the site's header, built once and then read back (no query, no template rendering) until
something a reader could see there changes.

Invalidation is by generation: every entry's key carries the current generation token, and
publishing or unpublishing anything public (a page, a legal document), saving or deleting a
document or its relations, or a consultation, replaces the token, which orphans every entry at once
(they expire after FRAGMENT_CACHE_TIMEOUT). Publications are rare next to readings, so this costs
a few rebuilds after each one and can never serve what a publication changed. The token is dropped
again once the publishing transaction commits: a request served meanwhile may have cached the
old content under a new token.

What a page shows that changes with time (the day's validity of a document) goes into the entry's
key; what changes without a publication and cheaply read per request (the KPI task trackers of a
document) is checked against the entry (see documents.views).

Without Redis the default cache is each process's own memory, and a token replaced in one process
is not replaced in the others: the key therefore also holds the database's "fragments" generation
(portal/generations.py), renewed by triggers on every write to the pages, documents, relations,
attachments, types, fields, issuers and consultations, which every process reads (one small query
per lookup). A publication in one worker is seen by all of them at once.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal import generations

GENERATION_KEY = "fragments:generation"


def generation():
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = secrets.token_hex(8)
        if not cache.add(GENERATION_KEY, token, None):
            token = cache.get(GENERATION_KEY) or token
    return token


def key(name, *parts):
    """The cache key of fragment `name` for `parts` (anything with a stable str) in this generation:
    the token the signals replace, and the database's "fragments" generation (portal/generations.py),
    which triggers renew on any write to what the fragments show, in every process at once."""
    digest = hashlib.blake2b("\n".join(map(str, parts)).encode(), digest_size=12).hexdigest()
    return f"fragments:{name}:{generation()}:{generations.current('fragments')}:{digest}"


def get(name, *parts):
    return cache.get(key(name, *parts))


def put(name, parts, value):
    cache.set(key(name, *parts), value, settings.FRAGMENT_CACHE_TIMEOUT)


def new_generation(**kwargs):
    """Forget every cached fragment (a signal receiver: any sender and arguments)."""
    cache.delete(GENERATION_KEY)
    transaction.on_commit(lambda: cache.delete(GENERATION_KEY))


def connect_signals():
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(new_generation, dispatch_uid=f"fragments-pages-{id(signal)}")
    post_delete.connect(_on_delete, dispatch_uid="fragments-page-deleted")


def _on_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        new_generation()
