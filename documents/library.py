"""The library's faceted query: filters read from the URL, checked against known values,
combinable; facet counts for each dimension under the other filters; the keyword through the
portal's search service (số hiệu in any written form, words with or without diacritics), matched
once on its word index (portal.search.match_ids), the ids passed on to every other query. A
constant number of queries."""

import operator
from collections import namedtuple
from dataclasses import dataclass, field
from functools import cached_property, reduce

from django.db.models import Count, F, IntegerField, Q, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import validity
from documents.models import DocumentType, LegalDocument, LegalField
from documents.search import LegalDocumentSource
from portal.models import Organisation
from portal.params import Choice, Integer, read_filters
from portal.search import FacetValue, IdIn, cache, match_ids, rank_window, score_subquery
from portal.search.results import SearchQuery, page_of

# Undated documents go last whichever way, on every database.
SORTS = {
    "moi-nhat": (_("Mới nhất"), [F("issued_on").desc(nulls_last=True), "-pk"]),
    "cu-nhat": (_("Cũ nhất"), [F("issued_on").asc(nulls_last=True), "pk"]),
    "lien-quan": (_("Phù hợp nhất"), ["-relevance", F("issued_on").desc(nulls_last=True), "-pk"]),
}
FACETS = ["loai", "co-quan", "nam", "linh-vuc", "hieu-luc"]
FACET_LABELS = {
    "loai": _("Loại văn bản"),
    "co-quan": _("Cơ quan ban hành"),
    "nam": _("Năm ban hành"),
    "linh-vuc": _("Lĩnh vực"),
    "hieu-luc": _("Tình trạng hiệu lực"),
}


@dataclass
class LibraryQuery:
    filters: dict
    keyword: str
    sort: str
    ignored: list = field(default_factory=list)

    @property
    def active(self):
        return bool(self.filters or self.keyword)


def filter_params():
    """The library's filters, each value checked against what exists (see portal.params)."""
    return [
        Choice("loai", lambda: DocumentType.objects.values_list("slug", flat=True)),
        Choice("co-quan", lambda: Organisation.objects.values_list("slug", flat=True)),
        Integer("nam", 1900, 2100),
        Choice("linh-vuc", lambda: LegalField.objects.values_list("slug", flat=True)),
        Choice("hieu-luc", validity.ValidityStatus.by_slug),
    ]


def parse(params):
    """Read and check the filters: values not in the known lists are dropped and reported."""
    filters, ignored = read_filters(params, filter_params())
    keyword = params.get("q", "").strip()[:200]
    sort = params.get("sap-xep", "")
    if sort not in SORTS:
        if sort:
            ignored.append("sap-xep")
        sort = "lien-quan" if keyword else "moi-nhat"
    return LibraryQuery(filters=filters, keyword=keyword, sort=sort, ignored=ignored)


FILTER_LOOKUPS = {
    "loai": "document_type__slug",
    "co-quan": "issuer__slug",
    "nam": "issued_on__year",
    "linh-vuc": "fields__slug",
    "hieu-luc": "validity_code",
}


def _condition(name, value):
    return Q(**{FILTER_LOOKUPS[name]: int(value) if name == "nam" else value})


def _apply(queryset, filters, skip=None):
    for name, value in filters.items():
        if name != skip and name in FILTER_LOOKUPS:
            queryset = queryset.filter(_condition(name, value))
    return queryset


def matched_ids(query):
    """The ids of the documents the keyword matches, from one query on the search index's word
    index (None without a keyword, or with one that has no words)."""
    return match_ids(query.keyword, LegalDocumentSource.key) if query.keyword else None


def base_queryset(query, on=None, ids=None):
    """Live documents with their validity; with a keyword, those the search service matches (the
    number in any written form, every word with or without diacritics): `ids` from
    `matched_ids(query)`, looked up here when not given."""
    queryset = LegalDocument.objects.live().with_validity(on)
    if ids is None:
        ids = matched_ids(query)
    if ids is not None:
        queryset = queryset.filter(IdIn("pk", ids))
    return queryset


def _relevance(queryset, query):
    """The search service's score as `relevance` (exact number first, then number prefix, the
    phrase in the trích yếu...): read from each document's index row, not matched again."""
    if not query.keyword or not SearchQuery(query.keyword):
        return queryset.annotate(relevance=Value(0, output_field=IntegerField()))
    return queryset.annotate(relevance=Coalesce(score_subquery(query.keyword, LegalDocumentSource.key), Value(0)))


def results(query, on=None, ids=None):
    """Every document of the listing, in its order (the exports)."""
    queryset = _apply(base_queryset(query, on, ids), query.filters)
    if "linh-vuc" in query.filters:
        queryset = queryset.distinct()
    if query.sort == "lien-quan":
        queryset = _relevance(queryset, query)
    return queryset.for_listing().order_by(*SORTS[query.sort][1])


def page(query, number, page_size, on=None):
    """(one page of the listing, its facets): the keyword matched once, the total and every facet
    but the fields counted by one grouped query, the page ranked among the matches alone. Every
    answer is kept (see _answers); the querysets are built only for what is not."""
    ids = matched_ids(query)

    def listed():
        queryset = _apply(base_queryset(query, on, ids), query.filters)
        return queryset.distinct() if "linh-vuc" in query.filters else queryset

    names = Names()
    groups = _groups(query, on, ids, names) if _one_pass(query) else None
    tally = _tally(groups, query.filters) if groups is not None else None
    if tally is not None:
        total = tally[0]
    else:
        total = _answers(query, on).get("library-total", _key(query, on), lambda: listed().count())
    number = max(1, min(number, -(-total // page_size)))
    start, stop = (number - 1) * page_size, number * page_size

    def documents_of_page():
        if query.sort == "lien-quan" and ids is not None:
            # With the keyword alone, the listing is every match: ranked straight from the word
            # index, whose rows are those of live documents (an index row left behind by a failed
            # update is skipped below: only live documents are read).
            narrowed = listed().values("pk") if query.filters else None
            window = rank_window(query.keyword, LegalDocumentSource.key, narrowed, start, stop)
            found = LegalDocument.objects.live().with_validity(on).for_listing().in_bulk([pk for pk, _ in window])
            documents = []
            for pk, score in window:
                if pk in found:
                    found[pk].relevance = score
                    documents.append(found[pk])
            return documents
        order = SORTS["moi-nhat" if query.sort == "lien-quan" else query.sort][1]
        return list(listed().for_listing().order_by(*order)[start:stop])

    documents = []
    if total:
        # The rows show their type's and issuer's names too: kept under "fragments" as well.
        shown = _answers(query, on, shown=True)
        documents = shown.get("library-page", [*_key(query, on), query.sort, start, stop], documents_of_page)
    return page_of(documents, total, number, page_size), facets(query, on, ids, groups, names, tally)


def _one_pass(query):
    """Whether one grouped pass counts the facets: with a keyword (over the matched documents) or
    with no filter. With filters alone, each facet's own query, narrowed in SQL by the other
    filters, reads fewer rows."""
    return bool(query.keyword) or not query.filters


# Each facet's value in a row of _groups(), and in its own query.
GROUP_KEYS = {"loai": "group_type", "co-quan": "group_issuer", "nam": "group_year", "hieu-luc": "group_validity"}
FACET_KEYS = {
    "loai": F("document_type__slug"),
    "co-quan": F("issuer__slug"),
    "nam": ExtractYear("issued_on"),
    "linh-vuc": F("fields__slug"),
    "hieu-luc": F("validity_code"),
}


def _answers(query, on, shown=False):
    """The cache of the listing's answers: kept until the documents, their relations or their
    fields change (and, with a keyword, the search index; with `shown`, what the rows show of their
    types and issuers: the "fragments" generation), for the day they were counted on (the key)."""
    subjects = ("library", "search") if query.keyword else ("library",)
    return cache.Answers((*subjects, "fragments") if shown else subjects)


def _key(query, on, grouped=False):
    """What the counts depend on: the day, the keyword and the filters (for the grouped pass, only
    those it narrows by in SQL: the field, and which rows may pass all but one filter)."""
    filters = {name: str(getattr(value, "slug", value)) for name, value in query.filters.items()}
    if grouped:
        grouped_names = [name for name in GROUP_KEYS if name in filters]
        filters = {name: value for name, value in filters.items() if name == "linh-vuc" or len(grouped_names) > 1}
    keyword = cache.query_key(SearchQuery(query.keyword)) if query.keyword else None
    return [str(on or timezone.localdate()), keyword, filters]


Named = namedtuple("Named", "pk slug name")


class Names:
    """The document types, issuers and fields (their slugs and names), each read when first needed
    and kept under the "fragments" generation (portal/generations.py), which any write to their
    tables renews: the facets' choices, and the slugs of the ids that _groups() counts."""

    @staticmethod
    def _kept(name, model):
        """(pk, slug, name) of each, in the model's order: plain tuples read back cheaper than
        model instances."""

        def read():
            return [Named(*row) for row in model.objects.values_list("pk", "slug", "name")]

        return cache.Answers(("fragments",)).get(f"library-names-{name}", [], read)

    @cached_property
    def types(self):
        return self._kept("types", DocumentType)

    @cached_property
    def issuers(self):
        return self._kept("issuers", Organisation)

    @cached_property
    def fields(self):
        return self._kept("fields", LegalField)


def _groups(query, on, ids, names=None):
    """The documents (under the fields filter, if any) grouped by type, issuer, year and validity:
    one pass gives the total and those four facets under any other filters. Grouped by the
    types' and issuers' ids (no join; on PostgreSQL an index-only scan of `document_facets`),
    then named by their slugs."""
    names = names or Names()

    def compute():
        queryset = base_queryset(query, on, ids)
        if "linh-vuc" in query.filters:
            queryset = queryset.filter(fields__slug=query.filters["linh-vuc"])
        grouped = [name for name in GROUP_KEYS if name in query.filters]
        if len(grouped) > 1:
            # Only rows that pass every filter but one at most are counted anywhere.
            either = Q()
            for skipped in grouped:
                either |= reduce(operator.and_, [_condition(n, query.filters[n]) for n in grouped if n != skipped])
            queryset = queryset.filter(either)
        rows = queryset.values(
            group_type=F("document_type_id"),
            group_issuer=F("issuer_id"),
            group_year=ExtractYear("issued_on"),
            group_validity=F("validity_code"),
        )
        return list(rows.annotate(n=Count("pk")).order_by())

    # The querysets are built only when the answer is not kept: building them (the validity's
    # annotations) costs as much Python as the rest of the cached listing.
    groups = [
        dict(group) for group in _answers(query, on).get("library-groups", _key(query, on, grouped=True), compute)
    ]
    type_slugs = {item.pk: item.slug for item in names.types}
    issuer_slugs = {item.pk: item.slug for item in names.issuers}
    for group in groups:
        group["group_type"] = type_slugs[group["group_type"]]
        group["group_issuer"] = issuer_slugs[group["group_issuer"]]
    return groups


def _tally(groups, filters):
    """(total, {facet: {value: count}}) from _groups() in one pass: a group that passes every
    filter counts in the total and in every facet, one that fails a single filter only in that
    filter's facet (each facet counts under the other filters), one that fails two nowhere."""
    active = [(name, key, str(filters[name])) for name, key in GROUP_KEYS.items() if name in filters]
    counted = {name: {} for name in GROUP_KEYS}
    total = 0
    for group in groups:
        failed = [name for name, key, value in active if str(group[key]) != value]
        if len(failed) > 1:
            continue
        n = group["n"]
        if not failed:
            total += n
        for name, key in GROUP_KEYS.items():
            value = group[key]
            if value is None or (failed and failed[0] != name):
                continue
            facet = counted[name]
            value = str(value)
            facet[value] = facet.get(value, 0) + n
    return total, counted


def facets(query, on=None, ids=None, groups=None, names=None, tally=None):
    """For each dimension, its values with the number of documents under the other filters."""
    ids = matched_ids(query) if ids is None else ids
    names = names or Names()
    if groups is None and _one_pass(query):
        groups = _groups(query, on, ids, names)
    if groups is not None and tally is None:
        tally = _tally(groups, query.filters)

    def own_query(name):
        def compute():
            rows = _apply(base_queryset(query, on, ids), query.filters, skip=name).values(key=FACET_KEYS[name])
            return {
                str(row["key"]): row["n"]
                for row in rows.annotate(n=Count("pk", distinct=True)).order_by()
                if row["key"] is not None
            }

        return _answers(query, on).get(f"library-facet-{name}", _key(query, on), compute)

    def field_counts():
        """The fields facet, from the documents' links to their fields (one row per document and
        field: no DISTINCT, no join to the fields' table)."""

        def compute():
            documents = _apply(base_queryset(query, on, ids), query.filters, skip="linh-vuc")
            links = LegalDocument.fields.through.objects.filter(legaldocument__in=documents.values("pk"))
            return list(links.values("legalfield_id").annotate(n=Count("pk")).order_by())

        counted = _answers(query, on).get("library-fields", _key(query, on), compute)
        slugs = {item.pk: item.slug for item in names.fields}
        return {slugs[row["legalfield_id"]]: row["n"] for row in counted}

    def counts(name):
        return own_query(name) if tally is None else tally[1][name]

    def values(name, counted, choices):
        """(value, label) choices, in their order, that have documents. A choice filter shows
        and compares its public slug."""
        selected = query.filters.get(name, "")
        selected = str(getattr(selected, "slug", selected))
        return [
            FacetValue(value, label, counted[value], selected == value) for value, label in choices if value in counted
        ]

    years = counts("nam")
    choices = {
        "loai": (counts("loai"), [(t.slug, t.name) for t in names.types]),
        "co-quan": (counts("co-quan"), [(i.slug, i.name) for i in names.issuers]),
        "nam": (years, [(year, year) for year in sorted(years, reverse=True)]),
        "linh-vuc": (field_counts(), [(f.slug, f.name) for f in names.fields]),
        "hieu-luc": (
            {validity.ValidityStatus.slug_of(code): n for code, n in counts("hieu-luc").items()},
            validity.ValidityStatus.slug_choices(),
        ),
    }
    return [(name, FACET_LABELS[name], values(name, *choices[name])) for name in FACETS]
