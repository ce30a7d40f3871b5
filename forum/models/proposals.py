"""Proposals: their statuses, queryset, images, timeline events and official answers."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.people import Profile
from forum.models.taxonomy import ProposalCategory, ProposalKind, proposal_slug
from portal.choices import SlugChoices, public_slugs


@public_slugs(
    PENDING="cho_duyet",
    CHANGES_REQUESTED="can_chinh_sua",
    REJECTED="tu_choi",
    APPROVED="da_duyet",
    REVIEWING="dang_xem_xet",
    ASSIGNED="da_chuyen",
    ANSWERED="da_tra_loi",
    ACCEPTED="da_tiep_thu",
    IN_PROGRESS="dang_thuc_hien",
    DONE="da_thuc_hien",
    DECLINED="khong_tiep_thu",
    DUPLICATE="trung_lap",
)
class Status(SlugChoices):
    """Stored in English; published (?trang-thai=, exports) under the slugs above."""

    PENDING = "pending", _("Chờ duyệt")
    CHANGES_REQUESTED = "changes_requested", _("Cần chỉnh sửa")
    REJECTED = "rejected", _("Từ chối")
    APPROVED = "approved", _("Đã duyệt")
    REVIEWING = "reviewing", _("Đang xem xét")
    ASSIGNED = "assigned", _("Đã chuyển đơn vị")
    ANSWERED = "answered", _("Đã trả lời")
    ACCEPTED = "accepted", _("Đã tiếp thu")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã thực hiện")
    DECLINED = "declined", _("Không tiếp thu")
    DUPLICATE = "duplicate", _("Trùng lặp")


PUBLIC_STATUSES = [
    Status.APPROVED,
    Status.REVIEWING,
    Status.ASSIGNED,
    Status.ANSWERED,
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.DONE,
    Status.DECLINED,
    Status.DUPLICATE,
]
ANSWERED_STATUSES = [Status.ANSWERED, Status.ACCEPTED, Status.IN_PROGRESS, Status.DONE, Status.DECLINED]
OUTCOME_STATUSES = [Status.ACCEPTED, Status.IN_PROGRESS, Status.DONE, Status.DECLINED]


def public_q():
    """The condition of `ProposalQuerySet.public`, for an aggregate that counts public proposals
    beside others."""
    return Q(status__in=PUBLIC_STATUSES, hidden=False)


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: approved onwards, not hidden, with an author who still exists
        or was anonymised (never a proposal removed with its author)."""
        return self.filter(public_q())

    def visible_to(self, user, second_factor=False):
        """What this person may open. Staff see more only in a session that passed the second
        factor: a stolen staff password alone reads nothing unpublished."""
        if second_factor and user.is_authenticated and user.has_perm("forum.moderate_proposal"):
            return self.all()
        query = Q(status__in=PUBLIC_STATUSES, hidden=False)
        if user.is_authenticated:
            query |= Q(author=user)
            responder = getattr(user, "responder", None)
            if second_factor and responder is not None and user.has_perm("forum.answer_proposal"):
                query |= Q(unit_id=responder.unit_id)
        return self.filter(query)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=Status.ASSIGNED, due_date__lt=today)


class Proposal(models.Model):
    reference = models.CharField(_("mã số"), max_length=24, unique=True, null=True, blank=True, editable=False)
    kind = models.ForeignKey(ProposalKind, verbose_name=_("loại"), on_delete=models.PROTECT, related_name="proposals")
    category = models.ForeignKey(
        ProposalCategory, verbose_name=_("chuyên mục"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), help_text=_("HTML đã làm sạch bằng nh3."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tác giả"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    author_type = models.CharField(
        _("tư cách"), max_length=16, choices=Profile.AuthorType.choices, default=Profile.AuthorType.CITIZEN
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    public_reason = models.TextField(_("lý do gửi tác giả"), blank=True)
    hidden = models.BooleanField(
        _("đang ẩn"), default=False, help_text=_("Ẩn khỏi công chúng (bị báo cáo nhiều hoặc do điều phối viên).")
    )
    related_documents = models.ManyToManyField(
        "documents.LegalDocument", verbose_name=_("văn bản liên quan"), blank=True, related_name="forum_proposals"
    )
    unit = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("đơn vị xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    assigned_at = models.DateTimeField(_("chuyển đơn vị lúc"), null=True, blank=True)
    due_date = models.DateField(_("hạn trả lời"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("trùng với"), null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    support_count = models.PositiveIntegerField(_("lượt ủng hộ"), default=0)
    comment_count = models.PositiveIntegerField(_("bình luận"), default=0)
    flag_count = models.PositiveIntegerField(_("lượt báo cáo"), default=0)
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, db_index=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        permissions = [
            ("moderate_proposal", _("Kiểm duyệt ý kiến và bình luận")),
            ("view_forum_reports", _("Xem báo cáo diễn đàn")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_key"], name="forum_proposal_one_per_submission"),
        ]
        indexes = [
            models.Index(fields=["status", "hidden", "-created_at"], name="forum_prop_public_idx"),
            # The public listing's orders (forum.views.listing): its page reads the first rows of
            # an index instead of sorting every public proposal (the time that grew with their number).
            models.Index(fields=["-published_at", "-id"], name="forum_prop_newest"),
            models.Index(fields=["-support_count", "-published_at"], name="forum_prop_most_supported"),
            models.Index(fields=["-comment_count", "-published_at"], name="forum_prop_most_discussed"),
        ]

    def __str__(self):
        return f"{self.reference or '—'} {self.title}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.reference:
            year = timezone.localtime(self.created_at).year
            self.reference = f"{self.kind.prefix}-{year}-{self.pk:06d}"
            super().save(update_fields=["reference"])  # saved again: the search index sees the code

    def get_absolute_url(self):
        from forum.models.pages import ForumIndexPage  # the page's module imports this one
        from portal.navigation import singleton_route_url

        return singleton_route_url(ForumIndexPage, "proposal", pk=self.pk, slug=self.slug)

    @property
    def slug(self):
        return proposal_slug(self.title)

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES and not self.hidden

    # What templates ask instead of comparing raw status values.
    @property
    def is_pending(self):
        return self.status == Status.PENDING

    @property
    def is_rejected(self):
        return self.status == Status.REJECTED

    @property
    def needs_changes(self):
        return self.status == Status.CHANGES_REQUESTED

    @property
    def is_assigned(self):
        """Waiting for the unit's answer."""
        return self.status == Status.ASSIGNED

    @property
    def is_answered(self):
        """Answered, whatever the outcome since."""
        return self.status in ANSWERED_STATUSES

    @property
    def is_declined(self):
        return self.status == Status.DECLINED

    @property
    def is_duplicate(self):
        return self.status == Status.DUPLICATE

    @property
    def can_be_assigned(self):
        """Approved and not answered yet: a moderator may (re)assign it to a unit."""
        return self.status in (Status.APPROVED, Status.REVIEWING, Status.ASSIGNED)

    @property
    def can_be_marked_duplicate(self):
        return self.status in (Status.PENDING, Status.APPROVED, Status.REVIEWING)

    @property
    def is_editable_by_author(self):
        return self.status in (Status.PENDING, Status.CHANGES_REQUESTED)

    @property
    def is_overdue(self):
        return self.status == Status.ASSIGNED and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def author_label(self):
        if self.author_id is None:
            return _("Người dùng đã xoá tài khoản")
        return self.author.display_name or _("Thành viên")

    @property
    def published_answer(self):
        answer = getattr(self, "answer", None)
        return answer if answer is not None and answer.status == Answer.State.PUBLISHED else None


def proposal_image_path(instance, filename):
    return f"forum/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class ProposalImage(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(_("tệp"), upload_to=proposal_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("mô tả ảnh"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("ảnh đính kèm")
        verbose_name_plural = _("ảnh đính kèm")

    def __str__(self):
        return self.file.name


class Event(models.Model):
    """One step of a proposal's timeline. Internal notes are events the public never sees."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Gửi ý kiến")
        RESUBMITTED = "resubmitted", _("Gửi lại sau chỉnh sửa")
        STATUS = "status", _("Đổi trạng thái")
        ASSIGNED = "assigned", _("Chuyển đơn vị")
        ANSWERED = "answered", _("Trả lời chính thức")
        ANSWER_WITHDRAWN = "answer_withdrawn", _("Rút câu trả lời")
        DUPLICATE = "duplicate", _("Đánh dấu trùng lặp")
        HIDDEN = "hidden", _("Ẩn")
        RESTORED = "restored", _("Hiện lại")
        NOTE = "note", _("Ghi chú nội bộ")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.created_at:%d/%m/%Y}"

    @property
    def is_assignment(self):
        return self.action == self.Action.ASSIGNED


class Answer(models.Model):
    """The official answer, signed by the unit that gave it. The unit's name is kept as it was."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")
        WITHDRAWN = "withdrawn", _("Đã rút")

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="answer")
    unit = models.ForeignKey("portal.Organisation", on_delete=models.PROTECT, related_name="answers")
    unit_name = models.CharField(_("đơn vị trả lời"), max_length=200)
    body = models.TextField(_("nội dung trả lời"))
    signed_by = models.CharField(_("người ký"), max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trả lời chính thức")
        verbose_name_plural = _("trả lời chính thức")
        # On the answer, not the proposal: Wagtail's site history shows every log entry of a model
        # to anyone holding any permission on it, and proposals' entries are for moderators only.
        permissions = [("answer_proposal", _("Trả lời ý kiến được giao cho đơn vị"))]

    def __str__(self):
        return f"{self.unit_name}: {self.proposal_id}"

    @property
    def is_published(self):
        return self.status == self.State.PUBLISHED


def add_working_days(start: date, days: int, holidays=()) -> date:
    """The date `days` working days after `start` (Monday to Friday, minus holidays)."""
    from datetime import timedelta

    holidays = {date.fromisoformat(day) if isinstance(day, str) else day for day in holidays}
    current, added = start, 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            added += 1
    return current
