"""The one entry point: search() and suggest(), on Elasticsearch when it is configured and answers,
on the database otherwise. A reader never sees an error from the search engine: when Elasticsearch
is down or slow (PORTAL_SEARCH["TIMEOUT"], no retries), the database engine answers, the event is
logged, and Elasticsearch is left alone for a short while (elastic.COOL_DOWN) so that later readers
do not each wait for the timeout."""

import logging

from portal.search import elastic
from portal.search.database import DatabaseEngine
from portal.search.results import SearchQuery
from portal.search.sources import facet_labels, get_sources, type_labels

logger = logging.getLogger(__name__)


def engines():
    """The engines to try, in order: Elasticsearch (when configured and not cooling down), then the
    database. Both search every source, so that facet counts mean the same on either."""
    chain = []
    if elastic.configured() and not elastic.is_cooling_down():
        chain.append(elastic.ElasticsearchEngine(get_sources()))
    chain.append(DatabaseEngine())
    return chain


def _run(method, query, **kwargs):
    """Call `method` on the first engine that answers; (result, engine, degraded)."""
    degraded = elastic.configured()
    for engine in engines():
        if engine.name == "database":
            return getattr(engine, method)(query, **kwargs), engine, degraded
        try:
            return getattr(engine, method)(query, **kwargs), engine, False
        except Exception as error:
            elastic.mark_down(error)
            logger.warning(
                "search: Elasticsearch failed (%s); answering from the database", elastic._state["last_error"]
            )
    raise AssertionError("the database engine always answers")  # pragma: no cover


def search(text, filters=None, page=1, page_size=12):
    """Search every source. Returns SearchResults (see portal.search.results)."""
    query = SearchQuery(text, filters or {})
    labels = {"type_labels": type_labels(), "validity_labels": facet_labels("validity")}
    if not query:
        from portal.search.results import SearchResults, page_of

        return SearchResults(query=query, engine="none", page=page_of([], 0, 1, page_size))
    results, engine, degraded = _run("search", query, page=page, page_size=page_size, **labels)
    results.degraded = degraded
    if results.total == 0 and not query.filters:
        _no_results(results, query, engine, page, page_size, labels)
    return results


def _no_results(results, query, engine, page, page_size, labels):
    """Nothing matched: a corrected spelling from the portal's own words (its results shown at once
    when it finds any), else the shorter queries that would find something."""
    database = DatabaseEngine()
    corrected = database.correct(query)
    if corrected:
        corrected_query = SearchQuery(corrected, {})
        retry, _engine, _degraded = _run("search", corrected_query, page=page, page_size=page_size, **labels)
        if retry.total:
            retry.corrected_query = corrected
            retry.query = query
            retry.degraded = results.degraded
            results.__dict__.update(retry.__dict__)
            return
    suggestions = []
    if len(query.tokens) > 1:
        for drop in range(len(query.tokens) - 1, -1, -1):
            shorter = " ".join(token for i, token in enumerate(query.tokens) if i != drop)
            if shorter and database.count(SearchQuery(shorter)):
                suggestions.append(shorter)
            if len(suggestions) == 3:
                break
    results.suggestions = suggestions


def suggest(text, limit=8):
    """Titles for the search box as one types (the last word may be incomplete)."""
    query = SearchQuery(text)
    if not query or len(query.folded) < 2:
        return []
    hits, _engine, _degraded = _run("suggest", query, limit=limit, type_labels=type_labels())
    return hits


def health():
    """What /healthz says about search: None when Elasticsearch is not configured."""
    if not elastic.configured():
        return None
    if elastic.ping():
        return "ok"
    return "unavailable (answering from the database)"


def _entries(source):
    from portal.models import SearchEntry

    return SearchEntry.objects.filter(source=getattr(source, "key", source))


def match_ids(text, source):
    """The ids of the objects of `source` (a key or a SearchSource) whose index rows match `text`,
    in one query on the word index (cached under the index's generation); None when the text has
    no words. Pass them on with
    `portal.search.id_in(ids)` so that later queries filter by id and never match the text again."""
    from portal.search import cache
    from portal.search.database import match_condition

    query = SearchQuery(text)
    if not query:
        return None
    key = getattr(source, "key", source)
    return cache.cached(
        "match-ids",
        [key, cache.query_key(query)],
        lambda: list(_entries(key).filter(match_condition(query)).values_list("object_id", flat=True)),
    )


def rank_window(text, source, object_ids, start, stop):
    """[(object id, score)] of rows `start` to `stop`, best first (then newest, then the highest id),
    among the index rows of `source` whose object is in `object_ids` (a subquery of ids that
    matched `text`, narrowed by the listing's filters): the text is scored, not matched again.
    `object_ids` None: every row that matches `text`, read from the word index (by the ids of
    every match PostgreSQL scored the whole table: 1.1 s at 100,000 documents); then kept under the
    index's generation (portal/search/cache.py)."""
    from django.db.models import F, Q

    from portal.search import cache
    from portal.search.database import match_condition, ranked

    query = SearchQuery(text)
    narrowed = match_condition(query) if object_ids is None else Q(object_id__in=object_ids)
    rows = _entries(source).filter(narrowed).only("object_id")
    order = [F("date").desc(nulls_last=True), "-object_id"]

    def window():
        return [(row.object_id, row.score) for row in ranked(rows, query, start, stop, order)]

    if object_ids is not None:
        return window()  # narrowed by the listing's own filters: computed each time
    key = getattr(source, "key", source)
    return cache.cached("rank-window", [key, cache.query_key(query), start, stop], window)


def score_subquery(text, source):
    """The score for `text` of the outer row's index row (OuterRef("pk")), matched or not: for
    annotating a queryset already narrowed by `match_ids`."""
    from django.db.models import IntegerField, OuterRef, Subquery

    from portal.search.database import score_expression

    rows = _entries(source).filter(object_id=OuterRef("pk")).annotate(score=score_expression(SearchQuery(text)))
    return Subquery(rows.values("score")[:1], output_field=IntegerField())


def rank_queryset(queryset, text, source, annotation="relevance"):
    """`queryset` narrowed to the objects that match `text` in the portal's index of `source` (a
    source key, or a SearchSource), each annotated with the search service's score under
    `annotation` (higher is better). The same matching as the search page: words with or without
    diacritics, "d" for "đ", a document number or reference code in any written form. A text with
    no words leaves the queryset whole, every score 0.

    Only what the source indexes can match: its public objects (see SearchSource.get_queryset).
    Always on the database index, which is kept whichever engine answers the search page, so that
    a listing can filter, count and sort in SQL. The text is matched once, on the word index; each
    row's score is read from its index row by id."""
    from django.db.models import IntegerField, Value
    from django.db.models.functions import Coalesce

    from portal.search.database import matching

    query = SearchQuery(text)
    if not query:
        return queryset.annotate(**{annotation: Value(0, output_field=IntegerField())})
    key = getattr(source, "key", source)
    matches = matching(query, sources=[key])
    score = score_subquery(text, key)
    return queryset.filter(pk__in=matches.values("object_id")).annotate(**{annotation: Coalesce(score, Value(0))})
