"""Task updates from the units responsible (issue 14, item 3), and their review.

- A unit's staff (Cán bộ số liệu, kpi.UnitStaff names the unit) see the plan tasks their unit leads
  or co-leads, and the tasks given to the bodies their unit succeeded (a task given to Sở Thông tin
  và Truyền thông in 2023 is reported on by Sở Khoa học và Công nghệ since 2025); they send a dated
  update with its evidence (a library document by its số hiệu, or a link). Nothing else.
- The update waits for a reviewer (Người duyệt), who approves it (the task's public status is then
  its latest approved update) or returns it with a note the unit sees. Every step is in Wagtail's
  audit log of the task; the unit's page lists what it sent and what became of it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.widgets import AdminDateInput
from wagtail.log_actions import log

from documents.models import LegalDocument
from documents.text import number_key
from kpi.choices import Review
from kpi.models import UnitStaff
from kpi.plan_tasks import PlanTask, TaskKind, TaskStatus, TaskUpdate
from portal.models import Organisation

NOTE_MAX = 2000


def staff_unit(user):
    """The unit this account reports for, or None."""
    staff = UnitStaff.objects.filter(user=user).select_related("unit").first()
    return staff.unit if staff else None


def units_reported_for(unit):
    """The unit and every body it succeeded, at any distance (the registry's successor links)."""
    found, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = set(Organisation.objects.filter(successor__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def unit_tasks(unit):
    """The tasks `unit` answers for: led or co-led by it or by a body it succeeded."""
    units = units_reported_for(unit)
    ids = PlanTask.objects.filter(Q(lead_unit__in=units) | Q(joint_lead_units__in=units), kind=TaskKind.TASK)
    return PlanTask.objects.filter(pk__in=ids.values("pk"))


class UnitTaskUpdateForm(forms.Form):
    task = forms.ModelChoiceField(queryset=PlanTask.objects.none(), label=_("Nhiệm vụ"))
    date = forms.DateField(label=_("Ngày"), widget=AdminDateInput, initial=timezone.localdate)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=[(c, label) for c, label in TaskStatus.choices if c != TaskStatus.UNKNOWN]
    )
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE_MAX
    )
    evidence_number = forms.CharField(
        label=_("Minh chứng: số hiệu văn bản trong thư viện"),
        required=False,
        max_length=80,
        help_text=_("Ví dụ 681/KH-UBND; viết cách nào cũng được (681 KH UBND)."),
    )
    evidence_url = forms.URLField(label=_("Minh chứng: liên kết"), required=False, assume_scheme="https")

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks.select_related("plan")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("Ngày cập nhật không thể ở tương lai."))
        return date

    def clean_evidence_number(self):
        number = self.cleaned_data["evidence_number"].strip()
        self.evidence_document = None
        if not number:
            return number
        key = number_key(number)
        found = list(LegalDocument.objects.filter(number_key=key).select_related("issuer")[:2]) if key else []
        if not found:
            raise ValidationError(_("Không có văn bản số hiệu “%(number)s” trong thư viện.") % {"number": number})
        if len(found) > 1:
            raise ValidationError(
                _("Nhiều cơ quan có văn bản số hiệu “%(number)s”: hãy dán đường dẫn văn bản vào ô liên kết.")
                % {"number": number}
            )
        self.evidence_document = found[0]
        return number

    def clean(self):
        cleaned = super().clean()
        has_evidence = cleaned.get("evidence_url") or getattr(self, "evidence_document", None)
        if cleaned.get("status") == TaskStatus.DONE and not has_evidence and not self.has_error("evidence_number"):
            self.add_error("evidence_number", _("Báo hoàn thành cần có minh chứng: một văn bản hoặc một liên kết."))
        return cleaned

    def save(self, user):
        data = self.cleaned_data
        return TaskUpdate.objects.create(
            task=data["task"],
            date=data["date"],
            status=data["status"],
            note=data["note"].strip(),
            evidence_document=self.evidence_document,
            evidence_url=data["evidence_url"],
            author=user,
            review=Review.PENDING,
        )


@require_http_methods(["GET", "POST"])
def unit_task_updates(request):
    """The unit's tasks with their public status, the form to send an update, and what was sent."""
    if not request.user.has_perm("kpi.submit_taskupdate"):
        raise PermissionDenied
    unit = staff_unit(request.user)
    tasks = unit_tasks(unit) if unit else PlanTask.objects.none()
    form = UnitTaskUpdateForm(request.POST or None, tasks=tasks, initial={"task": request.GET.get("nhiem_vu")})
    if request.method == "POST":
        if unit is None:
            raise PermissionDenied
        if form.is_valid():
            update = form.save(request.user)
            log(
                instance=update.task,
                action="kpi.task_update.submit",
                user=request.user,
                data={"date": update.date.isoformat(), "status": update.status, "note": update.note},
            )
            messages.success(request, _("Đã gửi cập nhật; cập nhật chỉ công khai sau khi được duyệt."))
            return redirect("kpi_unit_tasks")
        messages.error(request, _("Chưa gửi được: hãy sửa các lỗi bên dưới."))
    sent = (
        TaskUpdate.objects.filter(task__in=tasks)
        .exclude(review=Review.APPROVED)
        .select_related("task", "author", "reviewed_by", "evidence_document")
    )
    approved = TaskUpdate.objects.filter(review=Review.APPROVED)
    listing = (
        tasks.select_related("plan__document", "lead_unit")
        .prefetch_related(Prefetch("updates", queryset=approved))
        .order_by("plan__document__issued_on", "plan", "sort_order", "pk")
    )
    context = {
        "unit": unit,
        "form": form,
        "tasks": listing,
        "sent": list(sent.order_by("-created_at", "-pk")[:100]),
    }
    return TemplateResponse(request, "kpi/admin/unit_tasks.html", context)


# --- review ---------------------------------------------------------------------------------------


def decide(update, reviewer, decision, note="", now=None):
    """Approve (public at once: the task's status follows) or return with a note."""
    update.review = Review.APPROVED if decision == "duyet" else Review.RETURNED
    update.reviewed_by, update.reviewed_at = reviewer, now or timezone.now()
    update.review_note = note if decision == "tra_lai" else ""
    update.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
    log(
        instance=update.task,
        action="kpi.task_update.approve" if decision == "duyet" else "kpi.task_update.return",
        user=reviewer,
        data={"date": update.date.isoformat(), "status": update.status, "note": note},
    )


def decide_chosen(request, pending, act):
    """A review queue's POST: the chosen rows of `pending`, locked and still pending (two reviewers
    never decide the same row twice), passed with the decision ("duyet" or "tra_lai") and the note
    to `act(rows, decision, note)` in one transaction. Returns (decision, rows), or None after
    showing what is missing (no row chosen, no decision, a return without its note)."""
    ids = [int(value) for value in request.POST.getlist("chon") if value.isdigit()]
    decision, note = request.POST.get("quyet_dinh"), request.POST.get("ghi_chu", "").strip()
    error = None
    if not ids:
        error = _("Hãy chọn ít nhất một mục.")
    elif decision not in ("duyet", "tra_lai"):
        error = _("Hãy chọn duyệt hoặc trả lại.")
    elif decision == "tra_lai" and not note:
        error = _("Khi trả lại, hãy ghi lý do để đơn vị sửa.")
    if error:
        messages.error(request, error)
        return None
    with transaction.atomic():
        chosen = list(pending.filter(pk__in=ids).select_for_update(of=("self",)))
        act(chosen, decision, note)
    return decision, chosen


@require_http_methods(["GET", "POST"])
def task_review_queue(request):
    """Task updates waiting for review, oldest first."""
    if not request.user.has_perm("kpi.review_taskupdate"):
        raise PermissionDenied
    pending = TaskUpdate.objects.filter(review=Review.PENDING).select_related(
        "task__plan", "task__lead_unit", "author", "evidence_document"
    )
    if request.method == "POST":

        def act(chosen, decision, note):
            for update in chosen:
                decide(update, request.user, decision, note)

        decided = decide_chosen(request, pending, act)
        if decided:
            decision, chosen = decided
            if decision == "duyet":
                messages.success(request, _("Đã duyệt %(count)s cập nhật; đã công khai.") % {"count": len(chosen)})
            else:
                messages.success(request, _("Đã trả lại %(count)s cập nhật.") % {"count": len(chosen)})
            return redirect("kpi_task_review")
    context = {"pending": list(pending.order_by("created_at", "pk")[:500]), "total": pending.count()}
    return TemplateResponse(request, "kpi/admin/task_review.html", context)
