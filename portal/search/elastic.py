"""The Elasticsearch engine: an index per source (content family) defined with elasticsearch.dsl,
behind an alias so a full rebuild swaps in at once; a Vietnamese analyzer that folds diacritics
and đ (asciifolding, or icu_folding with the analysis-icu plugin); keyword sub-fields for facets and
codes; highlighting. Used when ELASTICSEARCH_URL is set; when the server is down or slow, the
service answers from the database engine instead (see portal.search.service).

Settings (portal/settings/base.py): PORTAL_SEARCH["ELASTICSEARCH_URL"], ["INDEX_PREFIX"],
["TIMEOUT"] (seconds for a search, no retries), ["ICU"] (the analysis-icu plugin is installed).
"""

import logging
import time

from django.conf import settings
from django.utils import timezone

from portal.search.results import Facet, FacetValue, Hit, SearchResults, highlight, page_of

logger = logging.getLogger(__name__)

# After a failure, Elasticsearch is not asked again for this many seconds: readers get the
# database at once instead of each waiting for a timeout.
COOL_DOWN = 30
_state = {"down_until": 0.0, "last_error": ""}


def config():
    return getattr(settings, "PORTAL_SEARCH", {})


def configured():
    return bool(config().get("ELASTICSEARCH_URL"))


def mark_down(error):
    _state["down_until"] = time.monotonic() + COOL_DOWN
    _state["last_error"] = f"{type(error).__name__}: {error}"[:300]


def is_cooling_down():
    return time.monotonic() < _state["down_until"]


def reset_state():
    _state.update(down_until=0.0, last_error="")


def client(timeout=None):
    """A client that gives up fast: one attempt, a short timeout."""
    from elasticsearch import Elasticsearch

    return Elasticsearch(
        config()["ELASTICSEARCH_URL"],
        request_timeout=timeout or config().get("TIMEOUT", 1.5),
        max_retries=0,
        retry_on_timeout=False,
    )


# --- index definitions ------------------------------------------------------------------------------


def analysis(icu=None):
    """The analyzers: vi_folded (diacritics and đ folded: "Đổi" = "doi"), vi_exact (lower case only,
    to rank exact diacritics first), vi_prefix (edge n-grams of folded words, for suggestions)."""
    from elasticsearch.dsl import analyzer, token_filter

    icu = config().get("ICU", False) if icu is None else icu
    if icu:
        folded = analyzer("vi_folded", tokenizer="icu_tokenizer", filter=["icu_folding"])
        exact = analyzer("vi_exact", tokenizer="icu_tokenizer", filter=["lowercase"])
        fold_filters = ["icu_folding"]
        tokenizer = "icu_tokenizer"
    else:
        folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
        exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
        fold_filters = ["lowercase", "asciifolding"]
        tokenizer = "standard"
    edges = token_filter("vi_edge_ngram", "edge_ngram", min_gram=1, max_gram=20)
    prefix = analyzer("vi_prefix", tokenizer=tokenizer, filter=[*fold_filters, edges])
    return folded, exact, prefix


def index_definition(name, icu=None):
    """The index (settings and mappings) of one family; every family has the same mapping."""
    from elasticsearch.dsl import Date, Index, Integer, Keyword, Long, Mapping, Text

    folded, exact, prefix = analysis(icu)
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, max_ngram_diff=19)
    properties = {
        "source": Keyword(),
        "kind": Keyword(),
        "object_id": Long(),
        "title": Text(
            analyzer=folded,
            copy_to="all_text",
            fields={
                "exact": Text(analyzer=exact),
                "prefix": Text(analyzer=prefix, search_analyzer=folded),
                "raw": Keyword(ignore_above=512),
            },
        ),
        "body": Text(analyzer=folded, copy_to="all_text", fields={"exact": Text(analyzer=exact)}),
        "extra": Text(analyzer=folded, copy_to="all_text"),
        "all_text": Text(analyzer=folded),
        "url": Keyword(index=False),
        "date": Date(),
        "year": Integer(),
        "issuer": Keyword(),
        "issuer_label": Keyword(index=False),
        "validity": Keyword(),
        "keys": Keyword(),
    }
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    for field_name, field in properties.items():
        mapping.field(field_name, field)
    index.mapping(mapping)
    return index


def alias_name(source_key):
    return f"{config().get('INDEX_PREFIX', 'portal')}-{source_key}"


def document_body(source, obj, item):
    from portal.text import compact_key

    return {
        "source": source.key,
        "kind": item.type,
        "object_id": obj.pk,
        "title": item.title,
        "body": item.body,
        "extra": " ".join(part for part in [item.extra, *item.keys] if part),
        "url": item.url,
        "date": item.date.isoformat() if item.date else None,
        "year": item.date.year if item.date else None,
        "issuer": item.issuer,
        "issuer_label": item.issuer_label,
        "validity": item.validity,
        "keys": [key for key in (compact_key(k) for k in item.keys if k) if key],
    }


# --- query bodies -----------------------------------------------------------------------------------

HIGHLIGHT = {
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fields": {
        "title": {"number_of_fragments": 0},
        "body": {"fragment_size": 200, "number_of_fragments": 1, "no_match_size": 200},
    },
}


def _filter_clauses(filters, skip=None):
    clauses = []
    for name, value in sorted(filters.items()):
        if name == skip:
            continue
        if name == "type":
            clauses.append({"terms": {"kind": list(value)}})
        elif name in ("year", "issuer", "validity"):
            clauses.append({"term": {name: value}})
    return clauses


def match_clause(query):
    """What must match: every word, folded, in any field (one letter off allowed for words of
    five letters or more), or the code."""
    should = [
        {"match": {"all_text": {"query": query.text, "operator": "and", "fuzziness": "AUTO:5,9", "prefix_length": 1}}}
    ]
    if query.has_code:
        should += [
            {"term": {"keys": {"value": query.key, "boost": 100}}},
            {"prefix": {"keys": {"value": query.key, "boost": 20}}},
        ]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def query_body(query, page=1, page_size=12):
    ranking = [
        {"match_phrase": {"title": {"query": query.text, "boost": 6}}},
        {"match": {"title": {"query": query.text, "boost": 3}}},
        {"match_phrase": {"all_text": {"query": query.text, "slop": 1, "boost": 2}}},
        {"match": {"title.exact": {"query": query.text, "boost": 2}}},
        {"match": {"body.exact": {"query": query.text, "boost": 0.5}}},
    ]
    aggregations = {}
    for name, field, size in (
        ("type", "kind", 50),
        ("year", "year", 50),
        ("issuer", "issuer", 50),
        ("validity", "validity", 20),
    ):
        terms = {"terms": {"field": field, "size": size}}
        if name == "issuer":
            terms["aggs"] = {"label": {"terms": {"field": "issuer_label", "size": 1}}}
        aggregations[name] = {
            "filter": {"bool": {"filter": _filter_clauses(query.filters, skip=name)}},
            "aggs": {"values": terms},
        }
    return {
        "query": {"bool": {"must": [match_clause(query)], "should": ranking}},
        "post_filter": {"bool": {"filter": _filter_clauses(query.filters)}},
        "aggs": aggregations,
        "highlight": HIGHLIGHT,
        "sort": ["_score", {"date": {"order": "desc", "missing": "_last"}}],
        "from": (page - 1) * page_size,
        "size": page_size,
        "track_total_hits": True,
        "_source": ["source", "kind", "object_id", "title", "url", "date", "body", "keys"],
    }


def suggest_body(query, limit=8):
    should = [{"match": {"title.prefix": {"query": query.text, "operator": "and"}}}]
    if query.has_code:
        should.append({"prefix": {"keys": {"value": query.key, "boost": 20}}})
    return {
        "query": {"bool": {"should": should, "minimum_should_match": 1}},
        "size": limit,
        "_source": ["kind", "title", "url", "date"],
    }


# --- the engine -------------------------------------------------------------------------------------


def _date(value):
    if not value:
        return None
    from datetime import date

    return date.fromisoformat(value[:10])


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, sources):
        self.sources = sources

    @property
    def index_names(self):
        return ",".join(alias_name(source.key) for source in self.sources)

    def search(self, query, page=1, page_size=12, type_labels=None, validity_labels=None):
        type_labels = type_labels or {}
        body = query_body(query, page, page_size)
        response = _search(self.index_names, body)
        total = response["hits"]["total"]["value"]
        hits = []
        for raw in response["hits"]["hits"]:
            data, marked = raw["_source"], raw.get("highlight", {})
            exact_code = bool(query.has_code and query.key in (data.get("keys") or []))
            hits.append(
                Hit(
                    type=data["kind"],
                    type_label=type_labels.get(data["kind"], data["kind"]),
                    title=data["title"],
                    url=data["url"],
                    date=_date(data.get("date")),
                    snippet=_safe(marked.get("body")) or highlight(data.get("body", ""), query.tokens),
                    title_html=_safe(marked.get("title")) or highlight(data["title"], query.tokens, whole=True),
                    score=raw.get("_score") or 0,
                    best_bet=exact_code,
                    source=data["source"],
                    object_id=data["object_id"],
                )
            )
        results = SearchResults(query=query, engine=self.name, total=total, page=page_of(hits, total, page, page_size))
        if page == 1 and hits and hits[0].best_bet:
            results.best_bet = hits[0]
        else:
            for hit in hits:
                hit.best_bet = False
        results.facets = self.facets(
            response.get("aggregations", {}), query.filters, type_labels, validity_labels or {}
        )
        return results

    def facets(self, aggregations, filters, type_labels, validity_labels):
        def buckets(name):
            return aggregations.get(name, {}).get("values", {}).get("buckets", [])

        selected_types = set(filters.get("type", []))
        return [
            Facet(
                "type",
                [
                    FacetValue(
                        b["key"], type_labels.get(b["key"], b["key"]), b["doc_count"], b["key"] in selected_types
                    )
                    for b in buckets("type")
                ],
            ),
            Facet(
                "year",
                sorted(
                    [
                        FacetValue(str(b["key"]), str(b["key"]), b["doc_count"], filters.get("year") == b["key"])
                        for b in buckets("year")
                    ],
                    key=lambda value: value.value,
                    reverse=True,
                ),
            ),
            Facet(
                "issuer",
                [
                    FacetValue(
                        b["key"],
                        (b.get("label", {}).get("buckets") or [{"key": b["key"]}])[0]["key"],
                        b["doc_count"],
                        filters.get("issuer") == b["key"],
                    )
                    for b in buckets("issuer")
                    if b["key"]
                ],
            ),
            Facet(
                "validity",
                [
                    FacetValue(
                        b["key"],
                        validity_labels.get(b["key"], b["key"]),
                        b["doc_count"],
                        filters.get("validity") == b["key"],
                    )
                    for b in buckets("validity")
                    if b["key"]
                ],
            ),
        ]

    def suggest(self, query, limit=8, type_labels=None):
        type_labels = type_labels or {}
        response = _search(self.index_names, suggest_body(query, limit))
        return [
            Hit.suggestion(data["kind"], data["title"], data["url"], _date(data.get("date")), type_labels)
            for data in (raw["_source"] for raw in response["hits"]["hits"])
        ]


# The client's keyword names for body keys that are Python keywords or private-looking.
_PARAMETERS = {"from": "from_", "_source": "source"}


def _search(index, body):
    """Send a query body (as the golden files show it) through the client's keyword parameters."""
    parameters = {_PARAMETERS.get(key, key): value for key, value in body.items()}
    return _checked(client().search(index=index, ignore_unavailable=True, **parameters))


class IndexMissing(Exception):
    """Elasticsearch answers but holds none of the indexes: never rebuilt."""


def _checked(response):
    """A response from no index at all (ELASTICSEARCH_URL set, rebuild_search_index not yet run)
    is a failure, so the database answers instead of an empty page."""
    if response.get("_shards", {}).get("total", 1) == 0:
        raise IndexMissing("no search index on the server: run `manage.py rebuild_search_index`")
    return response


def _safe(fragments):
    from django.utils.safestring import mark_safe

    # Elasticsearch escaped the text (encoder "html") and added only <mark> tags.
    return mark_safe(" … ".join(fragments)) if fragments else ""


# --- writing --------------------------------------------------------------------------------------


def ping(timeout=1.0):
    try:
        return bool(client(timeout).ping())
    except Exception:
        return False


def write(source, pks, timeout=2):
    """Index the public objects among these keys and delete the others from the source's alias."""
    from elasticsearch import NotFoundError, helpers

    from portal.search.indexing import items_for

    pks = {int(pk) for pk in pks}
    found = dict(items_for(source, source.get_objects(pks)))
    alias = alias_name(source.key)
    actions = [
        {"_op_type": "index", "_index": alias, "_id": obj.pk, "_source": document_body(source, obj, item)}
        for obj, item in found.items()
    ]
    actions += [{"_op_type": "delete", "_index": alias, "_id": pk} for pk in sorted(pks - {obj.pk for obj in found})]
    es = client(timeout)
    try:
        _done, errors = helpers.bulk(es, actions, raise_on_error=False)
    except NotFoundError:
        logger.warning("search: the index %s does not exist; run rebuild_search_index", alias)
        return
    # Deleting what was never indexed is fine; anything else fails the task, which retries.
    failures = [error for error in errors if error.get("delete", {}).get("status") != 404]
    if failures:
        raise RuntimeError(f"Elasticsearch refused {len(failures)} of {len(actions)} updates: {failures[0]}")


def rebuild(sources, progress=None, chunk_size=500):
    """Create a new index per family, fill it, point the alias at it, delete the old ones: readers
    keep the old index until the alias swaps in one atomic step."""
    from elasticsearch import helpers

    from portal.search.indexing import items_for

    es = client(timeout=60)
    counts = {}
    for source in sources:
        alias = alias_name(source.key)
        name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        index_definition(name).create(using=es)
        total, done = source.count(), 0

        def actions(source=source, name=name, total=total):
            nonlocal done
            for obj, item in items_for(source, source.iter_objects()):
                done += 1
                if progress:
                    progress(source, done, total)
                yield {"_index": name, "_id": obj.pk, "_source": document_body(source, obj, item)}

        helpers.bulk(es, actions(), chunk_size=chunk_size)
        es.indices.refresh(index=name)
        old = (
            list(es.indices.get_alias(name=alias, ignore_unavailable=True).keys())
            if es.indices.exists_alias(name=alias)
            else []
        )
        swap = [{"add": {"index": name, "alias": alias}}] + [{"remove": {"index": o, "alias": alias}} for o in old]
        if not old and es.indices.exists(index=alias):
            # A concrete index with the alias's name (an old layout) must go before the alias can exist.
            es.indices.delete(index=alias)
        es.indices.update_aliases(actions=swap)
        for o in old:
            es.indices.delete(index=o, ignore_unavailable=True)
        counts[source.key] = done
    return counts
