from django import template
from django.core.cache import cache
from django.db.models import Count, Q

from kpi.plan_tasks import TRACKERS_CACHE_KEY, TaskKind

register = template.Library()


def tracker_map():
    """{document id: [(plan slug, number of tasks)]} for the plans with tasks, cached (the
    document page asks on every view; kpi.plan_tasks clears it when a task or plan changes)."""
    trackers = cache.get(TRACKERS_CACHE_KEY)
    if trackers is None:
        from kpi.models import Plan

        trackers = {}
        plans = (
            Plan.objects.filter(document__isnull=False)
            .annotate(total=Count("tasks", filter=Q(tasks__kind=TaskKind.TASK)))
            .filter(total__gt=0)
            .order_by("slug")
            .values_list("document_id", "slug", "total")
        )
        for document_id, slug, total in plans:
            trackers.setdefault(document_id, []).append((slug, total))
        cache.set(TRACKERS_CACHE_KEY, trackers, 60 * 60)
    return trackers


@register.simple_tag
def document_trackers(document):
    """The task trackers of the plans a library document is the text of:
    [{"slug", "url", "total"}] (no query once the map is cached)."""
    if document is None or not getattr(document, "pk", None):
        return []
    found = []
    for slug, total in tracker_map().get(document.pk, []):
        url = plan_tasks_url_for_slug(slug)
        if url:
            found.append({"slug": slug, "url": url, "total": total})
    return found


def plan_tasks_url_for_slug(slug):
    from kpi.models import KpiDashboardPage
    from portal.navigation import singleton_route_url

    return singleton_route_url(KpiDashboardPage, "plan_tasks", plan=slug)
