"""The database engine: SQLite and PostgreSQL alike, on portal.SearchEntry.

Each row holds its text folded by portal.text.fold as " word word " strings, so a query's folded
words match whole words with LIKE on every database ("doi" matches "đổi", "Đổi" and "dời"; SQLite's
FTS5 never matches "d" to "đ"). Every word must match (or the query is a document number or
reference code that a row's keys start with). The score is a sum of SQL CASE terms:

    exact code (the best bet)                         1000
    code prefix                                        300
    the whole phrase is the title                       60
    the whole phrase in the title                       40
    the whole phrase anywhere                           15
    each word in the title                              10
    each word typed with diacritics, exactly so         6 in the title, 3 anywhere
    each pair of adjacent words anywhere (a stand-in    4
    for Vietnamese compound words: "chuyển đổi")

then newest first. One query counts, one fetches the page, one per facet: the same number of
queries whatever the number of results.
"""

import difflib
from itertools import pairwise

from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, Max, Q, Value, When
from django.db.models.functions import Coalesce

from portal.search.results import Facet, FacetValue, Hit, SearchResults, highlight, page_of

EXACT_CODE = 1000


def _when(condition, points):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def match_condition(query, prefix=False):
    """Every folded word as a whole word (the last one as a prefix when `prefix`), or the code."""
    condition = Q()
    for position, token in enumerate(query.tokens):
        last = position == len(query.tokens) - 1
        pattern = f" {token}" if prefix and last else f" {token} "
        condition &= Q(text_folded__contains=pattern)
    if query.has_code:
        condition |= Q(keys__contains=f" {query.key}")
    return condition


def score_expression(query):
    tokens = query.tokens
    phrase = " ".join(tokens)
    terms = [
        _when(Q(title_folded=f" {phrase} "), 60),
        _when(Q(title_folded__contains=f" {phrase} "), 40),
        _when(Q(text_folded__contains=f" {phrase} "), 15),
    ]
    if query.has_code:
        terms += [_when(Q(keys__contains=f" {query.key} "), EXACT_CODE), _when(Q(keys__contains=f" {query.key}"), 300)]
    terms += [_when(Q(title_folded__contains=f" {token} "), 10) for token in dict.fromkeys(tokens)]
    for word in dict.fromkeys(query.exact_tokens):
        terms += [_when(Q(title_exact__contains=f" {word} "), 6), _when(Q(text_exact__contains=f" {word} "), 3)]
    terms += [_when(Q(text_folded__contains=f" {a} {b} "), 4) for a, b in dict.fromkeys(pairwise(tokens))]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _filtered(queryset, filters, skip=None):
    for name, value in filters.items():
        if name == skip:
            continue
        if name == "type":
            queryset = queryset.filter(kind__in=value)
        elif name == "year":
            queryset = queryset.filter(year=value)
        elif name == "issuer":
            queryset = queryset.filter(issuer=value)
        elif name == "validity":
            queryset = queryset.filter(validity=value)
    return queryset


def matching(query, sources=None, prefix=False):
    """The rows matching the query, annotated with `score`: usable as a subquery (the library)."""
    from portal.models import SearchEntry

    queryset = SearchEntry.objects.all()
    if sources:
        queryset = queryset.filter(source__in=sources)
    return queryset.filter(match_condition(query, prefix)).annotate(score=score_expression(query))


class DatabaseEngine:
    name = "database"

    def search(self, query, page=1, page_size=12, type_labels=None, validity_labels=None):
        type_labels = type_labels or {}
        filters = query.filters
        base = matching(query)
        rows = _filtered(base, filters).order_by("-score", F("date").desc(nulls_last=True), "title", "pk")
        total = rows.count()
        pages = max(1, -(-total // page_size))
        number = min(page, pages)
        start = (number - 1) * page_size
        window = rows.only("source", "kind", "object_id", "title", "url", "date", "body")[start : start + page_size]
        hits = [self.hit(row, query, type_labels) for row in window]
        results = SearchResults(
            query=query, engine=self.name, total=total, page=page_of(hits, total, number, page_size)
        )
        if number == 1 and hits and hits[0].score >= EXACT_CODE:
            hits[0].best_bet = True
            results.best_bet = hits[0]
        results.facets = self.facets(base, filters, type_labels, validity_labels or {})
        return results

    def hit(self, row, query, type_labels):
        return Hit(
            type=row.kind,
            type_label=type_labels.get(row.kind, row.kind),
            title=row.title,
            url=row.url,
            date=row.date,
            snippet=highlight(row.body, query.tokens),
            title_html=highlight(row.title, query.tokens, whole=True),
            score=row.score,
            source=row.source,
            object_id=row.object_id,
        )

    def facets(self, base, filters, type_labels, validity_labels):
        def counts(name, *fields):
            rows = _filtered(base, filters, skip=name).order_by().values(*fields).annotate(n=Count("pk"))
            return [row for row in rows if row[fields[0]] not in (None, "")]

        selected_types = set(filters.get("type", []))
        types = [
            FacetValue(row["kind"], type_labels.get(row["kind"], row["kind"]), row["n"], row["kind"] in selected_types)
            for row in counts("type", "kind")
        ]
        types.sort(key=lambda value: -value.count)
        years = sorted(counts("year", "year"), key=lambda row: -row["year"])
        issuers = sorted(counts("issuer", "issuer", "issuer_label"), key=lambda row: -row["n"])
        validity = counts("validity", "validity")
        return [
            Facet("type", "loai", types),
            Facet(
                "year",
                "nam",
                [FacetValue(str(r["year"]), str(r["year"]), r["n"], filters.get("year") == r["year"]) for r in years],
            ),
            Facet(
                "issuer",
                "co-quan",
                [
                    FacetValue(r["issuer"], r["issuer_label"], r["n"], filters.get("issuer") == r["issuer"])
                    for r in issuers
                ],
            ),
            Facet(
                "validity",
                "hieu-luc",
                [
                    FacetValue(
                        r["validity"],
                        validity_labels.get(r["validity"], r["validity"]),
                        r["n"],
                        filters.get("validity") == r["validity"],
                    )
                    for r in validity
                ],
            ),
        ]

    def suggest(self, query, limit=8, type_labels=None):
        type_labels = type_labels or {}
        rows = (
            matching(query, prefix=True)
            .filter(Q(title_folded__contains=f" {query.tokens[-1]}") | Q(keys__contains=f" {query.key}"))
            .order_by("-score", F("date").desc(nulls_last=True), "title")
            .values("kind", "title", "url", "date")[:limit]
        )
        return [Hit.suggestion(row["kind"], row["title"], row["url"], row["date"], type_labels) for row in rows]

    def count(self, query):
        return matching(query).count()

    # --- "did you mean" ---------------------------------------------------------------------------

    def vocabulary(self):
        """The folded words of every title, cached until the index changes."""
        from portal.models import SearchEntry

        stamp = SearchEntry.objects.aggregate(stamp=Coalesce(Max("updated_at"), None), n=Count("pk"))
        changed = stamp["stamp"].timestamp() if stamp["stamp"] else 0
        key = f"portal-search-vocabulary:{changed}:{stamp['n']}"
        vocabulary = cache.get(key)
        if vocabulary is None:
            vocabulary = set()
            for title in SearchEntry.objects.values_list("title_folded", flat=True).iterator():
                vocabulary.update(title.split())
            vocabulary = sorted(vocabulary)
            cache.set(key, vocabulary, 600)
        return vocabulary

    def correct(self, query):
        """The query with each unknown word replaced by the closest title word (one or two letters
        off), or "" when nothing changes."""
        vocabulary = self.vocabulary()
        known = set(vocabulary)
        corrected, changed = [], False
        for token in query.tokens:
            if token in known or token.isdigit() or len(token) < 3:
                corrected.append(token)
                continue
            close = difflib.get_close_matches(token, vocabulary, n=1, cutoff=0.75)
            if close:
                corrected.append(close[0])
                changed = True
            else:
                corrected.append(token)
        return " ".join(corrected) if changed else ""
