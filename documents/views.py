import csv
import json

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.rich_text import expand_db_html

from documents import library
from documents.citations import link_citations
from documents.models import DocumentLibraryPage, DocumentRelation, LegalDocument
from documents.toc import add_heading_anchors
from documents.validity import ValidityStatus
from portal.navigation import redirect_to_route, singleton_route_url
from portal.params import page_param

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


def export_rows(request, query):
    documents = library.results(query).prefetch_related("fields", *_relations_prefetch())
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
            "url": request.build_absolute_uri(document.url),
            "duong_dan": document.slug,
            "quan_he": [
                {
                    "quan_he": str(r.label),
                    "so_hieu": r.target.number or r.target.slug,
                    "url": request.build_absolute_uri(r.target.url),
                }
                for r in document.relations.all()
            ]
            + [
                {
                    "quan_he": str(r.inverse_label),
                    "so_hieu": r.source.number or r.source.slug,
                    "url": request.build_absolute_uri(r.source.url),
                }
                for r in document.incoming_relations.all()
            ],
        }


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
    rows = export_rows(request, query)
    if fmt == "json":
        data = list(rows)
        body = json.dumps({"count": len(data), "documents": data}, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so that spreadsheet programs read UTF-8
        writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        for row in rows:
            row["linh_vuc"] = "; ".join(row["linh_vuc"])
            row["quan_he"] = "; ".join(f"{r['quan_he']} {r['so_hieu']}" for r in row["quan_he"])
            writer.writerow(row)
    response["Content-Disposition"] = f'attachment; filename="van-ban.{fmt}"'
    return response
