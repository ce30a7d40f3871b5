import itertools
import json
from collections import defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.rich_text import expand_db_html

from documents import library, relations, validity
from documents.citations import link_citations
from documents.models import INVERSE_LABELS, DocumentLibraryPage, DocumentRelation, LegalDocument, RelationType
from documents.toc import add_heading_anchors
from documents.validity import ValidityStatus
from portal import fragment_cache
from portal.covers import cover_response
from portal.navigation import absolute_route_url, redirect_to_route, singleton_route_url
from portal.params import page_param, url_with_query
from portal.streaming import csv_response, json_response
from portal.templatetags.portal_meta import meta_description

LEGAL_FORCE = {
    ValidityStatus.IN_FORCE: "InForce",
    ValidityStatus.PARTLY_ENDED: "PartiallyInForce",
    ValidityStatus.ENDED: "NotInForce",
    ValidityStatus.NOT_YET: "NotInForce",
}


def library_view(request, page):
    query = library.parse(request.GET)
    page_obj, facets = library.page(query, page_param(request.GET), settings.DOCUMENTS_PAGE_SIZE)
    context = page.get_context(request)
    context.update(
        {
            "library_query": query,
            "documents": page_obj,
            "facets": facets,
            "sorts": [(key, label) for key, (label, _order) in library.SORTS.items()],
        }
    )
    return TemplateResponse(request, "documents/document_library_page.html", context)


def document_context(request, document, preview=False):
    """What the document's page shows of it (documents/includes/document_body.html), but for its
    structured data's address, which `document_page_parts` adds per request."""
    limit = settings.DOCUMENT_RELATIONS_PER_GROUP
    # The groups and, read with them, every relation that may end the document (its validity reads
    # those, shown or not).
    if preview:
        outgoing = relations.preview_groups(document, limit)
        incoming, ending = relations.relation_groups(document, relations.INCOMING, limit, also=validity.ENDING_TYPES)
    else:
        outgoing, incoming, ending = relations.page_groups(document, limit, validity.ENDING_TYPES)
    state = document.validity_on(incoming=ending)
    full_text, toc = add_heading_anchors(link_citations(expand_db_html(document.full_text), exclude=document.pk))
    citations = []
    for hook in hooks.get_hooks("portal_document_citations"):
        block = hook(request, document)
        if block:
            citations.append(block)
    structured = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": document.title,
        "legislationType": document.document_type.name,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuer.name},
        "inLanguage": "vi",
        "url": None,  # absolute: the request's host (document_page_parts)
    }
    if document.number:
        structured["legislationIdentifier"] = document.number
    if document.issued_on:
        structured["legislationDate"] = document.issued_on.isoformat()
    if document.effective_on:
        structured["legislationDateVersion"] = document.effective_on.isoformat()
    if state.status in LEGAL_FORCE:
        structured["legislationLegalForce"] = LEGAL_FORCE[state.status]
    return {
        "document": document,
        "library_url": singleton_route_url(DocumentLibraryPage, "library"),
        "validity": state,
        "today": timezone.localdate(),
        "full_text": full_text,
        "toc": toc,
        "relation_groups": outgoing + incoming,
        "citations": citations,
        "structured": structured,
        "is_preview": preview,
    }


BODY_TEMPLATE = "documents/includes/document_body.html"
TRACKERS_TEMPLATE = "kpi/tasks/document_link.html"
TRACKERS_HOLE = "<!--document-trackers-->"


def render_document_parts(request, context):
    """The page's parts from `document_context` (and the library page's context): its title, meta
    description, structured data (its address left out) and body, with the hole for the trackers."""
    document = context["document"]
    body = render_to_string(BODY_TEMPLATE, {**context, "trackers_hole": mark_safe(TRACKERS_HOLE)}, request)
    return {
        "slug": document.slug,
        "pk": document.pk,
        "url": document.get_absolute_url(),
        "title": str(document),
        "meta_description": meta_description({"document": document}),
        "structured": context["structured"],
        "body": body,
    }


def document_page_parts(request, parts):
    """The page's context from its parts: the address in the structured data and the KPI task
    trackers (their hole in the body), which change without a publication, filled for this request."""
    structured = {**parts["structured"], "url": request.build_absolute_uri(parts["url"])}
    trackers = render_to_string(TRACKERS_TEMPLATE, {"document": SimpleNamespace(pk=parts["pk"])})
    return {
        "document_title": parts["title"],
        "meta_description": parts["meta_description"],
        "structured_data": json.dumps(structured, ensure_ascii=False).replace("<", "\\u003c"),
        "document_body": mark_safe(parts["body"].replace(TRACKERS_HOLE, trackers, 1)),
    }


def document_view(request, page, slug):
    """A published document's page. What it shows of the document is rendered once a day (its
    validity is the day's) and kept until a publication changes anything (portal.fragment_cache):
    a page served from there reads nothing from the database."""
    key = (slug, timezone.localdate().isoformat(), get_language(), settings.DOCUMENT_RELATIONS_PER_GROUP)
    parts = fragment_cache.get("document", *key)
    context = page.get_context(request)
    if parts is None:
        document = (
            LegalDocument.objects.live()
            .select_related("document_type", "issuer")
            .prefetch_related("fields", Prefetch("attachments__file"))
            .filter(slug=slug)
            .first()
        )
        if document is None:
            raise Http404
        parts = render_document_parts(request, {**context, **document_context(request, document)})
        fragment_cache.put("document", key, parts)
    context.update(document_page_parts(request, parts))
    return TemplateResponse(request, "documents/legal_document.html", context)


@require_GET
def document_cover(request, slug):
    """/anh-bia/van-ban/<slug>.svg: a live document's generated cover (portal.covers), while the
    library is live and public; cached for a year at the URL that names its current version
    (LegalDocument.cover_url), for an hour otherwise."""
    if not DocumentLibraryPage.objects.live().public().exists():
        raise Http404
    document = LegalDocument.objects.live().select_related("document_type").filter(slug=slug).first()
    if document is None:
        raise Http404
    version = document.cover_version()
    fresh = request.GET.get("v") == version
    return cover_response(request, document.cover_art(), version, document.updated_at, fresh=fresh)


def relations_view(request, page, slug, kind, direction):
    """One relation group of a document in full ("Xem tất cả"), DOCUMENTS_PAGE_SIZE a page; a page
    number that is not one shows the first page, one beyond the last the last, as in the library."""
    relation_type = RelationType.from_slug(kind)
    if relation_type is None:
        raise Http404
    document = LegalDocument.objects.live().select_related("document_type").filter(slug=slug).first()
    if document is None:
        raise Http404
    rows = relations.relations_of(document, direction).filter(relation_type=relation_type)
    items = Paginator(rows, settings.DOCUMENTS_PAGE_SIZE).get_page(page_param(request.GET))
    if not items.paginator.count:
        raise Http404
    group = relations.RelationGroup(direction, relation_type, items.paginator.count)
    group.items = [
        relations.RelationItem(relation, relations.other_document(relation, direction)) for relation in items
    ]
    url = relations.group_url(document, direction, relation_type)
    canonical = url_with_query(url, {"trang": items.number if items.number > 1 else None})
    context = page.get_context(request)
    context.update(
        {
            "document": document,
            "library_url": singleton_route_url(DocumentLibraryPage, "library"),
            "group": group,
            "items": items,
            "canonical_url": request.build_absolute_uri(canonical),
        }
    )
    return TemplateResponse(request, "documents/relations.html", context)


EXPORT_FIELDS = [
    "so_hieu",
    "loai",
    "co_quan_ban_hanh",
    "trich_yeu",
    "ngay_ban_hanh",
    "ngay_co_hieu_luc",
    "ngay_het_hieu_luc",
    "tinh_trang_hieu_luc",
    "nguoi_ky",
    "chuc_vu_nguoi_ky",
    "linh_vuc",
    "url",
    "duong_dan",
    "quan_he",
]


EXPORT_CHUNK = 2000  # documents read (and their fields and relations prefetched) at a time


EXPORT_COLUMNS = ["pk", "number", "slug", "title", "issued_on", "effective_on", "expires_on", "signer",
                  "signer_title", "document_type__name", "issuer__name", "validity_code"]  # fmt: skip


def export_queryset(query):
    """The listing's documents as plain values, only what the export writes (the full texts stay
    in the database)."""
    return library.results(query).values(*EXPORT_COLUMNS)


def export_rows(request, documents):
    """The export's rows for an iterator of `export_queryset` values: a chunk of documents at a
    time, with their fields and relations read in three queries per chunk, the relations in the
    order they were entered (sort order, then creation)."""
    document_url = absolute_route_url(request, DocumentLibraryPage, "document", "slug")
    statuses = {code: str(label) for code, label in validity.STATUS_LABELS.items()}
    labels = {value: str(label) for value, label in RelationType.choices}
    inverse_labels = {value: str(label) for value, label in INVERSE_LABELS.items()}
    through = LegalDocument.fields.through
    for chunk in itertools.batched(documents, EXPORT_CHUNK):
        ids = [document["pk"] for document in chunk]
        fields, outgoing_of, incoming_of = defaultdict(list), defaultdict(list), defaultdict(list)
        for document_id, name in (
            through.objects.filter(legaldocument_id__in=ids)
            .order_by("legalfield__name")
            .values_list("legaldocument_id", "legalfield__name")
        ):
            fields[document_id].append(name)
        outgoing = (
            DocumentRelation.objects.filter(source_id__in=ids, target__live=True)
            .order_by("sort_order", "pk")
            .values_list("source_id", "relation_type", "target__number", "target__slug")
        )
        for document_id, relation_type, number, slug in outgoing:
            outgoing_of[document_id].append((labels[relation_type], number, slug))
        incoming = (
            DocumentRelation.objects.filter(target_id__in=ids, source__live=True)
            .order_by("sort_order", "pk")
            .values_list("target_id", "relation_type", "source__number", "source__slug")
        )
        for document_id, relation_type, number, slug in incoming:
            incoming_of[document_id].append((inverse_labels[relation_type], number, slug))
        for document in chunk:
            pk = document["pk"]
            yield {
                "so_hieu": document["number"],
                "loai": document["document_type__name"],
                "co_quan_ban_hanh": document["issuer__name"],
                "trich_yeu": document["title"],
                "ngay_ban_hanh": _iso(document["issued_on"]),
                "ngay_co_hieu_luc": _iso(document["effective_on"]),
                "ngay_het_hieu_luc": _iso(document["expires_on"]),
                "tinh_trang_hieu_luc": statuses.get(document["validity_code"], ""),
                "nguoi_ky": document["signer"],
                "chuc_vu_nguoi_ky": document["signer_title"],
                "linh_vuc": fields[pk],
                "url": document_url(document["slug"]),
                "duong_dan": document["slug"],
                "quan_he": [
                    {"quan_he": label, "so_hieu": number or slug, "url": document_url(slug)}
                    for label, number, slug in outgoing_of[pk] + incoming_of[pk]
                ],
            }


def _iso(day):
    return day.isoformat() if day else ""


def export_csv_row(row):
    """A JSON row as a CSV row: the lists joined with "; "."""
    row["linh_vuc"] = "; ".join(row["linh_vuc"])
    row["quan_he"] = "; ".join(f"{r['quan_he']} {r['so_hieu']}" for r in row["quan_he"])
    return row


@require_GET
def legacy_export(request, fmt):
    """The exports' old addresses, /van-ban/export.csv and .json: permanently to the library page's
    "export" route, the filters kept."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    return redirect_to_route(request, DocumentLibraryPage, "export", fmt=fmt)


EXPORT_FORMATS = ("csv", "json")


def export_view(request, fmt):
    """The library's open-data export ("export" route of the library page): CSV or JSON."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if fmt not in EXPORT_FORMATS:
        raise Http404
    query = library.parse(request.GET)
    documents = export_queryset(query)
    filename = f"van-ban.{fmt}"
    if fmt == "json":
        rows = export_rows(request, documents.iterator(chunk_size=EXPORT_CHUNK))
        return json_response({"count": documents.count(), "documents": rows}, filename, indent=1, request=request)
    rows = map(export_csv_row, export_rows(request, documents.iterator(chunk_size=EXPORT_CHUNK)))
    return csv_response(rows, filename, fieldnames=EXPORT_FIELDS, request=request)
