from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page


@require_GET
def search(request):
    """Search every published page. The Vietnamese-aware service of the search issue replaces this."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        pages = Page.objects.live().public().exclude(depth__lte=1).search(query)
        results = Paginator(pages, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "portal/search.html", {"query": query, "results": results})
