"""The plans' tasks in the Wagtail admin (imported by kpi/wagtail_hooks.py): a menu group
"Nhiệm vụ kế hoạch" with the tasks (their dated updates as an inline panel) and the updates'
history, filterable by plan, unit and status. Editing needs the models' ordinary permissions
(kpi.add_plantask, kpi.change_plantask, ...), given to groups in the admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kpi.plan_tasks import PlanTask, TaskUpdate


class PlanTaskViewSet(SnippetViewSet):
    model = PlanTask
    icon = "list-ul"
    menu_label = _("Nhiệm vụ")
    list_display = ["__str__", "plan", "lead_unit", "deadline_text", "status", "status_on"]
    list_filter = ["plan", "kind", "status", "lead_unit", "co_units"]
    search_fields = ["text", "lead_text", "number"]
    list_export = ["plan", "number", "text", "lead_text", "co_text", "deadline_text", "due_date", "status", "status_on"]
    export_filename = "nhiem-vu"
    ordering = ["plan", "sort_order"]

    def get_queryset(self, request):
        return PlanTask.objects.select_related("plan__document__document_type", "plan__place", "lead_unit")


class TaskUpdateViewSet(SnippetViewSet):
    model = TaskUpdate
    icon = "history"
    menu_label = _("Lịch sử cập nhật")
    list_display = ["task", "date", "status", "author", "created_at", "review"]
    list_filter = ["task__plan", "status", "task__lead_unit", "review"]
    search_fields = ["note"]
    ordering = ["-date", "-pk"]
    # On its own an update names its task (inside a task's form the task is implied).
    panels = [
        FieldPanel("task"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("status")]),
        FieldPanel("note"),
        FieldPanel("evidence_document"),
        FieldPanel("evidence_article"),
        FieldPanel("evidence_url"),
    ]

    def get_queryset(self, request):
        return TaskUpdate.objects.select_related("task", "author", "reviewed_by")


class PlanTaskGroup(SnippetViewSetGroup):
    menu_label = _("Nhiệm vụ kế hoạch")
    menu_icon = "list-ul"
    menu_order = 271
    items = (PlanTaskViewSet, TaskUpdateViewSet)


register_snippet(PlanTaskGroup)


@hooks.register("before_edit_snippet")
def remember_existing_updates(request, instance):
    if isinstance(instance, PlanTask):
        request.kpi_existing_task_updates = set(instance.updates.values_list("pk", flat=True))


def _record(request, added):
    """Who recorded the updates just added: a reviewer's are public at once and say who approved
    them; anyone else's wait for a reviewer, like a unit's (kpi/task_entry.py)."""
    from django.utils import timezone

    from kpi.choices import Review
    from kpi.plan_tasks import sync_task_status

    if request.user.has_perm("kpi.review_taskupdate"):
        added.update(author=request.user, reviewed_by=request.user, reviewed_at=timezone.now())
        return
    task_ids = set(added.values_list("task_id", flat=True))
    added.update(author=request.user, review=Review.PENDING)
    for task_id in task_ids:  # update() sends no signal, and the form saved them as approved
        sync_task_status(task_id)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_who_updated(request, instance):
    """An update added in the admin records its author; the ones there before keep theirs."""
    if isinstance(instance, PlanTask):
        existing = getattr(request, "kpi_existing_task_updates", set())
        _record(request, instance.updates.filter(author__isnull=True).exclude(pk__in=existing))


@hooks.register("after_create_snippet")
def record_who_added_an_update(request, instance):
    """An update created on its own records its author; editing one later (an imported update
    without an author, say) claims nothing."""
    if isinstance(instance, TaskUpdate) and instance.author_id is None:
        _record(request, TaskUpdate.objects.filter(pk=instance.pk))
