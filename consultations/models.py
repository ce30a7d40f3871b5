"""Public consultation on draft documents (lấy ý kiến dự thảo).

A consultation belongs to a draft in the legal library (document type "Dự thảo") and to the
drafting unit of the registry of public bodies. Its phase is computed from its dates, never typed
in: nothing needs to run for comments to close. The draft's text is kept split into its own
structure (Section rows: phần, chương, mục, điều, khoản), so that comments can point at one điều or
khoản and each shows its count. Comments are pre-moderated by the forum's moderators; after the
closing date the drafting unit records how each comment (or group of comments) was handled and
publishes the synthesis report.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable

from forum.models import Flag, Profile
from portal.models import BasePage
from portal.text import AsciiSlugField, slugify_vi

DRAFT_TYPE_SLUG = "du-thao"
CLOSING_SOON_DAYS = 7


class Phase(models.TextChoices):
    DRAFT = "draft", _("Chưa công bố")
    UPCOMING = "upcoming", _("Sắp lấy ý kiến")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã hết hạn góp ý")
    REPORTED = "reported", _("Đã công bố báo cáo tổng hợp")


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published=True, draft__live=True)

    def open_on(self, now=None):
        now = now or timezone.now()
        return self.public().filter(opens_at__lte=now, closes_at__gt=now)

    def for_unit_of(self, user):
        """What this account may manage: its unit's consultations (all for a superuser)."""
        if user.is_superuser:
            return self.all()
        staff = getattr(user, "drafting_staff", None)
        return self.filter(unit_id=staff.unit_id) if staff else self.none()


class Consultation(ClusterableModel):
    title = models.CharField(_("tên đợt lấy ý kiến"), max_length=250)
    slug = AsciiSlugField(_("đường dẫn"), max_length=120, unique=True, blank=True)
    draft = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("dự thảo"),
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("Văn bản loại “Dự thảo” trong thư viện văn bản."),
    )
    adopted_document = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("văn bản được ban hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_from_consultations",
        help_text=_("Văn bản chính thức trong thư viện khi dự thảo đã được ban hành."),
    )
    unit = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("cơ quan chủ trì soạn thảo"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    summary = models.TextField(_("giới thiệu"), blank=True)
    opens_at = models.DateTimeField(_("bắt đầu lấy ý kiến"))
    closes_at = models.DateTimeField(_("kết thúc lấy ý kiến"))
    published = models.BooleanField(
        _("công bố"), default=False, help_text=_("Chỉ đợt lấy ý kiến đã công bố mới hiện với công chúng.")
    )
    report_intro = models.TextField(_("phần mở đầu báo cáo tổng hợp"), blank=True)
    report_signed_by = models.CharField(_("người ký báo cáo"), max_length=200, blank=True)
    report_published_at = models.DateTimeField(_("công bố báo cáo lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("draft"), FieldPanel("unit")]),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("published"),
        InlinePanel("questions", label=_("Câu hỏi cần xin ý kiến")),
        InlinePanel("attachments", label=_("Tài liệu kèm theo")),
        MultiFieldPanel(
            [FieldPanel("adopted_document"), FieldPanel("slug")],
            heading=_("Sau khi ban hành"),
        ),
    ]

    class Meta:
        verbose_name = _("đợt lấy ý kiến dự thảo")
        verbose_name_plural = _("các đợt lấy ý kiến dự thảo")
        ordering = ["-opens_at", "-pk"]
        permissions = [("synthesise_consultation", _("Tổng hợp, tiếp thu, giải trình ý kiến dự thảo"))]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_closes_after")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
        if self.draft_id and self.draft.document_type.slug != DRAFT_TYPE_SLUG:
            errors["draft"] = _("Hãy chọn một văn bản loại “Dự thảo”.")
        if self.adopted_document_id and self.adopted_document_id == self.draft_id:
            errors["adopted_document"] = _("Văn bản được ban hành phải khác bản dự thảo.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify_vi(self.title, max_length=100) or "lay-y-kien"
            slug, n = base, 2
            while Consultation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    # --- phase, computed from the dates ----------------------------------------------------

    def phase_at(self, now=None):
        now = now or timezone.now()
        if not self.published:
            return Phase.DRAFT
        if self.report_published_at:
            return Phase.REPORTED
        if now < self.opens_at:
            return Phase.UPCOMING
        if now < self.closes_at:
            return Phase.OPEN
        return Phase.CLOSED

    @property
    def phase(self):
        return self.phase_at()

    @property
    def phase_label(self):
        return Phase(self.phase).label

    @property
    def is_open(self):
        return self.phase == Phase.OPEN

    @property
    def is_closed(self):
        """Comments are over (closed, reported): the unit may write the synthesis."""
        return self.published and timezone.now() >= self.closes_at

    @property
    def report_is_published(self):
        return self.report_published_at is not None

    @property
    def is_public(self):
        return self.published and self.draft.live

    def closing_soon(self, now=None):
        now = now or timezone.now()
        return self.phase_at(now) == Phase.OPEN and self.closes_at - now <= timezone.timedelta(days=CLOSING_SOON_DAYS)

    # --- addresses ------------------------------------------------------------------------

    def route_url(self, route, **kwargs):
        from portal.navigation import singleton_route_url

        return singleton_route_url(ConsultationIndexPage, route, slug=self.slug, **kwargs)

    def get_absolute_url(self):
        return self.route_url("consultation")

    @property
    def url(self):
        return self.get_absolute_url()

    @property
    def report_url(self):
        return self.route_url("report")


class Question(Orderable):
    consultation = ParentalKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("câu hỏi"))

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")

    def __str__(self):
        return self.text[:80]


class ConsultationAttachment(Orderable):
    consultation = ParentalKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(
        _("tên tài liệu"), max_length=200, blank=True, help_text=_("Ví dụ: Tờ trình, Báo cáo đánh giá tác động.")
    )

    panels = [FieldPanel("file"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")

    def __str__(self):
        return self.title or self.file.title


class Section(models.Model):
    """One part of the draft's own structure, in reading order."""

    class Kind(models.TextChoices):
        PREAMBLE = "preamble", _("Phần mở đầu")
        PART = "part", _("Phần")
        CHAPTER = "chapter", _("Chương")
        SECTION = "section", _("Mục")
        ARTICLE = "article", _("Điều")
        CLAUSE = "clause", _("Khoản")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.CharField(max_length=20, blank=True)
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "sort_order"]
        verbose_name = _("phần của dự thảo")
        verbose_name_plural = _("cấu trúc dự thảo")
        indexes = [models.Index(fields=["consultation", "sort_order"])]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """ "Điều 2", "Khoản 1 Điều 2", "Chương I"."""
        if self.kind == self.Kind.PREAMBLE:
            return str(self.Kind.PREAMBLE.label)
        label = f"{self.Kind(self.kind).label} {self.number}".strip()
        if self.kind == self.Kind.CLAUSE and self.parent_id:
            label = f"{label} {self.parent.label}"
        return label

    @property
    def commentable(self):
        return self.kind in (self.Kind.ARTICLE, self.Kind.CLAUSE)

    @property
    def anchor(self):
        return f"phan-{self.pk}"


class DraftingStaff(models.Model):
    """A drafting unit's staff account (Cán bộ soạn thảo) and the unit it works for: it manages
    that unit's consultations and writes their synthesis, and nothing else."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafting_staff")
    unit = models.ForeignKey(
        "portal.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="drafting_staff"
    )

    panels = [FieldPanel("user"), FieldPanel("unit")]

    class Meta:
        verbose_name = _("cán bộ soạn thảo")
        verbose_name_plural = _("cán bộ soạn thảo")

    def __str__(self):
        return f"{self.user} ({self.unit})"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Tiếp thu")
    PARTLY_ACCEPTED = "partly_accepted", _("Tiếp thu một phần")
    EXPLAINED = "explained", _("Giải trình")
    NOT_ACCEPTED = "not_accepted", _("Không tiếp thu")


class Handling(models.Model):
    """How the drafting unit handled one comment or a group of comments, with its reason."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="handlings")
    decision = models.CharField(_("hình thức xử lý"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("nội dung tiếp thu, giải trình"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("tiếp thu, giải trình")
        verbose_name_plural = _("tiếp thu, giải trình")

    def __str__(self):
        return f"{self.get_decision_display()}: {self.reason[:60]}"


class CommentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=ConsultationComment.Status.APPROVED, hidden=False)


class ConsultationComment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Từ chối")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        Section, verbose_name=_("góp ý cho"), null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    quote = models.TextField(_("đoạn trích dẫn"), blank=True)
    body = models.TextField(_("nội dung góp ý"), help_text=_("HTML đã làm sạch bằng nh3."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
    )
    author_type = models.CharField(
        _("tư cách"), max_length=16, choices=Profile.AuthorType.choices, default=Profile.AuthorType.CITIZEN
    )
    organisation_name = models.CharField(_("tên tổ chức, doanh nghiệp"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    public_reason = models.TextField(_("lý do gửi tác giả"), blank=True)
    hidden = models.BooleanField(_("đang ẩn"), default=False)
    hidden_reason = models.CharField(_("lý do ẩn"), max_length=200, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    support_count = models.PositiveIntegerField(default=0)
    handling = models.ForeignKey(Handling, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("góp ý dự thảo")
        verbose_name_plural = _("góp ý dự thảo")
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_key"], name="consultation_comment_one_per_submission")
        ]
        indexes = [
            models.Index(fields=["consultation", "status", "hidden"], name="consultation_comment_public"),
            models.Index(fields=["section", "status", "hidden"], name="consultation_comment_section"),
        ]

    def __str__(self):
        return f"{self.display_name}: {self.body[:40]}"

    @property
    def display_name(self):
        """The public name: the organisation's when one was stated, else the account's display name."""
        if self.organisation_name:
            return self.organisation_name
        if self.author_id is None:
            return str(_("Người dùng đã xoá tài khoản"))
        return self.author.display_name or str(_("Thành viên"))

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED and not self.hidden

    @property
    def target_label(self):
        return self.section.label if self.section_id else str(_("Toàn bộ dự thảo"))


class CommentSupport(models.Model):
    comment = models.ForeignKey(ConsultationComment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="consultation_one_support_per_account")]

    def __str__(self):
        return f"{self.user_id} → {self.comment_id}"


class CommentFlag(models.Model):
    """A report of a comment, with the forum's reasons."""

    comment = models.ForeignKey(ConsultationComment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("lý do"), max_length=12, choices=Flag.Reason.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="consultation_one_flag_per_account")]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.comment_id})"


class ConsultationFollow(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="consultation_one_follow")]

    def __str__(self):
        return f"{self.user_id} → {self.consultation_id}"


class FieldSubscription(models.Model):
    """An account that wants the consultations on drafts of one field of the library (lĩnh vực):
    it is mailed as a follower of each of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_field_subscriptions"
    )
    field = models.ForeignKey(
        "documents.LegalField", verbose_name=_("lĩnh vực"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "field"], name="consultation_one_field_subscription")]

    def __str__(self):
        return f"{self.user_id} → {self.field_id}"


class Notice(models.Model):
    """A mail sent once to a consultation's followers: when it opened, a week before it closes,
    when its report was published. The unique constraint makes sending idempotent."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Bắt đầu lấy ý kiến")
        CLOSING = "closing", _("Còn một tuần")
        REPORT = "report", _("Công bố báo cáo")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "kind"], name="consultation_notice_once")]

    def __str__(self):
        return f"{self.consultation_id} {self.kind}"


def section_counts(consultation):
    """The draft's sections in reading order, each with `comment_count` (its public comments) and
    `total_count` (with its clauses'), in one query."""
    sections = list(
        Section.objects.filter(consultation=consultation)
        .select_related("parent")
        .annotate(
            comment_count=Count(
                "comments",
                filter=Q(comments__status=ConsultationComment.Status.APPROVED, comments__hidden=False),
            )
        )
        .order_by("sort_order")
    )
    by_pk = {section.pk: section for section in sections}
    for section in sections:
        section.total_count = section.comment_count
        section.parent_section = by_pk.get(section.parent_id)
    for section in sections:
        if section.kind == Section.Kind.CLAUSE and section.parent_section is not None:
            section.parent_section.total_count += section.comment_count
    return sections


# --- The consultations page ----------------------------------------------------------------


class ConsultationIndexPage(RoutablePageMixin, BasePage):
    """/lay-y-kien/: the list of consultations and every public view as its routes."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("trang lấy ý kiến dự thảo")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base is None:
            return urls
        for slug, updated, reported in Consultation.objects.public().values_list(
            "slug", "updated_at", "report_published_at"
        ):
            urls.append(
                {"location": base + self.reverse_subpage("consultation", kwargs={"slug": slug}), "lastmod": updated}
            )
            if reported:
                urls.append(
                    {"location": base + self.reverse_subpage("report", kwargs={"slug": slug}), "lastmod": reported}
                )
        return urls

    @path("", name="listing")
    def listing(self, request):
        from consultations import views

        return views.listing(request, self)

    @path("theo-linh-vuc/", name="fields")
    def fields(self, request):
        from consultations import views

        return views.field_subscriptions(request, self)

    @path("<slug:slug>/", name="consultation")
    def consultation(self, request, slug):
        from consultations import views

        return views.detail(request, self, slug)

    @path("<slug:slug>/gop-y/", name="comment")
    def comment(self, request, slug):
        from consultations import views

        return views.comment(request, self, slug)

    @path("<slug:slug>/theo-doi/", name="follow")
    def follow(self, request, slug):
        from consultations import views

        return views.follow(request, self, slug)

    @path("<slug:slug>/y-kien/<int:pk>/<str:action>/", name="comment_action")
    def comment_action(self, request, slug, pk, action):
        from consultations import views

        return views.comment_action(request, self, slug, pk, action)

    @path("<slug:slug>/bao-cao/", name="report")
    def report(self, request, slug):
        from consultations import views

        return views.report(request, self, slug)

    @path("<slug:slug>/bao-cao/ban-in/", name="report_print")
    def report_print(self, request, slug):
        from consultations import views

        return views.report(request, self, slug, printable=True)

    @path("<slug:slug>/du-lieu-mo/<str:fmt>/", name="export")
    def export(self, request, slug, fmt):
        from consultations import views

        return views.export(request, self, slug, fmt)
