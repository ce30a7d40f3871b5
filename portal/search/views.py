"""The public search page (/tim-kiem/) and the suggestions of the header's search box."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from portal.search import service
from portal.search.results import LEGACY_PARAMS, MAX_QUERY_LENGTH, page_number, parse_filters


@require_GET
def search_view(request):
    """Every type of content in one list ranked by relevance, with type, year, issuer and validity
    filters; a best bet for a document number or reference code. Never indexed by robots.
    A link with a parameter's old name (?loai=van-ban, before "nhom") is sent to the new one."""
    if any(old in request.GET for old in LEGACY_PARAMS):
        params = request.GET.copy()
        for old, new in LEGACY_PARAMS.items():
            values = params.pop(old, [])
            if values and new not in params:
                params.setlist(new, values)
        return HttpResponsePermanentRedirect(f"{request.path}?{params.urlencode()}")
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if text:
        results = service.search(
            text,
            parse_filters(request.GET),
            page=page_number(request.GET.get("trang")),
            page_size=settings.PORTAL_PAGE_SIZE,
        )
    response = render(request, "portal/search.html", {"query": text, "results": results})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@cache_control(public=True, max_age=60)
def suggest_view(request):
    """Titles matching what has been typed so far, as JSON: {"q": ..., "suggestions": [...]}."""
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    hits = service.suggest(text) if text else []
    return JsonResponse({"q": text, "suggestions": [hit.as_json() for hit in hits]})
