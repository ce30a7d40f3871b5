"""Search answers cached under the index's generation (portal.SearchGeneration).

Common words match tens of thousands of rows at 100,000 documents, and the database engine reads
and scores them on every request (hundreds of milliseconds). The same queries come back all day
("chuyển đổi số" on a portal about it), while the index changes a few times an hour. So the
database engine keeps what it read (the grouped counts, the rows of a page, the suggestions) in
Django's cache, under a key that holds the index's generation (portal/generations.py): any write
to portal_searchentry renews it (database triggers, whatever did the write), and the next request
reads a new key. Nothing is ever served from before a change; stale keys expire (PORTAL_SEARCH
["CACHE_TIMEOUT"], 600 s by default; 0 turns the cache off).

What is cached holds no label, no translation and nothing about the reader: labels, snippets and
highlighting are made per request. The cache is Django's "default" (Redis in production; the
process's own memory otherwise, which is correct too since the generation is read from the
database)."""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache

from portal import generations

PREFIX = "portal-search"


def timeout():
    return getattr(settings, "PORTAL_SEARCH", {}).get("CACHE_TIMEOUT", 600)


def query_key(query, prefix=False):
    """What the engine's answer depends on, about the query itself (not its filters)."""
    return [query.tokens, query.exact_tokens, query.key if query.has_code else "", prefix]


class Answers:
    """The cache for one request's answers computed from `subjects` (portal/generations.py; the
    search index by default): their generations are read once, at the first lookup, so that every
    answer of the request belongs to the same state of the data. Other apps' answers name their own
    `prefix` and `seconds` (how long an answer is kept; 0 computes every time)."""

    def __init__(self, subjects=("search",), seconds=None, prefix=PREFIX):
        self.seconds = timeout() if seconds is None else seconds
        self.subjects = subjects
        self.prefix = prefix
        self._generation = None
        self._read = False

    def generation(self):
        if not self._read:
            values = [generations.current(subject) for subject in self.subjects] if self.seconds else [None]
            self._generation = None if None in values else "-".join(str(value) for value in values)
            self._read = True
        return self._generation

    def get(self, name, parts, compute):
        """compute() once per index generation and `parts` (JSON-serialisable), then from the cache."""
        generation = self.generation()
        if generation is None:
            return compute()
        digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]
        key = f"{self.prefix}:{name}:{generation}:{digest}"  # the generation first: no key outlives its data
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, self.seconds)
        return value


def cached(name, parts, compute):
    return Answers().get(name, parts, compute)
