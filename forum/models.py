"""The citizen forum: categories, kinds, responding units, proposals and what people do with them.

Proposals are models with a status, not pages: they are moderated through admin views and every
decision goes to Wagtail's audit log (see forum.moderation). A proposal is public only in the
statuses of PUBLIC_STATUSES and while it is not hidden; everything else is seen by its author and
staff alone.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from portal.models import BasePage
from portal.text import slugify_vi


def proposal_slug(title):
    return slugify_vi(title)[:80] or "y-kien"


class ProposalCategory(models.Model):
    """A forum category (chuyên mục); not news.Category, the articles' categories."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("chuyên mục diễn đàn")
        verbose_name_plural = _("chuyên mục diễn đàn")

    def __str__(self):
        return self.name


class ProposalKind(models.Model):
    """Góp ý, hiến kế, phản ánh khó khăn vướng mắc, câu hỏi. The prefix starts reference codes. The
    only meaning of `loai` in the forum's public URLs (not kpi.Kind, the kinds of indicator)."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    prefix = models.CharField(
        _("tiền tố mã"), max_length=4, unique=True, help_text=_("Hai chữ cái in hoa, ví dụ GY cho góp ý.")
    )
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("prefix"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại ý kiến")
        verbose_name_plural = _("loại ý kiến")

    def __str__(self):
        return self.name


def responding_units(on=None):
    """The bodies a proposal may be assigned to on `on` (today): the active sở, ngành, phường, xã
    and đặc khu of the registry, and any other active body that has a responder account. Past
    answers keep the unit that gave them, whatever happened to it since."""
    from portal.models import Level, Organisation

    return Organisation.objects.active_on(on).filter(
        Q(level__in=[Level.DEPARTMENT, Level.COMMUNE]) | Q(pk__in=Responder.objects.values("unit_id"))
    )


class Responder(models.Model):
    """An Đơn vị trả lời account and the unit (an Organisation: a sở, a phường...) it answers for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responder")
    unit = models.ForeignKey(
        "portal.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="responders"
    )

    panels = [FieldPanel("user"), FieldPanel("unit")]

    class Meta:
        verbose_name = _("cán bộ trả lời")
        verbose_name_plural = _("cán bộ trả lời")

    def __str__(self):
        return f"{self.user} ({self.unit})"


class Profile(models.Model):
    """What the forum keeps about a person, and nothing more: how they write, their consent
    (which version, when) and whether they want email. Political opinions expressed in proposals
    are sensitive data under Law 91/2025/QH15, so no other personal detail is collected."""

    class AuthorType(models.TextChoices):
        CITIZEN = "cong_dan", _("Người dân")
        BUSINESS = "doanh_nghiep", _("Doanh nghiệp")
        ORGANISATION = "to_chuc", _("Tổ chức")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile")
    author_type = models.CharField(
        _("viết với tư cách"), max_length=16, choices=AuthorType.choices, default=AuthorType.CITIZEN
    )
    terms_version = models.CharField(_("phiên bản điều khoản đã đồng ý"), max_length=20, blank=True)
    privacy_version = models.CharField(_("phiên bản thông báo bảo vệ dữ liệu đã đồng ý"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("thời điểm đồng ý"), null=True, blank=True)
    email_notifications = models.BooleanField(_("nhận thông báo qua thư điện tử"), default=True)
    suspended_at = models.DateTimeField(_("tạm khoá từ"), null=True, blank=True)
    suspended_reason = models.TextField(_("lý do tạm khoá"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ diễn đàn")
        verbose_name_plural = _("hồ sơ diễn đàn")

    def __str__(self):
        return str(self.user)

    @property
    def is_suspended(self):
        return self.suspended_at is not None


class Status(models.TextChoices):
    PENDING = "cho_duyet", _("Chờ duyệt")
    CHANGES_REQUESTED = "can_chinh_sua", _("Cần chỉnh sửa")
    REJECTED = "tu_choi", _("Từ chối")
    APPROVED = "da_duyet", _("Đã duyệt")
    REVIEWING = "dang_xem_xet", _("Đang xem xét")
    ASSIGNED = "da_chuyen", _("Đã chuyển đơn vị")
    ANSWERED = "da_tra_loi", _("Đã trả lời")
    ACCEPTED = "da_tiep_thu", _("Đã tiếp thu")
    IN_PROGRESS = "dang_thuc_hien", _("Đang thực hiện")
    DONE = "da_thuc_hien", _("Đã thực hiện")
    DECLINED = "khong_tiep_thu", _("Không tiếp thu")
    DUPLICATE = "trung_lap", _("Trùng lặp")


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


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: approved onwards, not hidden, with an author who still exists
        or was anonymised (never a proposal removed with its author)."""
        return self.filter(status__in=PUBLIC_STATUSES, hidden=False)

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
        indexes = [models.Index(fields=["status", "hidden", "-created_at"], name="forum_prop_public_idx")]

    def __str__(self):
        return f"{self.reference or '—'} {self.title}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.reference:
            year = timezone.localtime(self.created_at).year
            self.reference = f"{self.kind.prefix}-{year}-{self.pk:06d}"
            super().save(update_fields=["reference"])  # saved again: the search index sees the code

    def get_absolute_url(self):
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


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_comments"
    )
    body = models.TextField(_("nội dung"))
    hidden = models.BooleanField(_("đang ẩn"), default=False)
    hidden_reason = models.CharField(_("lý do ẩn"), max_length=200, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_key"], name="forum_comment_one_per_submission")
        ]

    def __str__(self):
        return f"{self.author_label}: {self.body[:40]}"

    @property
    def author_label(self):
        if self.author_id is None:
            return _("Người dùng đã xoá tài khoản")
        return self.author.display_name or _("Thành viên")


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="forum_one_support_per_account")]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class Follow(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="forum_one_follow_per_account")]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Quảng cáo, spam")
        ABUSE = "abuse", _("Xúc phạm, quấy rối")
        PERSONAL = "personal", _("Lộ thông tin cá nhân")
        FALSE = "false", _("Thông tin sai sự thật")
        OFF_TOPIC = "off_topic", _("Không đúng chủ đề")
        OTHER = "other", _("Khác")

    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_flags")
    reason = models.CharField(_("lý do"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "proposal"], condition=Q(comment__isnull=True), name="forum_one_flag_per_proposal"
            ),
            models.UniqueConstraint(
                fields=["user", "comment"], condition=Q(comment__isnull=False), name="forum_one_flag_per_comment"
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.created_at:%d/%m/%Y})"


class Notification(models.Model):
    class Email(models.TextChoices):
        NONE = "none", _("Không gửi")
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=8, choices=Email.choices, default=Email.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.message


class ForumIndexPage(RoutablePageMixin, BasePage):
    """/dien-dan/: the landing text and rules, the public listing and every public forum view."""

    rules = RichTextField(
        _("nội quy diễn đàn"), blank=True, features=["bold", "italic", "ol", "ul", "link", "h2", "h3"]
    )
    privacy_notice = RichTextField(
        _("thông báo xử lý dữ liệu cá nhân"), blank=True, features=["bold", "italic", "ol", "ul", "link", "h2", "h3"]
    )

    content_panels = [*BasePage.content_panels, FieldPanel("rules"), FieldPanel("privacy_notice")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("trang diễn đàn")

    def get_sitemap_urls(self, request=None):
        """The forum page and every public proposal; nothing pending, rejected or hidden."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for pk, title, updated in Proposal.objects.public().values_list("pk", "title", "updated_at"):
            route = self.reverse_subpage("proposal", kwargs={"pk": pk, "slug": proposal_slug(title)})
            urls.append({"location": base + route, "lastmod": updated})
        return urls

    @path("", name="listing")
    def listing(self, request):
        from forum import views

        return views.listing(request, self)

    @path("gui-y-kien/", name="submit")
    def submit(self, request):
        from forum import views

        return views.submit(request, self)

    @path("noi-quy/", name="rules")
    def rules_view(self, request):
        from forum import views

        return views.rules(request, self)

    @path("<int:pk>-<slug:slug>/", name="proposal")
    def detail(self, request, pk, slug):
        from forum import views

        return views.detail(request, self, pk, slug)

    @path("<int:pk>/sua/", name="edit")
    def edit(self, request, pk):
        from forum import views

        return views.edit(request, self, pk)

    @path("<int:pk>/<str:action>/", name="act")
    def act(self, request, pk, action):
        from forum import views

        return views.act(request, self, pk, action)


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


class SharedCacheEntry(models.Model):
    """The table of Django's database cache (the "shared" cache alias when there is no Redis): rate
    limit counters every worker process sees. Created by a migration, so that no deployment step
    (createcachetable) can be forgotten; Django's DatabaseCache reads and writes it directly."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "portal_shared_cache"

    def __str__(self):
        return self.cache_key
