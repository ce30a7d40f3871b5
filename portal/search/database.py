"""The database engine: SQLite and PostgreSQL alike, on portal.SearchEntry.

Each row holds its text folded by portal.text.fold as " word word " strings, so a query's folded
words match whole words on every database ("doi" matches "đổi", "Đổi" and "dời"). Every word must
match (or the query is a document number or reference code that a row's keys start with): answered
by each database's word index (portal/search/fulltext.py: GIN on PostgreSQL, FTS5 on SQLite), never
by reading the table. The score is a sum of SQL CASE terms:

    exact code (the best bet)                         1000
    code prefix                                        300
    the whole phrase is the title                       60
    the whole phrase in the title                       40
    the whole phrase anywhere                           15
    each word in the title                              10
    each word typed with diacritics, exactly so         6 in the title, 3 anywhere
    each pair of adjacent words anywhere (a stand-in    4
    for Vietnamese compound words: "chuyển đổi")

then newest first. Scoring reads a row's text only when its title did not already answer (see
Score), and only for the rows that can reach the page (see first_rows). One grouped query gives
the total, every facet's counts and the page's score threshold (the rows counted by sure score as
well), one fetches the page: the same number of queries whatever the number of results.
"""

import difflib
from itertools import pairwise

from django.core.cache import cache as django_cache
from django.db.models import Case, Count, F, IntegerField, Max, Q, Value, When
from django.db.models.functions import Coalesce

from portal import generations
from portal.search import cache, fulltext
from portal.search.results import Facet, FacetValue, Hit, SearchResults, highlight, page_of

EXACT_CODE = 1000


def _when(condition, points):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def match_condition(query, prefix=False):
    """Every folded word as a whole word (the last one as a prefix when `prefix`), or the code:
    answered from the word index of each database (portal/search/fulltext.py)."""
    return fulltext.match_condition(query, prefix)


class Score:
    """The score's terms for a query, written so that each row reads as few patterns as it needs.

    A title that holds the whole phrase holds each of its words and adjacent pairs as well (the
    folded title is " word word "), so those rows earn the phrase's, the words' and the pairs'
    points from one pattern; only the other rows test each word and pair. Every term on the text
    has a twin on the title (the folded text begins with the title's words), so a row whose title
    answered earns the text's points without reading its text.

    `full` is the score. `lower` is what the title and keys alone earn (a sure part of it), as
    suggestions rank. Two cheaper bounds serve the pruning of first_rows: `bound` (at most
    `lower`: the rows whose title holds the phrase, counted exactly, and the codes; the others 0)
    and `ceiling` (at least the score: what the row could earn at most, given whether its title
    holds the phrase), each one pattern a row besides the codes."""

    def __init__(self, query, prefix=False):
        tokens = query.tokens
        phrase = " ".join(tokens)
        # With `prefix` (suggestions, as one types), the last word may be the start of a word:
        # the patterns that end with it do not require the space after it.
        end = "" if prefix else " "
        self.whole_title = Q(title_folded__startswith=f" {phrase}{end}") if prefix else Q(title_folded=f" {phrase} ")
        self.phrase_in_title = Q(title_folded__contains=f" {phrase}{end}")
        self.phrase_in_text = Q(text_folded__contains=f" {phrase}{end}")
        self.codes = []
        if query.has_code:
            self.codes = [(Q(keys__contains=f" {query.key} "), EXACT_CODE), (Q(keys__contains=f" {query.key}"), 300)]
        last = len(tokens) - 1
        self.words = [
            Q(title_folded__contains=f" {token}{end if position == last else ' '}")
            for position, token in enumerate(tokens)
            if token not in tokens[:position]
        ]
        # (in the title, in the text) for each word typed with diacritics, and each adjacent pair
        self.exact = [
            (Q(title_exact__contains=f" {word} "), Q(text_exact__contains=f" {word} "))
            for word in dict.fromkeys(query.exact_tokens)
        ]
        pairs = list(pairwise(tokens))
        self.pairs = [
            (
                Q(title_folded__contains=f" {a} {b}{end if position == len(pairs) - 1 else ' '}"),
                Q(text_folded__contains=f" {a} {b}{end if position == len(pairs) - 1 else ' '}"),
            )
            for position, (a, b) in enumerate(pairs)
            if (a, b) not in pairs[:position]
        ]

    def _codes(self):
        return [_when(condition, points) for condition, points in self.codes]

    def _phrase_in_title(self):
        """What a title holding the whole phrase earns: the phrase in the title (40) and, through
        its twin, in the text (15); every word (10) and pair (4); 60 more when it is the title."""
        points = 40 + 15 + 10 * len(self.words) + 4 * len(self.pairs)
        return _when(self.whole_title, 60) + Value(points)

    def _by_phrase(self, then, otherwise):
        return Case(When(self.phrase_in_title, then=then), default=otherwise, output_field=IntegerField())

    def full(self):
        others = (
            [_when(in_title, 10) for in_title in self.words]
            + [_when(self.phrase_in_text, 15)]
            + [_either(in_title, in_text, 4) for in_title, in_text in self.pairs]
        )
        exact = [_when(in_title, 6) + _either(in_title, in_text, 3) for in_title, in_text in self.exact]
        return _sum(self._codes() + exact + [self._by_phrase(self._phrase_in_title(), _sum(others))])

    def lower(self):
        others = [_when(in_title, 10) for in_title in self.words] + [_when(in_title, 4) for in_title, _ in self.pairs]
        exact = [_when(in_title, 9) for in_title, _in_text in self.exact]
        return _sum(self._codes() + exact + [self._by_phrase(self._phrase_in_title(), _sum(others))])

    def bound(self):
        """At most `lower`, for every row: `lower` itself where the title holds the phrase, else
        the codes' points alone."""
        exact = [_when(in_title, 9) for in_title, _in_text in self.exact]
        return _sum(self._codes() + [self._by_phrase(_sum([self._phrase_in_title(), *exact]), Value(0))])

    def ceiling(self):
        """At least the score, for every row: the most a row can earn given whether its title holds
        the phrase (a word typed with diacritics counted as found in the title)."""
        without_phrase = 10 * len(self.words) + 15 + 4 * len(self.pairs)
        return _sum(
            self._codes()
            + [Value(9 * len(self.exact)), self._by_phrase(self._phrase_in_title(), Value(without_phrase))]
        )


def _either(in_title, in_text, points):
    return Case(
        When(in_title, then=Value(points)),
        When(in_text, then=Value(points)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _sum(terms):
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def score_expression(query):
    return Score(query).full()


UNKNOWN = object()


def first_rows(queryset, query, stop, threshold=UNKNOWN):
    """`queryset` (matched rows) narrowed to those that may rank among its first `stop` rows, so
    that scoring reads few texts: a row whose best possible score (`ceiling`) is below the
    `stop`-th best sure score (`bound`, which is at most the score) cannot be there. One query
    finds that threshold, unless the caller already knows it (None: fewer than `stop` rows,
    nothing to narrow)."""
    score = Score(query)
    if threshold is UNKNOWN:
        found = list(
            queryset.annotate(lower_score=score.bound())
            .order_by("-lower_score")
            .values_list("lower_score", flat=True)[stop - 1 : stop]
        )
        threshold = found[0] if found else None
    if threshold is None or threshold <= 0:  # every row's ceiling is at least 0
        return queryset
    return queryset.alias(upper_score=score.ceiling()).filter(upper_score__gte=threshold)


def threshold_of(scores, stop):
    """The `stop`-th best sure score among rows counted as (sure score, number of rows): what
    first_rows() would find with its own query; None for fewer rows."""
    remaining = stop
    for lower, n in sorted(scores, key=lambda score: -score[0]):
        remaining -= n
        if remaining <= 0:
            return lower
    return None


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


GROUP_FIELDS = ("kind", "year", "issuer", "issuer_label", "validity")
HIT_FIELDS = ("source", "kind", "object_id", "title", "url", "date", "body")
FILTER_FIELDS = {"type": "kind", "year": "year", "issuer": "issuer", "validity": "validity"}


def _compact(groups):
    """`groups` (counted by facet values and sure score) as the facet groups (summed over the
    scores) and, for each facet group, its rows by sure score: [(facet group's index, score, n)]."""
    facets, scores = {}, []
    for group in groups:
        key = tuple(group[name] for name in GROUP_FIELDS)
        index = facets.setdefault(key, len(facets))
        scores.append((index, group["lower_score"], group["n"]))
    counted = [0] * len(facets)
    for index, _lower, n in scores:
        counted[index] += n
    rows = [{**dict(zip(GROUP_FIELDS, key, strict=True)), "n": counted[i]} for key, i in facets.items()]
    return rows, scores


def _passes(group, filters, skip=None):
    """Whether a group of rows (one value per facet) passes the filters but `skip`: in Python,
    so that one grouped query serves the total and every facet."""
    for name, value in filters.items():
        if name == skip:
            continue
        if name == "type":
            if group["kind"] not in value:
                return False
        elif group[FILTER_FIELDS[name]] != value:
            return False
    return True


def matching(query, sources=None, prefix=False):
    """The rows matching the query, annotated with `score`: usable as a subquery (the library)."""
    from portal.models import SearchEntry

    queryset = SearchEntry.objects.all()
    if sources:
        queryset = queryset.filter(source__in=sources)
    return queryset.filter(match_condition(query, prefix))


def ranked(queryset, query, start, stop, order=None, threshold=UNKNOWN):
    """Rows `start` to `stop` of `queryset` (matched rows) by score, then `order`, each with `score`
    (`threshold`: see first_rows)."""
    order = order or [F("date").desc(nulls_last=True), "title", "pk"]
    rows = first_rows(queryset, query, stop, threshold).annotate(score=score_expression(query))
    return rows.order_by("-score", *order)[start:stop]


class DatabaseEngine:
    name = "database"

    def search(self, query, page=1, page_size=12, type_labels=None, validity_labels=None):
        type_labels = type_labels or {}
        filters = query.filters
        base = matching(query)
        answers = cache.Answers()
        # One grouped query gives the total, every facet's counts under the other filters, and
        # (grouped by sure score as well) the page's score threshold: the matches are read once
        # before the page's own query. Both are kept for the index's generation (cache.py).
        groups, scores = answers.get(
            "groups",
            cache.query_key(query),
            lambda: _compact(
                base.order_by().values(*GROUP_FIELDS, lower_score=Score(query).bound()).annotate(n=Count("pk"))
            ),
        )
        passing = [_passes(group, filters) for group in groups]
        total = sum(group["n"] for group, passes in zip(groups, passing, strict=True) if passes)
        pages = max(1, -(-total // page_size))
        number = min(page, pages)
        start = (number - 1) * page_size
        stop = start + page_size
        threshold = threshold_of([(lower, n) for index, lower, n in scores if passing[index]], stop)

        def page_rows():
            """The page's rows, their snippet and title highlighted (the same for every reader)."""
            rows = ranked(_filtered(base, filters), query, start, stop, threshold=threshold)
            return [
                {
                    **row,
                    "snippet": highlight(row.pop("body"), query.tokens),
                    "title_html": highlight(row["title"], query.tokens, whole=True),
                }
                for row in rows.values(*HIT_FIELDS, "score")
            ]

        rows = answers.get("page", [cache.query_key(query), filters, start, stop], page_rows) if total else []
        hits = [self.hit(row, query, type_labels) for row in rows]
        results = SearchResults(
            query=query, engine=self.name, total=total, page=page_of(hits, total, number, page_size)
        )
        if number == 1 and hits and hits[0].score >= EXACT_CODE:
            hits[0].best_bet = True
            results.best_bet = hits[0]
        results.facets = self.facets(groups, filters, type_labels, validity_labels or {})
        return results

    def hit(self, row, query, type_labels):
        return Hit(
            type=row["kind"],
            type_label=type_labels.get(row["kind"], row["kind"]),
            title=row["title"],
            url=row["url"],
            date=row["date"],
            snippet=row["snippet"],
            title_html=row["title_html"],
            score=row["score"],
            source=row["source"],
            object_id=row["object_id"],
        )

    def facets(self, groups, filters, type_labels, validity_labels):
        def counts(name, field):
            counted = {}
            for group in groups:
                if group[field] not in (None, "") and _passes(group, filters, skip=name):
                    counted[group[field]] = counted.get(group[field], 0) + group["n"]
            # Most first; equal counts by value, as Elasticsearch orders its terms (the order of the
            # groups the database returns is not defined).
            return sorted(counted.items(), key=lambda item: (-item[1], str(item[0])))

        issuer_labels = {group["issuer"]: group["issuer_label"] for group in groups}
        selected_types = set(filters.get("type", []))
        return [
            Facet(
                "type",
                [FacetValue(k, type_labels.get(k, k), n, k in selected_types) for k, n in counts("type", "kind")],
            ),
            Facet(
                "year",
                [
                    FacetValue(str(k), str(k), n, filters.get("year") == k)
                    for k, n in sorted(counts("year", "year"), reverse=True)
                ],
            ),
            Facet(
                "issuer",
                [FacetValue(k, issuer_labels[k], n, filters.get("issuer") == k) for k, n in counts("issuer", "issuer")],
            ),
            Facet(
                "validity",
                [
                    FacetValue(k, validity_labels.get(k, k), n, filters.get("validity") == k)
                    for k, n in counts("validity", "validity")
                ],
            ),
        ]

    def suggest(self, query, limit=8, type_labels=None):
        """Titles, ranked by what the title alone answers (the last word as the start of a word):
        the texts are never read, whatever the number of matches."""
        type_labels = type_labels or {}

        def rows():
            matched = matching(query, prefix=True).filter(
                Q(title_folded__contains=f" {query.tokens[-1]}") | Q(keys__contains=f" {query.key}")
            )
            ranked_rows = matched.annotate(score=Score(query, prefix=True).lower()).order_by(
                "-score", F("date").desc(nulls_last=True), "title", "pk"
            )
            return list(ranked_rows.values_list("kind", "title", "url", "date")[:limit])

        found = cache.cached("suggest", [cache.query_key(query, prefix=True), limit], rows)
        return [Hit.suggestion(kind, title, url, date, type_labels) for kind, title, url, date in found]

    def count(self, query):
        return matching(query).count()

    # --- "did you mean" ---------------------------------------------------------------------------

    def vocabulary(self):
        """The folded words of every title, cached until the index changes."""
        from portal.models import SearchEntry

        generation = generations.current("search")
        if generation is None:
            stamp = SearchEntry.objects.aggregate(stamp=Coalesce(Max("updated_at"), None), n=Count("pk"))
            changed = stamp["stamp"].timestamp() if stamp["stamp"] else 0
            key = f"portal-search-vocabulary:{changed}:{stamp['n']}"
        else:
            key = f"portal-search-vocabulary:g{generation}"
        vocabulary = django_cache.get(key)
        if vocabulary is None:
            vocabulary = set()
            for title in SearchEntry.objects.values_list("title_folded", flat=True).iterator():
                vocabulary.update(title.split())
            vocabulary = sorted(vocabulary)
            django_cache.set(key, vocabulary, 600)
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
