from django import template
from django.db.models import Count, Q

from kpi.models import Plan
from kpi.plan_tasks import TaskKind, plan_tasks_url

register = template.Library()


@register.simple_tag
def document_trackers(document):
    """The task trackers of the plans a library document is the text of (one query):
    [{"plan", "url", "total"}], for plans with at least one task."""
    if document is None or not getattr(document, "pk", None):
        return []
    plans = (
        Plan.objects.filter(document_id=document.pk)
        .annotate(total=Count("tasks", filter=Q(tasks__kind=TaskKind.TASK)))
        .filter(total__gt=0)
        .order_by("slug")
    )
    trackers = []
    for plan in plans:
        url = plan_tasks_url(plan)
        if url:
            trackers.append({"plan": plan, "url": url, "total": plan.total})
    return trackers
