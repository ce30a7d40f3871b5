"""A plan's tasks (nhiệm vụ) as structured records, with dated status updates and their evidence.

A task keeps what the plan says: its number and section as the plan numbers them, its text, the
passage quoted, the unit(s) named to lead it and to co-ordinate, and the deadline in the plan's own
words ("Quý 1 năm 2023", "Tháng 1 năm 2024", "hằng quý"). Units are bodies of the one registry
(portal.Organisation) as they were when the plan was made: a task given to Sở Thông tin và Truyền
thông stays with it after the 2025 reorganisation (the unit's page names its successor).

The status moves only through dated updates (TaskUpdate), which are kept as history; the task's
`status` is the status of its latest approved update ("chưa rõ" while it has none). An update that
a unit's staff send for their own unit's task (kpi/task_entry.py) waits for a reviewer; one that an
editor or reviewer records in the task's admin form is approved as it is saved.

Roll-up rule (ROLLUP_RULE, also shown on the public pages): over a plan's or a unit's tasks (the
"ưu tiên" rows a plan lists are not tasks and are not counted), the count per status, and
% done = tasks "hoàn thành" ÷ all tasks (rounded down). A task whose status is unknown counts in
the total, so that missing information never raises the percentage. A task is overdue when its due
date has passed and its latest status says it is not finished (chưa triển khai, đang thực hiện); past
its due date with no known status it is "hết hạn, chưa rõ kết quả", counted apart: the portal does
not call late what it knows nothing about.
"""

import calendar
import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from kpi.choices import Review


class TaskStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Chưa rõ")
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    STOPPED = "stopped", _("Dừng, không thực hiện")


STATUS_ORDER = [s.value for s in TaskStatus]
CLOSED_STATUSES = {TaskStatus.DONE, TaskStatus.STOPPED}

ROLLUP_RULE = _(
    "Tỷ lệ hoàn thành = số nhiệm vụ “Hoàn thành” ÷ tổng số nhiệm vụ (làm tròn xuống). Nhiệm vụ "
    "“Chưa rõ” tình trạng vẫn tính vào tổng, nên thiếu thông tin không làm tăng tỷ lệ. Các “ưu tiên” "
    "kế hoạch nêu không phải nhiệm vụ và không được tính. Hạn của nhiệm vụ là ngày cuối của kỳ kế hoạch "
    "ghi (hết quý, hết tháng, hết năm); thời hạn lặp lại (hằng quý, hằng năm) không có hạn. Một nhiệm vụ "
    "quá hạn khi hạn đã qua và tình trạng mới nhất là “Chưa triển khai” hoặc “Đang thực hiện”; hạn đã qua "
    "mà tình trạng “Chưa rõ” thì được ghi riêng là “hết hạn, chưa rõ kết quả”, không tính là quá hạn."
)


class TaskKind(models.TextChoices):
    TASK = "task", _("Nhiệm vụ")
    PRIORITY = "priority", _("Ưu tiên")


# ------------------------------------------------------------------------------ deadlines

_QUARTER = re.compile(r"qu[ýy]\s+((?:0?[1-4]\s*(?:,|và|-|–)?\s*)+)\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_MONTH = re.compile(r"tháng\s+(0?[1-9]|1[0-2])\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(?:trong\s+)?năm\s+(\d{4})\s*$", re.IGNORECASE)


def due_date_from_text(text):
    """The last day of the period a deadline names, or None when it names none (or recurs).

    "Quý 1 năm 2023" -> 31/3/2023; "Quý 2, 3, 4 năm 2023" -> 31/12/2023 (the last quarter named);
    "Tháng 1 năm 2024" -> 31/1/2024; "Năm 2024" -> 31/12/2024; "hằng quý", "hằng năm" -> None."""
    text = " ".join((text or "").split())
    if not text or re.search(r"h[ằà]ng\s+(năm|quý|tháng)|định kỳ", text, re.IGNORECASE):
        return None
    match = _QUARTER.search(text)
    if match:
        quarter = max(int(q) for q in re.findall(r"\d", match.group(1)))
        year = int(match.group(2))
        month = quarter * 3
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    match = _MONTH.search(text)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    match = _YEAR.match(text)
    if match:
        return datetime.date(int(match.group(1)), 12, 31)
    return None


# ------------------------------------------------------------------------------ models


class PlanTask(index.Indexed, ClusterableModel):
    plan = models.ForeignKey("kpi.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("loại"), max_length=12, choices=TaskKind.choices, default=TaskKind.TASK)
    key = models.SlugField(
        _("mã"), max_length=60, blank=True, help_text=_("Mã ổn định trong kế hoạch (dùng khi nạp dữ liệu khởi tạo).")
    )
    number = models.CharField(
        _("số thứ tự"), max_length=30, blank=True, help_text=_("Như kế hoạch đánh số (ví dụ II.2.a, 3).")
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0, db_index=True)
    section = models.CharField(
        _("phần, mục"), max_length=300, blank=True, help_text=_("Phần của kế hoạch chứa nhiệm vụ, như văn bản ghi.")
    )
    text = models.TextField(_("nội dung nhiệm vụ"))
    passage = models.TextField(_("đoạn trích"), help_text=_("Đoạn văn bản kế hoạch nêu nhiệm vụ, trích nguyên văn."))
    lead_unit = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_plan_tasks",
    )
    joint_lead_units = models.ManyToManyField(
        "portal.Organisation",
        verbose_name=_("đơn vị cùng chủ trì, thực hiện"),
        blank=True,
        related_name="joint_led_plan_tasks",
        help_text=_("Khi kế hoạch giao cho nhiều đơn vị cùng thực hiện."),
    )
    co_units = models.ManyToManyField(
        "portal.Organisation",
        verbose_name=_("đơn vị phối hợp"),
        blank=True,
        related_name="co_ordinated_plan_tasks",
    )
    lead_text = models.CharField(
        _("đơn vị chủ trì (như kế hoạch ghi)"),
        max_length=500,
        blank=True,
        help_text=_("Nguyên văn, kể cả khi kế hoạch giao cho một nhóm (ví dụ “Các sở, ban, ngành”)."),
    )
    co_text = models.CharField(_("đơn vị phối hợp (như kế hoạch ghi)"), max_length=500, blank=True)
    unit_note = models.TextField(
        _("ghi chú về đơn vị"),
        blank=True,
        help_text=_("Ghi rõ khi đơn vị trong danh mục được suy ra từ tên kế hoạch ghi, hoặc khi không gắn được."),
    )
    deadline_text = models.CharField(
        _("thời hạn (như kế hoạch ghi)"), max_length=200, blank=True, help_text=_("Ví dụ: Quý 1 năm 2023; hằng năm.")
    )
    due_date = models.DateField(
        _("hạn (ngày)"),
        null=True,
        blank=True,
        help_text=_("Ngày cuối của kỳ hạn; để trống sẽ tự tính từ thời hạn (hết quý, hết tháng, hết năm)."),
    )
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.UNKNOWN, editable=False
    )
    status_on = models.DateField(_("ngày cập nhật tình trạng"), null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("plan"), FieldPanel("kind"), FieldPanel("number"), FieldPanel("sort_order")]),
        FieldPanel("section"),
        FieldPanel("text"),
        FieldPanel("passage"),
        MultiFieldPanel(
            [
                FieldPanel("lead_text"),
                FieldPanel("lead_unit"),
                FieldPanel("joint_lead_units"),
                FieldPanel("co_text"),
                FieldPanel("co_units"),
                FieldPanel("unit_note"),
            ],
            heading=_("Đơn vị"),
        ),
        FieldRowPanel([FieldPanel("deadline_text"), FieldPanel("due_date")]),
        InlinePanel(
            "updates",
            label=_("Cập nhật tình trạng"),
            help_text=_("Tình trạng của nhiệm vụ là tình trạng của lần cập nhật mới nhất; các lần trước được giữ lại."),
        ),
    ]
    search_fields = [
        index.SearchField("text"),
        index.AutocompleteField("text"),
        index.SearchField("lead_text"),
        index.FilterField("plan_id"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("nhiệm vụ kế hoạch")
        verbose_name_plural = _("các nhiệm vụ kế hoạch")
        ordering = ["plan", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], condition=~Q(key=""), name="unique_plan_task_key"),
        ]

    def __str__(self):
        label = f"{self.number}. " if self.number else ""
        text = " ".join(self.text.split())
        return f"{label}{text[:90]}{'…' if len(text) > 90 else ''}"

    def clean(self):
        super().clean()
        if not " ".join(self.passage.split()):
            raise ValidationError({"passage": _("Hãy trích đoạn văn bản nêu nhiệm vụ.")})

    def save(self, *args, **kwargs):
        if self.due_date is None:
            self.due_date = due_date_from_text(self.deadline_text)
        self.refresh_status()
        super().save(*args, **kwargs)

    def refresh_status(self):
        """The status of the latest approved update (by date, then entry order); "chưa rõ" with none."""
        latest = self.latest_update()
        self.status = latest.status if latest else TaskStatus.UNKNOWN
        self.status_on = latest.date if latest else None

    def latest_update(self):
        updates = self.public_updates()
        if not updates:
            return None
        return max(updates, key=lambda u: (u.date, u.pk or 0))

    def public_updates(self):
        """The approved updates (from the prefetched updates when there are)."""
        return [update for update in self.updates.all() if update.review == Review.APPROVED]

    def history(self):
        """The approved updates, newest first."""
        return sorted(self.public_updates(), key=lambda u: (u.date, u.pk or 0), reverse=True)

    def is_past_due(self, today=None):
        return self.due_date is not None and self.due_date < (today or timezone.localdate())

    def is_overdue(self, today=None):
        """Past its due date and known not to be finished (chưa triển khai, đang thực hiện)."""
        return self.is_past_due(today) and self.status not in CLOSED_STATUSES and self.status != TaskStatus.UNKNOWN

    def is_lapsed_unknown(self, today=None):
        """Past its due date with no known status: the portal cannot say whether it is late."""
        return self.is_past_due(today) and self.status == TaskStatus.UNKNOWN

    @property
    def leads(self):
        """The registry units leading the task: the lead, then the joint leads (prefetched)."""
        units = [self.lead_unit] if self.lead_unit_id else []
        return units + [u for u in self.joint_lead_units.all() if u.pk != self.lead_unit_id]


class TaskUpdate(models.Model):
    task = ParentalKey(PlanTask, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("ngày"), default=timezone.localdate)
    status = models.CharField(_("tình trạng"), max_length=20, choices=TaskStatus.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    evidence_document = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("minh chứng: văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Any page of the portal (a news article, a bulletin): a page, not news' model, so that kpi
    # builds on documents alone (tests/portal/test_import_graph.py's rule, migrations included).
    evidence_article = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("minh chứng: bài viết, trang tin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence_url = models.URLField(_("minh chứng: liên kết"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    review = models.CharField(_("duyệt"), max_length=10, choices=Review.choices, default=Review.APPROVED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("lúc duyệt"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("ghi chú khi duyệt"), blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("status")]),
        FieldPanel("note"),
        FieldPanel("evidence_document"),
        FieldPanel("evidence_article"),
        FieldPanel("evidence_url"),
    ]

    class Meta:
        verbose_name = _("cập nhật nhiệm vụ")
        verbose_name_plural = _("các cập nhật nhiệm vụ")
        ordering = ["-date", "-pk"]
        permissions = [
            ("submit_taskupdate", _("Gửi cập nhật nhiệm vụ của đơn vị mình")),
            ("review_taskupdate", _("Duyệt cập nhật nhiệm vụ trước khi công khai")),
        ]
        indexes = [models.Index(fields=["review", "task"], name="taskupdate_review")]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        sync_task_status(self.task_id)

    def delete(self, *args, **kwargs):
        task_id = self.task_id
        result = super().delete(*args, **kwargs)
        sync_task_status(task_id)
        return result

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Ngày cập nhật không thể ở tương lai.")})

    @property
    def has_evidence(self):
        return bool(self.evidence_document_id or self.evidence_article_id or self.evidence_url)


def sync_task_status(task_id):
    """Sets a task's stored status from its approved updates in the database (after one is saved or
    deleted on its own, not through the task's form)."""
    latest = TaskUpdate.objects.filter(task_id=task_id, review=Review.APPROVED).order_by("-date", "-pk").first()
    PlanTask.objects.filter(pk=task_id).update(
        status=latest.status if latest else TaskStatus.UNKNOWN, status_on=latest.date if latest else None
    )


# ------------------------------------------------------------------------------ roll-up


def rollup(tasks, today=None):
    """Counts per status, total, done, % done and overdue over `tasks` (an iterable of PlanTask
    already loaded); "ưu tiên" rows are left out. The rule is ROLLUP_RULE."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(STATUS_ORDER, 0)
    overdue = lapsed = 0
    for task in tasks:
        if task.kind != TaskKind.TASK:
            continue
        counts[task.status] += 1
        overdue += task.is_overdue(today)
        lapsed += task.is_lapsed_unknown(today)
    total = sum(counts.values())
    done = counts[TaskStatus.DONE]
    return {
        "total": total,
        "done": done,
        "percent_done": (done * 100 // total) if total else None,
        "overdue": overdue,
        "lapsed_unknown": lapsed,
        "unknown": counts[TaskStatus.UNKNOWN],
        "counts": [(code, TaskStatus(code).label, counts[code]) for code in STATUS_ORDER],
        "by_status": counts,
    }


def plan_tasks_url(plan):
    """The public page of a plan's tasks (a route of the KPI dashboard), or None without a dashboard."""
    from kpi.models import KpiDashboardPage
    from portal.navigation import singleton_route_url

    return singleton_route_url(KpiDashboardPage, "plan_tasks", plan=plan.slug)


# ------------------------------------------------------------------------------ page caches


def task_page_urls(plan_ids, unit_ids):
    """The public pages that show these plans' and units' tasks: the plans' three views, the units'
    pages and the index of plans (full URLs, as the page caches purge them)."""
    from kpi.models import KpiDashboardPage, Plan
    from portal.models import Organisation

    page = KpiDashboardPage.objects.live().first()
    base = page.get_full_url() if page is not None else None
    if not base:
        return []
    base = base.rstrip("/") + "/"
    urls = [base + page.reverse_subpage("task_plans")]
    for slug in Plan.objects.filter(pk__in=plan_ids).values_list("slug", flat=True):
        for route in ("plan_tasks", "plan_tasks_by_unit", "plan_tasks_overdue"):
            urls.append(base + page.reverse_subpage(route, kwargs={"plan": slug}))
    for slug in Organisation.objects.filter(pk__in=unit_ids).values_list("slug", flat=True):
        urls.append(base + page.reverse_subpage("unit_tasks", kwargs={"unit": slug}))
    return urls


TRACKERS_CACHE_KEY = "kpi:plan-task-trackers"


def clear_tracker_map(**kwargs):
    """The documents' links to their plans' trackers (kpi.templatetags.plan_task_tags) are cached."""
    from django.core.cache import cache

    cache.delete(TRACKERS_CACHE_KEY)


def purge_task_pages(task):
    from portal import page_cache

    if not page_cache.purging() or task is None:
        return
    units = {task.lead_unit_id} if task.lead_unit_id else set()
    if task.pk:
        units |= set(
            PlanTask.joint_lead_units.through.objects.filter(plantask_id=task.pk).values_list(
                "organisation_id", flat=True
            )
        )
        units |= set(
            PlanTask.co_units.through.objects.filter(plantask_id=task.pk).values_list("organisation_id", flat=True)
        )
    page_cache.purge(task_page_urls([task.plan_id], units))


@receiver(post_save, sender=PlanTask, dispatch_uid="kpi-purge-task-saved")
@receiver(post_delete, sender=PlanTask, dispatch_uid="kpi-purge-task-deleted")
def _purge_on_task_change(sender, instance, **kwargs):
    clear_tracker_map()
    purge_task_pages(instance)


post_save.connect(clear_tracker_map, sender="kpi.Plan", dispatch_uid="kpi-trackers-plan-saved")
post_delete.connect(clear_tracker_map, sender="kpi.Plan", dispatch_uid="kpi-trackers-plan-deleted")


@receiver(post_save, sender=TaskUpdate, dispatch_uid="kpi-purge-update-saved")
@receiver(post_delete, sender=TaskUpdate, dispatch_uid="kpi-purge-update-deleted")
def _purge_on_update_change(sender, instance, **kwargs):
    purge_task_pages(PlanTask.objects.filter(pk=instance.task_id).first())


@receiver(m2m_changed, sender=PlanTask.joint_lead_units.through, dispatch_uid="kpi-purge-joint-leads")
@receiver(m2m_changed, sender=PlanTask.co_units.through, dispatch_uid="kpi-purge-co-units")
def _purge_on_units_change(sender, instance, action, pk_set, **kwargs):
    """A unit added to or removed from a task: its page changes too (the task's pages as well)."""
    from portal import page_cache

    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, PlanTask):
        return
    if page_cache.purging():
        page_cache.purge(task_page_urls([instance.plan_id], set(pk_set or ())))
