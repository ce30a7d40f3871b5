"""The DX-index assessment of KH 305/KH-UBND (Hệ thống quản lý, đánh giá chỉ số chuyển đổi số).

Structure: an index version (Bộ chỉ số, issued by a decision) has unit types (sở-ngành; TP Thủ Đức
and quận-huyện; phường-xã-đặc khu), each with its main indices (chỉ số chính) and their components
(chỉ số thành phần: max points, scoring method with its parameters, required evidence, supplying
agency). The seed loads only what the public sources give (versions, unit types, main-index names,
expected counts); the department enters or imports the components.

Work: a period (kỳ đánh giá, one a year) uses one version and assesses the units of the one registry
(portal.Organisation) that existed in it: one Assessment per unit, one ComponentEntry per component,
with evidence. Units self-assess, the unit head submits, appraisers accept / adjust / return each
entry (every change appended to EntryChange and Wagtail's audit log), the council signs off and
publishes: publishing freezes PublishedResult and PublishedScore rows, which are all the public side
ever reads.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from portal.models.organisations import Level
from portal.storage import private_storage

POINTS = {"max_digits": 7, "decimal_places": 2}
VALUE = {"max_digits": 14, "decimal_places": 4}


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("TP Thủ Đức và quận, huyện")
    COMMUNE = "commune", _("Phường, xã, đặc khu")


# Which bodies of the registry each kind of unit type assesses.
UNIT_KIND_LEVELS = {
    UnitKind.DEPARTMENT: [Level.DEPARTMENT],
    UnitKind.DISTRICT: [Level.THU_DUC, Level.DISTRICT],
    UnitKind.COMMUNE: [Level.COMMUNE],
}


class Method(models.TextChoices):
    YES_NO = "yes_no", _("Có / không")
    TIERS = "tiers", _("Theo mức")
    RATIO = "ratio", _("Tỷ lệ so với mục tiêu")
    APPRAISER = "appraiser", _("Thẩm định viên chấm")


class IndexVersion(models.Model):
    """A Bộ chỉ số as one decision issues it, with the public source the portal took it from."""

    year = models.PositiveSmallIntegerField(_("năm áp dụng"), unique=True)
    name = models.CharField(_("tên bộ chỉ số"), max_length=300)
    decision = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("quyết định ban hành (trong thư viện)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dx_index_versions",
    )
    decision_number = models.CharField(_("số hiệu quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký"), max_length=200, blank=True)
    source_name = models.CharField(_("nguồn"), max_length=200, blank=True)
    source_url = models.URLField(_("liên kết nguồn"), max_length=500, blank=True)
    source_date = models.DateField(_("ngày đăng của nguồn"), null=True, blank=True)
    source_passage = models.TextField(_("đoạn trích nguồn"), blank=True)
    source_note = models.TextField(
        _("ghi chú về nguồn"), blank=True, help_text=_("Nói rõ điều gì chưa tìm được nguồn (ngày, đoạn trích).")
    )
    key = models.SlugField(_("mã"), max_length=40, unique=True)
    city = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("chính quyền ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dx_index_versions",
        help_text=_("Các đơn vị được đánh giá là các cơ quan trực thuộc chính quyền này (ví dụ UBND TP.HCM)."),
    )

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("key")]),
        FieldPanel("name"),
        FieldPanel("city"),
        MultiFieldPanel(
            [
                FieldPanel("decision"),
                FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
                FieldPanel("decision_signer"),
            ],
            heading=_("Quyết định ban hành"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("source_name"), FieldPanel("source_date")]),
                FieldPanel("source_url"),
                FieldPanel("source_passage"),
                FieldPanel("source_note"),
            ],
            heading=_("Nguồn công khai"),
        ),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("các bộ chỉ số")

    def __str__(self):
        return f"{self.name} ({self.year})"


class UnitType(models.Model):
    """The assessed group a version has its own main indices for."""

    version = models.ForeignKey(
        IndexVersion, verbose_name=_("bộ chỉ số"), on_delete=models.CASCADE, related_name="unit_types"
    )
    kind = models.CharField(_("khối đơn vị"), max_length=12, choices=UnitKind.choices)
    name = models.CharField(_("tên khối"), max_length=200)
    expected_main_indices = models.PositiveSmallIntegerField(_("số chỉ số chính theo nguồn"), null=True, blank=True)
    expected_components = models.PositiveSmallIntegerField(_("số chỉ số thành phần theo nguồn"), null=True, blank=True)
    max_points = models.DecimalField(_("tổng điểm tối đa theo nguồn"), null=True, blank=True, **POINTS)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("version"), FieldPanel("kind")]),
        FieldPanel("name"),
        FieldRowPanel(
            [FieldPanel("expected_main_indices"), FieldPanel("expected_components"), FieldPanel("max_points")]
        ),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["version", "sort_order", "pk"]
        verbose_name = _("khối đơn vị được đánh giá")
        verbose_name_plural = _("các khối đơn vị được đánh giá")
        constraints = [models.UniqueConstraint(fields=["version", "kind"], name="dxindex_unit_type_once")]

    def __str__(self):
        return f"{self.name} — {self.version.year}"

    @property
    def levels(self):
        return UNIT_KIND_LEVELS[UnitKind(self.kind)]


class MainIndex(models.Model):
    unit_type = models.ForeignKey(
        UnitType, verbose_name=_("khối đơn vị"), on_delete=models.CASCADE, related_name="main_indices"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên chỉ số chính"), max_length=200)
    max_points = models.DecimalField(_("điểm tối đa"), null=True, blank=True, **POINTS)

    panels = [FieldPanel("unit_type"), FieldRowPanel([FieldPanel("order"), FieldPanel("max_points")]), "name"]

    class Meta:
        ordering = ["unit_type", "order"]
        verbose_name = _("chỉ số chính")
        verbose_name_plural = _("các chỉ số chính")
        constraints = [models.UniqueConstraint(fields=["unit_type", "order"], name="dxindex_main_index_order")]

    def __str__(self):
        return f"{self.order}. {self.name}"


class Component(index.Indexed, models.Model):
    main_index = models.ForeignKey(
        MainIndex, verbose_name=_("chỉ số chính"), on_delete=models.CASCADE, related_name="components"
    )
    code = models.CharField(_("mã chỉ số"), max_length=20, help_text=_("Như bộ chỉ số đánh số, ví dụ 1.2."))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên chỉ số thành phần"))
    max_points = models.DecimalField(_("điểm tối đa"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS)
    method = models.CharField(_("cách tính điểm"), max_length=12, choices=Method.choices)
    params = models.JSONField(
        _("tham số cách tính"),
        default=dict,
        blank=True,
        help_text=_(
            'Có / không: không cần. Theo mức: {"tiers": [[ngưỡng, điểm], …]}. Tỷ lệ: {"target": mục tiêu}. '
            "Thẩm định viên chấm: không cần."
        ),
    )
    evidence_required = models.TextField(_("tài liệu kiểm chứng yêu cầu"), blank=True)
    supplying_agency = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("cơ quan cung cấp số liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dx_components_supplied",
    )

    search_fields = [index.SearchField("name"), index.FilterField("main_index_id")]

    panels = [
        FieldPanel("main_index"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("order"), FieldPanel("max_points")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("method"), FieldPanel("params")]),
        FieldPanel("evidence_required"),
        FieldPanel("supplying_agency"),
    ]

    class Meta:
        ordering = ["main_index__unit_type", "main_index__order", "order", "code"]
        verbose_name = _("chỉ số thành phần")
        verbose_name_plural = _("các chỉ số thành phần")
        constraints = [models.UniqueConstraint(fields=["main_index", "code"], name="dxindex_component_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        from dxindex.scoring import validate_params

        if self.method:
            try:
                self.params = validate_params(self.method, self.params, self.max_points)
            except ValidationError as error:
                raise ValidationError({"params": error.messages}) from error


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đã mở")
    SELF_ASSESSMENT = "self_assessment", _("Đang tự đánh giá")
    APPRAISAL = "appraisal", _("Đang thẩm định")
    SIGNED_OFF = "signed_off", _("Hội đồng đã thông qua")
    PUBLISHED = "published", _("Đã công bố")


class Period(models.Model):
    year = models.PositiveSmallIntegerField(_("năm đánh giá"), unique=True)
    version = models.ForeignKey(
        IndexVersion, verbose_name=_("bộ chỉ số"), on_delete=models.PROTECT, related_name="periods"
    )
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT, db_index=True
    )
    self_opens = models.DateField(_("mở tự đánh giá"), null=True, blank=True)
    self_closes = models.DateField(_("hạn gửi tự đánh giá"), null=True, blank=True)
    late_until = models.DateField(
        _("nhận bản gửi trễ đến"),
        null=True,
        blank=True,
        help_text=_("Sau hạn gửi, đơn vị còn gửi được đến ngày này; bản gửi trễ được đánh dấu."),
    )
    appraisal_opens = models.DateField(_("bắt đầu thẩm định"), null=True, blank=True)
    appraisal_closes = models.DateField(_("kết thúc thẩm định"), null=True, blank=True)
    publish_on = models.DateField(_("ngày công bố dự kiến"), null=True, blank=True)
    plan = models.ForeignKey(
        "kpi.Plan",
        verbose_name=_("kế hoạch triển khai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dx_periods",
        help_text=_("Kế hoạch có các bước của kỳ đánh giá (ví dụ KH 305/KH-UBND)."),
    )
    signed_off_at = models.DateTimeField(_("thông qua lúc"), null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("version")]),
        FieldPanel("plan"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("self_opens"), FieldPanel("self_closes"), FieldPanel("late_until")]),
                FieldRowPanel([FieldPanel("appraisal_opens"), FieldPanel("appraisal_closes")]),
                FieldPanel("publish_on"),
            ],
            heading=_("Lịch"),
        ),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("kỳ đánh giá")
        verbose_name_plural = _("các kỳ đánh giá")
        permissions = [
            ("manage_period", _("Mở kỳ, thông qua và công bố kết quả chỉ số CĐS")),
            ("appraise_assessment", _("Thẩm định kết quả tự đánh giá chỉ số CĐS")),
            ("self_assess", _("Nhập kết quả tự đánh giá chỉ số CĐS của đơn vị")),
            ("submit_assessment", _("Gửi kết quả tự đánh giá chỉ số CĐS của đơn vị")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(self_opens__isnull=True)
                | Q(self_closes__isnull=True)
                | Q(self_opens__lte=models.F("self_closes")),
                name="dxindex_period_self_dates",
                violation_error_message=_("Hạn gửi tự đánh giá không được trước ngày mở."),
            ),
        ]

    def __str__(self):
        return _("Kỳ đánh giá chỉ số CĐS năm %(year)s") % {"year": self.year}

    @property
    def reference_date(self):
        """The day whose registry decides which units the period assesses."""
        import datetime

        return self.self_opens or datetime.date(self.year, 1, 1)

    def accepts_self_assessment(self):
        return self.status in (PeriodStatus.OPEN, PeriodStatus.SELF_ASSESSMENT)

    def is_late(self, moment=None):
        """Past the close date of self-assessment."""
        moment = moment or timezone.now()
        return bool(self.self_closes and timezone.localdate(moment) > self.self_closes)

    def is_closed(self, moment=None):
        """Past the close date and past any late deadline: no more submissions."""
        if not self.is_late(moment):
            return False
        moment = moment or timezone.now()
        return not (self.late_until and timezone.localdate(moment) <= self.late_until)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại một phần")
    ANSWERED = "answered", _("Đơn vị đã bổ sung")
    APPRAISED = "appraised", _("Đã thẩm định")


class Assessment(models.Model):
    """One unit's assessment in one period (the unit as it was then: the registry keeps its row)."""

    period = models.ForeignKey(
        Period, verbose_name=_("kỳ đánh giá"), on_delete=models.CASCADE, related_name="assessments"
    )
    unit = models.ForeignKey(
        "portal.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="dx_assessments"
    )
    unit_type = models.ForeignKey(
        UnitType, verbose_name=_("khối đơn vị"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(_("gửi trễ hạn"), default=False)
    self_total = models.DecimalField(_("tổng điểm tự đánh giá"), default=0, **POINTS)
    appraised_total = models.DecimalField(_("tổng điểm thẩm định"), null=True, blank=True, **POINTS)

    class Meta:
        ordering = ["period", "unit_type", "unit__name"]
        verbose_name = _("bản tự đánh giá")
        verbose_name_plural = _("các bản tự đánh giá")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="dxindex_assessment_once")]

    def __str__(self):
        return f"{self.unit} — {self.period.year}"

    def clean(self):
        if self.unit_id and self.unit_type_id and self.unit.level not in self.unit_type.levels:
            raise ValidationError({"unit": _("Đơn vị không thuộc khối đơn vị này.")})


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thẩm định")
    ACCEPTED = "accepted", _("Chấp nhận")
    ADJUSTED = "adjusted", _("Điều chỉnh điểm")
    RETURNED = "returned", _("Trả lại, cần bổ sung")
    ANSWERED = "answered", _("Đơn vị đã bổ sung")


class ComponentEntry(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("bản tự đánh giá"), on_delete=models.CASCADE, related_name="entries"
    )
    component = models.ForeignKey(
        Component, verbose_name=_("chỉ số thành phần"), on_delete=models.PROTECT, related_name="entries"
    )
    value = models.DecimalField(_("giá trị"), null=True, blank=True, **VALUE)
    note = models.TextField(_("thuyết minh"), blank=True)
    self_score = models.DecimalField(_("điểm tự đánh giá"), null=True, blank=True, editable=False, **POINTS)
    appraised_score = models.DecimalField(_("điểm thẩm định"), null=True, blank=True, **POINTS)
    appraiser_reason = models.TextField(_("lý do của thẩm định viên"), blank=True)
    status = models.CharField(
        _("kết quả thẩm định"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.PENDING
    )
    unit_answer = models.TextField(_("giải trình của đơn vị"), blank=True)
    return_count = models.PositiveSmallIntegerField(_("số lần trả lại"), default=0)
    answer_count = models.PositiveSmallIntegerField(_("số lần đơn vị trả lời"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "component__main_index__order", "component__order", "component__code"]
        verbose_name = _("kết quả chỉ số thành phần")
        verbose_name_plural = _("kết quả các chỉ số thành phần")
        constraints = [models.UniqueConstraint(fields=["assessment", "component"], name="dxindex_entry_once")]

    def __str__(self):
        return f"{self.assessment} — {self.component.code}"

    @property
    def final_score(self):
        """What counts: the appraised score once the appraiser decided, else nothing."""
        return self.appraised_score

    @property
    def can_answer(self):
        """The unit answers once per return."""
        return self.status == EntryStatus.RETURNED and self.answer_count < self.return_count


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Văn bản trong thư viện")
    FILE = "file", _("Tệp tải lên")
    LINK = "link", _("Liên kết")


class Evidence(models.Model):
    """A piece of evidence for one entry: a library document (by số hiệu), an uploaded file that
    states its own số hiệu, ngày and trích yếu, or a link."""

    entry = models.ForeignKey(
        ComponentEntry, verbose_name=_("kết quả chỉ số"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=10, choices=EvidenceKind.choices)
    document = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dx_evidence",
    )
    # Private: a unit's evidence is for its appraisers, not the public (served by `evidence_file`).
    file = models.FileField(_("tệp"), upload_to="dxindex/evidence/%Y/", storage=private_storage, blank=True)
    number = models.CharField(_("số hiệu"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    url = models.URLField(_("liên kết"), max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")

    def __str__(self):
        if self.kind == EvidenceKind.DOCUMENT and self.document_id:
            return str(self.document)
        if self.kind == EvidenceKind.FILE:
            return " — ".join(part for part in (self.number, self.summary) if part)
        return self.summary or self.url

    def clean(self):
        errors = {}
        if self.kind == EvidenceKind.DOCUMENT and not self.document_id:
            errors["document"] = _("Hãy chọn văn bản trong thư viện.")
        if self.kind == EvidenceKind.FILE:
            if not self.file:
                errors["file"] = _("Hãy chọn tệp.")
            for name, message in (
                ("number", _("Hãy ghi số hiệu văn bản.")),
                ("issued_on", _("Hãy ghi ngày ban hành.")),
                ("summary", _("Hãy ghi trích yếu.")),
            ):
                if not getattr(self, name):
                    errors[name] = message
        if self.kind == EvidenceKind.LINK and not self.url:
            errors["url"] = _("Hãy ghi liên kết.")
        if errors:
            raise ValidationError(errors)


class EntryChange(models.Model):
    """Append-only history of an entry, as the unit sees it: each save, decision and answer with the
    scores before and after. Wagtail's audit log records the same actions for the admin."""

    class Action(models.TextChoices):
        SAVE = "save", _("Đơn vị cập nhật")
        ACCEPT = "accept", _("Chấp nhận")
        ADJUST = "adjust", _("Điều chỉnh điểm")
        RETURN = "return", _("Trả lại")
        ANSWER = "answer", _("Đơn vị bổ sung")

    entry = models.ForeignKey(ComponentEntry, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("thao tác"), max_length=8, choices=Action.choices)
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    value = models.DecimalField(_("giá trị"), null=True, blank=True, **VALUE)
    score_before = models.DecimalField(_("điểm trước"), null=True, blank=True, **POINTS)
    score_after = models.DecimalField(_("điểm sau"), null=True, blank=True, **POINTS)
    text = models.TextField(_("lý do, giải trình"), blank=True)

    class Meta:
        ordering = ["entry", "at", "pk"]
        verbose_name = _("lịch sử kết quả chỉ số")
        verbose_name_plural = _("lịch sử kết quả chỉ số")

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Lịch sử không được sửa."))
        super().save(*args, **kwargs)


class PublishedResult(models.Model):
    """A unit's result as the council published it, frozen: later edits to the assessment, the unit's
    name or the components change nothing here. The public pages, exports, embeds and search read
    these rows (and PublishedScore) only."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="published_results")
    unit = models.ForeignKey("portal.Organisation", on_delete=models.PROTECT, related_name="dx_results")
    unit_name = models.CharField(_("tên đơn vị khi công bố"), max_length=200)
    unit_type = models.ForeignKey(UnitType, on_delete=models.PROTECT, related_name="published_results")
    unit_type_name = models.CharField(_("khối"), max_length=200)
    total = models.DecimalField(_("tổng điểm"), **POINTS)
    max_total = models.DecimalField(_("tổng điểm tối đa"), **POINTS)
    rank = models.PositiveIntegerField(_("thứ hạng trong khối"))
    published_at = models.DateTimeField(_("công bố lúc"))

    class Meta:
        ordering = ["period", "unit_type", "rank", "unit_name"]
        verbose_name = _("kết quả đã công bố")
        verbose_name_plural = _("các kết quả đã công bố")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="dxindex_published_once")]

    def __str__(self):
        return f"{self.period.year} {self.unit_name}: {self.total}"


class PublishedScore(models.Model):
    result = models.ForeignKey(PublishedResult, on_delete=models.CASCADE, related_name="scores")
    main_index = models.ForeignKey(MainIndex, on_delete=models.PROTECT, related_name="published_scores")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    score = models.DecimalField(**POINTS)
    max_points = models.DecimalField(**POINTS)
    rank = models.PositiveIntegerField(_("thứ hạng theo chỉ số chính"))

    class Meta:
        ordering = ["result", "order"]
        verbose_name = _("điểm chỉ số chính đã công bố")
        verbose_name_plural = _("điểm chỉ số chính đã công bố")
        constraints = [models.UniqueConstraint(fields=["result", "main_index"], name="dxindex_published_score_once")]

    def __str__(self):
        return f"{self.name}: {self.score}"
