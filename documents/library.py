"""The library's faceted query: filters read from the URL, checked against known values,
combinable; facet counts for each dimension under the other filters; keyword matching of số hiệu
in any written form and of trích yếu with or without diacritics. A constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from documents import validity
from documents.models import DocumentType, Issuer, LegalDocument, LegalField
from documents.text import number_key
from portal.text import fold

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
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class LibraryQuery:
    filters: dict
    keyword: str
    sort: str
    ignored: list = field(default_factory=list)

    @property
    def active(self):
        return bool(self.filters or self.keyword)


def parse(params):
    """Read and check the filters: values not in the known lists are dropped and reported."""
    known = {
        "loai": set(DocumentType.objects.values_list("slug", flat=True)),
        "co-quan": set(Issuer.objects.values_list("slug", flat=True)),
        "linh-vuc": set(LegalField.objects.values_list("slug", flat=True)),
        "hieu-luc": set(validity.STATUS_LABELS),
    }
    filters, ignored = {}, []
    for name in FACETS:
        raw = params.get(name, "").strip()
        if not raw:
            continue
        if name == "nam":
            if raw.isdigit() and 1900 <= int(raw) <= 2100:
                filters[name] = raw
            else:
                ignored.append(name)
        elif raw in known[name]:
            filters[name] = raw
        else:
            ignored.append(name)
    keyword = params.get("q", "").strip()[:200]
    sort = params.get("sap-xep", "")
    if sort not in SORTS:
        if sort:
            ignored.append("sap-xep")
        sort = "lien-quan" if keyword else "moi-nhat"
    return LibraryQuery(filters=filters, keyword=keyword, sort=sort, ignored=ignored)


def keyword_filter(keyword):
    """Match the number in any form ("681/KH-UBND", "681 kh ubnd", "681"), or every word of the
    query in the folded text (with or without diacritics, "d" for "đ")."""
    tokens = fold(keyword).split()
    if not tokens:
        return Q()
    words = Q()
    for token in tokens:
        words &= Q(search_text__contains=token)
    key = number_key(keyword)
    if key and any(char.isdigit() for char in key):
        return words | Q(number_key__startswith=key)
    return words


def relevance(keyword):
    """Exact number 5, number prefix 4, a number the query contains ("quyết định 2393") 3, the whole
    phrase in the text 2, the words somewhere 1."""
    key = number_key(keyword)
    phrase = fold(keyword)
    whens = []
    if key:
        whens += [When(number_key=key, then=Value(5)), When(number_key__startswith=key, then=Value(4))]
    for token in phrase.split():
        token_key = number_key(token)
        if token_key[:1].isdigit():
            whens.append(When(number_key__startswith=token_key, then=Value(3)))
    whens.append(When(search_text__contains=phrase, then=Value(2)))
    return Case(*whens, default=Value(1), output_field=IntegerField())


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
    queryset = LegalDocument.objects.live().with_validity(on)
    if query.keyword:
        queryset = queryset.filter(keyword_filter(query.keyword)).annotate(relevance=relevance(query.keyword))
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
        """(value, label) choices, in their order, that have documents."""
        return [
            FacetValue(value, label, counted[value], query.filters.get(name) == value)
            for value, label in choices
            if value in counted
        ]

    years = counts("nam", ExtractYear("issued_on"))
    choices = {
        "loai": (counts("loai", F("document_type__slug")), [(t.slug, t.name) for t in DocumentType.objects.all()]),
        "co-quan": (counts("co-quan", F("issuer__slug")), [(i.slug, i.name) for i in Issuer.objects.all()]),
        "nam": (years, [(year, year) for year in sorted(years, reverse=True)]),
        "linh-vuc": (counts("linh-vuc", F("fields__slug")), [(f.slug, f.name) for f in LegalField.objects.all()]),
        "hieu-luc": (counts("hieu-luc", F("validity_code")), validity.STATUS_CHOICES),
    }
    return [(name, FACET_LABELS[name], values(name, *choices[name])) for name in FACETS]
