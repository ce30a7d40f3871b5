"""The library's faceted query: filters read from the URL, checked against known values,
combinable; facet counts for each dimension under the other filters; the keyword through the
portal's search service (portal.search.rank_queryset) (số hiệu in any written form, words with or without diacritics). A
constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from documents import validity
from documents.models import DocumentType, LegalDocument, LegalField
from documents.search import LegalDocumentSource
from portal.models import Organisation
from portal.params import Choice, Integer, read_filters
from portal.search import FacetValue, rank_queryset

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


def _apply(queryset, filters, skip=None):
    for name, value in filters.items():
        if name == skip:
            continue
        if name == "loai":
            queryset = queryset.filter(document_type__slug=value)
        elif name == "co-quan":
            queryset = queryset.filter(issuer__slug=value)
        elif name == "nam":
            queryset = queryset.filter(issued_on__year=int(value))
        elif name == "linh-vuc":
            queryset = queryset.filter(fields__slug=value)
        elif name == "hieu-luc":
            queryset = queryset.filter(validity_code=value)
    return queryset


def base_queryset(query, on=None):
    """Live documents with their validity; with a keyword, those the search service matches (the
    number in any written form, every word with or without diacritics), annotated with its score
    as `relevance` (exact number first, then number prefix, the phrase in the trích yếu...)."""
    queryset = LegalDocument.objects.live().with_validity(on)
    if query.keyword:
        queryset = rank_queryset(queryset, query.keyword, LegalDocumentSource.key)
    return queryset


def results(query, on=None):
    queryset = _apply(base_queryset(query, on), query.filters)
    if "linh-vuc" in query.filters:
        queryset = queryset.distinct()
    return queryset.for_listing().order_by(*SORTS[query.sort][1])


def facets(query, on=None):
    """For each dimension, its values with the number of documents under the other filters."""
    base = base_queryset(query, on)

    def counts(name, queryset_key):
        rows = _apply(base, query.filters, skip=name).values(key=queryset_key).annotate(n=Count("pk", distinct=True))
        return {str(row["key"]): row["n"] for row in rows.order_by() if row["key"] is not None}

    def values(name, counted, choices):
        """(value, label) choices, in their order, that have documents. A choice filter shows
        and compares its public slug."""
        selected = query.filters.get(name, "")
        selected = str(getattr(selected, "slug", selected))
        return [
            FacetValue(value, label, counted[value], selected == value) for value, label in choices if value in counted
        ]

    years = counts("nam", ExtractYear("issued_on"))
    choices = {
        "loai": (counts("loai", F("document_type__slug")), [(t.slug, t.name) for t in DocumentType.objects.all()]),
        "co-quan": (counts("co-quan", F("issuer__slug")), [(i.slug, i.name) for i in Organisation.objects.all()]),
        "nam": (years, [(year, year) for year in sorted(years, reverse=True)]),
        "linh-vuc": (counts("linh-vuc", F("fields__slug")), [(f.slug, f.name) for f in LegalField.objects.all()]),
        "hieu-luc": (
            {validity.ValidityStatus.slug_of(code): n for code, n in counts("hieu-luc", F("validity_code")).items()},
            validity.ValidityStatus.slug_choices(),
        ),
    }
    return [(name, FACET_LABELS[name], values(name, *choices[name])) for name in FACETS]
