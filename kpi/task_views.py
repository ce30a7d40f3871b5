"""The public pages of the plans' tasks, as routes of the KPI dashboard page (/chi-tieu/):

- ke-hoach/nhiem-vu/                          plans with tasks and their roll-up (two segments: the
                                              dashboard's own "<indicator>/" route takes one)
- ke-hoach/<plan>/nhiem-vu/                   a plan's tasks by section
- ke-hoach/<plan>/nhiem-vu/theo-don-vi/       the same tasks grouped by lead unit
- ke-hoach/<plan>/nhiem-vu/qua-han/           its overdue tasks
- don-vi/<unit>/                              a unit's tasks across plans

Every page reads in a constant number of queries (tasks with their units and updates prefetched).
"""

import functools

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.routable_page.models import path


def read_only(method):
    """A route that only reads: any other method than GET or HEAD gets 405."""

    @functools.wraps(method)
    def route(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return method(self, request, *args, **kwargs)

    return route


class PlanTaskRoutes:
    """Mixed into KpiDashboardPage: the task pages are routes of the one dashboard page. They
    only read: any other method than GET or HEAD is refused."""

    @path("ke-hoach/nhiem-vu/", name="task_plans")
    @read_only
    def task_plans(self, request):
        return plans_view(request, self)

    @path("ke-hoach/<slug:plan>/nhiem-vu/", name="plan_tasks")
    @read_only
    def plan_tasks(self, request, plan):
        return plan_tasks_view(request, self, plan, "sections")

    @path("ke-hoach/<slug:plan>/nhiem-vu/theo-don-vi/", name="plan_tasks_by_unit")
    @read_only
    def plan_tasks_by_unit(self, request, plan):
        return plan_tasks_view(request, self, plan, "units")

    @path("ke-hoach/<slug:plan>/nhiem-vu/qua-han/", name="plan_tasks_overdue")
    @read_only
    def plan_tasks_overdue(self, request, plan):
        return plan_tasks_view(request, self, plan, "overdue")

    @path("don-vi/<slug:unit>/", name="unit_tasks")
    @read_only
    def unit_tasks(self, request, unit):
        return unit_tasks_view(request, self, unit)


def tasks_queryset():
    from kpi.choices import Review
    from kpi.plan_tasks import PlanTask, TaskUpdate

    # Only approved updates are public; what a unit sent waits for a reviewer (kpi/task_entry.py).
    updates = TaskUpdate.objects.filter(review=Review.APPROVED).select_related(
        "evidence_document__document_type", "evidence_article"
    )
    return PlanTask.objects.select_related("lead_unit__successor", "plan").prefetch_related(
        "joint_lead_units", "co_units", Prefetch("updates", queryset=updates)
    )


def _plan(slug):
    from kpi.models import Plan

    plan = Plan.objects.select_related("document__document_type", "place").filter(slug=slug).first()
    if plan is None:
        raise Http404
    return plan


def group_by_section(tasks):
    groups = []
    for task in tasks:
        if not groups or groups[-1]["label"] != task.section:
            groups.append({"label": task.section, "tasks": []})
        groups[-1]["tasks"].append(task)
    return groups


def group_by_unit(tasks):
    """Groups keyed by each lead unit of the registry (a task led jointly is in each of its
    leads' groups), then by the lead as the plan states it when it names no unit of the registry."""
    groups = {}
    for task in tasks:
        leads = task.leads
        if leads:
            for unit in leads:
                groups.setdefault(("unit", unit.pk), {"unit": unit, "label": unit.name, "tasks": []})["tasks"].append(
                    task
                )
        else:
            label = task.lead_text or ""
            groups.setdefault(("text", label), {"unit": None, "label": label, "tasks": []})["tasks"].append(task)
    ordered = sorted(groups.values(), key=lambda g: (g["unit"] is None, g["label"] == "", g["label"]))
    return ordered


def plan_tasks_view(request, page, slug, view):
    from kpi.plan_tasks import ROLLUP_RULE, TaskKind, rollup

    plan = _plan(slug)
    today = timezone.localdate()
    rows = list(tasks_queryset().filter(plan=plan).order_by("sort_order", "pk"))
    tasks = [t for t in rows if t.kind == TaskKind.TASK]
    priorities = [t for t in rows if t.kind == TaskKind.PRIORITY]
    overdue = [t for t in tasks if t.is_overdue(today)]
    lapsed = [t for t in tasks if t.is_lapsed_unknown(today)]
    context = page.get_context(request)
    context.update(
        {
            "plan": plan,
            "view": view,
            "today": today,
            "summary": rollup(rows, today),
            "rule": ROLLUP_RULE,
            "priorities": priorities if view == "sections" else [],
            "overdue": overdue,
            "lapsed": lapsed,
            "sections": group_by_section(tasks) if view == "sections" else [],
            "units": group_by_unit(tasks) if view == "units" else [],
            "inferred": any(t.unit_note for t in rows),
        }
    )
    return TemplateResponse(request, "kpi/tasks/plan_tasks.html", context)


def unit_tasks_view(request, page, slug):
    from kpi.plan_tasks import ROLLUP_RULE, rollup
    from portal.models import Organisation

    unit = Organisation.objects.select_related("successor", "parent").filter(slug=slug).first()
    if unit is None:
        raise Http404
    today = timezone.localdate()
    tasks = list(
        tasks_queryset()
        .select_related("plan__document__document_type", "plan__place")
        .filter(Q(lead_unit=unit) | Q(joint_lead_units=unit) | Q(co_units=unit))
        .distinct()
        .order_by("plan__slug", "sort_order", "pk")
    )
    led = [t for t in tasks if t.lead_unit_id == unit.pk or any(u.pk == unit.pk for u in t.joint_lead_units.all())]
    co = [t for t in tasks if t not in led]
    context = page.get_context(request)
    context.update(
        {
            "unit": unit,
            "today": today,
            "successor": unit.current_successor(today) if unit.successor_id else None,
            "predecessors": list(unit.predecessors.order_by("name")),
            "summary": rollup(led, today),
            "rule": ROLLUP_RULE,
            "led_groups": _by_plan(led),
            "co_groups": _by_plan(co),
        }
    )
    return TemplateResponse(request, "kpi/tasks/unit_tasks.html", context)


def _by_plan(tasks):
    groups = []
    for task in tasks:
        if not groups or groups[-1]["plan"].pk != task.plan_id:
            groups.append({"plan": task.plan, "tasks": []})
        groups[-1]["tasks"].append(task)
    return groups


def plans_view(request, page):
    from kpi.models import Plan
    from kpi.plan_tasks import ROLLUP_RULE, PlanTask, rollup

    light = PlanTask.objects.only("plan_id", "kind", "status", "due_date")
    plans = list(
        Plan.objects.select_related("document__document_type", "place")
        .annotate(n_tasks=Count("tasks"))
        .filter(n_tasks__gt=0)
        .prefetch_related(Prefetch("tasks", queryset=light))
        .order_by("place__area_name", "slug")
    )
    today = timezone.localdate()
    rows = [{"plan": plan, "summary": rollup(plan.tasks.all(), today)} for plan in plans]
    context = page.get_context(request)
    context.update({"rows": rows, "rule": ROLLUP_RULE})
    return TemplateResponse(request, "kpi/tasks/plans.html", context)
