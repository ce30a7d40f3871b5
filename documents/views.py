import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.rich_text import expand_db_html

from documents import library
from documents.citations import link_citations
from documents.models import DocumentLibraryPage, DocumentRelation, LegalDocument, LegalField
from documents.toc import add_heading_anchors
from portal.navigation import absolute_route_url, redirect_to_route, singleton_route_url
from portal.params import page_param
from portal.streaming import csv_response, json_response

LEGAL_FORCE = {
    "con-hieu-luc": "InForce",
    "het-hieu-luc-mot-phan": "PartiallyInForce",
    "het-hieu-luc-toan-bo": "NotInForce",
    "chua-co-hieu-luc": "NotInForce",
}


def library_view(request, page):
    query = library.parse(request.GET)
    documents = library.results(query)
    paginator = Paginator(documents, settings.DOCUMENTS_PAGE_SIZE)
    page_obj = paginator.get_page(page_param(request.GET))
    context = page.get_context(request)
    context.update(
        {
            "library_query": query,
            "documents": page_obj,
            "facets": library.facets(query),
            "sorts": [(key, label) for key, (label, _order) in library.SORTS.items()],
        }
    )
    return TemplateResponse(request, "documents/document_library_page.html", context)


def _relations_prefetch():
    return [
        Prefetch(
            "relations",
            queryset=DocumentRelation.objects.filter(target__live=True).select_related(
                "target__document_type", "target__issuer"
            ),
        ),
        Prefetch(
            "incoming_relations",
            queryset=DocumentRelation.objects.filter(source__live=True).select_related(
                "source__document_type", "source__issuer"
            ),
        ),
    ]


def document_context(request, document, preview=False):
    incoming = list(document.incoming_relations.all())
    state = document.validity_on(incoming=incoming)
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
        "url": request.build_absolute_uri(document.get_absolute_url()),
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
        "outgoing": list(document.relations.all()),
        "incoming": incoming,
        "citations": citations,
        "structured_data": json.dumps(structured, ensure_ascii=False).replace("<", "\\u003c"),
        "is_preview": preview,
    }


def document_view(request, page, slug):
    document = (
        LegalDocument.objects.live()
        .select_related("document_type", "issuer")
        .prefetch_related("fields", Prefetch("attachments__file"), *_relations_prefetch())
        .filter(slug=slug)
        .first()
    )
    if document is None:
        raise Http404
    context = page.get_context(request)
    context.update(document_context(request, document))
    return TemplateResponse(request, "documents/legal_document.html", context)


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


def export_queryset(query):
    """The listing's documents with only what the export writes: the full texts stay in the
    database; fields and relations come per chunk of `.iterator(chunk_size=EXPORT_CHUNK)`, the
    relations in the order they were entered (sort order, then creation)."""
    related = ("number", "slug", "live")
    columns = ["number", "slug", "title", "issued_on", "effective_on", "expires_on", "signer", "signer_title"]
    return (
        library.results(query)
        .only(*columns, "document_type__name", "issuer__name")
        .prefetch_related(
            Prefetch("fields", queryset=LegalField.objects.only("name")),
            Prefetch(
                "relations",
                queryset=DocumentRelation.objects.filter(target__live=True)
                .select_related("target")
                .only("source_id", "relation_type", *(f"target__{name}" for name in related))
                .order_by("sort_order", "pk"),
            ),
            Prefetch(
                "incoming_relations",
                queryset=DocumentRelation.objects.filter(source__live=True)
                .select_related("source")
                .only("target_id", "relation_type", *(f"source__{name}" for name in related))
                .order_by("sort_order", "pk"),
            ),
        )
    )


def export_rows(request, documents):
    document_url = absolute_route_url(request, DocumentLibraryPage, "document", "slug")
    for document in documents:
        yield {
            "so_hieu": document.number,
            "loai": document.document_type.name,
            "co_quan_ban_hanh": document.issuer.name,
            "trich_yeu": document.title,
            "ngay_ban_hanh": document.issued_on.isoformat() if document.issued_on else "",
            "ngay_co_hieu_luc": document.effective_on.isoformat() if document.effective_on else "",
            "ngay_het_hieu_luc": document.expires_on.isoformat() if document.expires_on else "",
            "tinh_trang_hieu_luc": str(document.validity_label),
            "nguoi_ky": document.signer,
            "chuc_vu_nguoi_ky": document.signer_title,
            "linh_vuc": [f.name for f in document.fields.all()],
            "url": document_url(document.slug),
            "duong_dan": document.slug,
            "quan_he": [
                {
                    "quan_he": str(r.label),
                    "so_hieu": r.target.number or r.target.slug,
                    "url": document_url(r.target.slug),
                }
                for r in document.relations.all()
            ]
            + [
                {
                    "quan_he": str(r.inverse_label),
                    "so_hieu": r.source.number or r.source.slug,
                    "url": document_url(r.source.slug),
                }
                for r in document.incoming_relations.all()
            ],
        }


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
