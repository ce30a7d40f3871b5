import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, RevisionMixin
from wagtail.search import index

from kpi import progress
from kpi.choices import Pillar, Review
from kpi.task_views import PlanTaskRoutes
from portal.models import BasePage
from portal.navigation import singleton_route_url


class Plan(models.Model):
    """A plan that sets targets: a legal document of the library when it has a number there."""

    slug = models.SlugField(_("đường dẫn"), max_length=60, unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=400)
    document = models.ForeignKey(
        "documents.LegalDocument",
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpi_plans",
    )
    # Where the plan applies, as the place was then (units change; a plan keeps the place it had).
    place = models.ForeignKey(
        "portal.Organisation", verbose_name=_("địa phương"), on_delete=models.PROTECT, related_name="plans"
    )

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("các kế hoạch")
        ordering = ["place__area_name", "place__name", "slug"]

    def __str__(self):
        return self.short_label

    @property
    def label(self):
        """The plan's full name: its document's number, else its whole title (exports, tooltips)."""
        if self.document_id and self.document.number:
            return f"{self.document.document_type.abbreviation} {self.document.number}"
        return self.title

    @property
    def short_label(self):
        """The name shortened for display at a word boundary; templates give `label` in a title."""
        return shorten(self.label, SHORT_LABEL_LENGTH)


SHORT_LABEL_LENGTH = 80
# A latest measurement more than this many years before the current year is flagged as old data.
STALE_AFTER_YEARS = 2


def shorten(text, limit):
    """`text` cut at the last word boundary within `limit` characters, with an ellipsis; whole if short."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(' ,;:–-(“"') + "…"


class Kind(models.TextChoices):
    HIGHER = progress.HIGHER, _("Tỷ lệ hoặc số lượng, càng cao càng tốt")
    LOWER = progress.LOWER, _("Tỷ lệ hoặc số lượng, càng thấp càng tốt")
    RANK = progress.RANK, _("Thứ hạng (số nhỏ là tốt)")
    GROWTH = progress.GROWTH, _("Tốc độ tăng mỗi năm")
    CHANGE = progress.CHANGE, _("Mức thay đổi so với năm gốc")
    MILESTONE = progress.MILESTONE, _("Mốc có/không")


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("tối thiểu (≥)")
    MORE_THAN = "more_than", _("trên (>)")
    AT_MOST = "at_most", _("tối đa (≤)")
    EXACTLY = "exactly", _("đúng bằng (=)")


class Indicator(RevisionMixin, index.Indexed, ClusterableModel):
    slug = models.SlugField(_("mã"), max_length=80, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    pillar = models.CharField(_("trụ cột"), max_length=30, choices=Pillar.choices)
    unit = models.CharField(_("đơn vị"), max_length=40, blank=True)
    kind = models.CharField(_("loại chỉ tiêu"), max_length=20, choices=Kind.choices, default=Kind.HIGHER)
    comparator = models.CharField(_("so sánh"), max_length=12, choices=Comparator.choices, default=Comparator.AT_LEAST)
    place = models.ForeignKey(
        "portal.Organisation", verbose_name=_("địa phương"), on_delete=models.PROTECT, related_name="indicators"
    )
    responsible_unit = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("đơn vị cung cấp số liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_indicators",
        help_text=_("Cán bộ số liệu của đơn vị này gửi số đo cho chỉ tiêu; người duyệt duyệt trước khi công khai."),
    )
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    baseline_value = models.DecimalField(_("giá trị gốc"), max_digits=14, decimal_places=4, null=True, blank=True)
    comparable = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        verbose_name=_("chỉ tiêu tương đương ở nơi khác"),
        help_text=_(
            "Cùng một thước đo do kế hoạch của địa phương khác đặt ra; trang chỉ tiêu so sánh các nơi theo năm."
        ),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="indicator")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("pillar"), FieldPanel("place"), FieldPanel("unit")]),
        FieldPanel("responsible_unit"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("comparator")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("baseline_year"), FieldPanel("baseline_value")])],
            heading=_("Số liệu gốc"),
            help_text=_("Điểm xuất phát của lộ trình; để trống nếu nguồn không nêu."),
        ),
        FieldPanel("comparable"),
        InlinePanel("targets", label=_("Mục tiêu")),
        InlinePanel("measurements", label=_("Số đo")),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("pillar"),
    ]

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("các chỉ tiêu")
        ordering = ["pillar", "name"]

    def __str__(self):
        # The place tells editors apart indicators of the same name (TP.HCM's, Cao Lãnh's) in
        # choosers and lists.
        if self.place_id:
            return f"{self.name} ({self.place.area_label})"
        return self.name

    def with_unit(self, text):
        return with_unit(text, self.unit)

    def clean(self):
        super().clean()
        if (self.baseline_year is None) != (self.baseline_value is None):
            raise ValidationError(_("Hãy ghi cả năm gốc và giá trị gốc, hoặc để trống cả hai."))

    def get_absolute_url(self):
        """The indicator's page (the dashboard's "indicator" route), or None without a dashboard."""
        return singleton_route_url(KpiDashboardPage, "indicator", slug=self.slug)

    def get_url(self, request=None):
        return self.get_absolute_url()

    @property
    def url(self):
        return self.get_absolute_url()

    @property
    def smaller_is_better(self):
        return progress.smaller_is_better(self.kind, self.comparator)

    def points(self):
        return [progress.Point(m.year, m.value, m.low, m.high) for m in self.measurements.all()]

    def baseline_point(self):
        if self.baseline_year is not None and self.baseline_value is not None:
            return progress.Point(self.baseline_year, self.baseline_value)
        return None

    def assess(self, target, today_year=None):
        return progress.assess(
            self.kind,
            self.comparator,
            target.year,
            target.value,
            self.points(),
            today_year or timezone.localdate().year,
            baseline=self.baseline_point(),
            base_year=target.base_year,
        )

    def latest_measurement(self):
        """The figure of the latest year; of two for the same year, the later published."""
        return max(self.measurements.all(), key=Measurement.recency, default=None)

    def current_targets(self, today_year=None, plan=None, year=None):
        """The targets that say where the indicator stands now: those of the nearest target year
        not yet past, else of the latest year (or of the year and plan asked for). Several plans
        may set different values for it: all of them are returned."""
        today_year = today_year or timezone.localdate().year
        targets = [
            t for t in self.targets.all() if (plan is None or t.plan_id == plan.pk) and (year is None or t.year == year)
        ]
        if not targets:
            return []
        ahead = [t.year for t in targets if t.year >= today_year]
        year = min(ahead) if ahead else max(t.year for t in targets)
        return [t for t in targets if t.year == year]

    def summary(self, today_year=None, plan=None, year=None):
        """What the dashboard, the block and the exports show: one computation for all."""
        current = self.current_targets(today_year, plan, year)
        assessments = [(target, self.assess(target, today_year)) for target in current]
        headline = assessments[0][1] if assessments else progress.Assessment(progress.NO_DATA, None, None, None, "")

        latest = self.latest_measurement()
        today_year = today_year or timezone.localdate().year
        return {
            "indicator": self,
            "targets": assessments,
            "headline": headline,
            "disagreement": len({t.value for t, _a in assessments}) > 1,
            "latest": latest,
            # The status rests on old data: the latest figure is more than STALE_AFTER_YEARS old.
            "stale": latest is not None and latest.year < today_year - STALE_AFTER_YEARS,
        }


class Target(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4)
    base_year = models.PositiveSmallIntegerField(_("năm gốc (so sánh)"), null=True, blank=True)
    passage = models.TextField(_("đoạn trích"), help_text=_("Câu trong văn bản đặt ra mục tiêu."))
    weight = models.DecimalField(
        _("trọng số"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "Chỉ khi kế hoạch nêu trọng số; mặc định 1. Dùng khi tính tiến độ bình quân của kế hoạch, trụ cột."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("plan"), FieldPanel("year"), FieldPanel("value"), FieldPanel("base_year")]),
        FieldPanel("weight"),
        FieldPanel("passage"),
    ]

    class Meta(Orderable.Meta):
        # Seeded and imported rows have no sort order: the primary key breaks the ties, so the
        # admin's form and every list show them in one order on every database.
        ordering = ["sort_order", "pk"]
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("các mục tiêu")

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.get_display_value()}"

    def get_display_value(self):
        if self.indicator.kind == progress.MILESTONE:
            return "Hoàn thành"
        prefix = {"at_least": "≥ ", "more_than": "> ", "at_most": "≤ ", "exactly": ""}[self.indicator.comparator]
        return f"{prefix}{format_number(self.value)}"

    @property
    def display_with_unit(self):
        """'≥ 40% GRDP': the target as every list and page shows it (a milestone has no unit)."""
        if self.indicator.kind == progress.MILESTONE:
            return self.get_display_value()
        return with_unit(self.get_display_value(), self.indicator.unit)


class Measurement(Orderable):
    """A measured value, or a range (13.71–15.72), for a year, with its source."""

    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4, null=True, blank=True)
    low = models.DecimalField(_("từ"), max_digits=14, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(_("đến"), max_digits=14, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=300)
    source_document = models.ForeignKey(
        "documents.LegalDocument", verbose_name=_("văn bản nguồn"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source_url = models.URLField(_("liên kết nguồn"), blank=True)
    reported_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    passage = models.TextField(_("đoạn trích"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True, on_delete=models.SET_NULL
    )
    review = models.CharField(_("duyệt"), max_length=10, choices=Review.choices, default=Review.PENDING)
    entered_at = models.DateTimeField(_("lúc nhập"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("lúc duyệt"), null=True, blank=True)
    review_note = models.TextField(_("ghi chú khi duyệt"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("value"), FieldPanel("low"), FieldPanel("high")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("reported_on")]),
        FieldRowPanel([FieldPanel("source_document"), FieldPanel("source_url")]),
        FieldPanel("passage"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]  # as the targets'
        verbose_name = _("số đo")
        verbose_name_plural = _("các số đo")
        permissions = [
            ("submit_measurement", _("Gửi số đo (tải lên bảng số liệu)")),
            ("review_measurement", _("Duyệt số đo trước khi công khai")),
        ]
        indexes = [models.Index(fields=["review", "indicator"], name="measurement_review")]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.display}"

    def clean(self):
        has_range = self.low is not None or self.high is not None
        if self.value is None and not (self.low is not None and self.high is not None):
            raise ValidationError(_("Hãy ghi một giá trị, hoặc một khoảng (từ … đến …)."))
        if self.value is not None and has_range:
            raise ValidationError(_("Ghi một giá trị hoặc một khoảng, không ghi cả hai."))
        if has_range and self.low > self.high:
            raise ValidationError({"high": _("Cận trên phải lớn hơn hoặc bằng cận dưới.")})

    def recency(self):
        """Sort key: by year, then, of two figures for a year, the later published."""
        return (self.year, self.reported_on or datetime.date.min, self.pk or 0)

    @property
    def display(self):
        def fmt(number):
            return format_number(number)

        if self.value is not None:
            return fmt(self.value)
        return f"{fmt(self.low)}–{fmt(self.high)}"

    @property
    def display_with_unit(self):
        return with_unit(self.display, self.indicator.unit)


def format_number(number):
    """13.7100 -> '13,71' the Vietnamese way."""
    if number is None:
        return ""
    text = f"{Decimal(number).normalize():f}"
    return text.replace(".", ",")


def with_unit(text, unit):
    """'40' + '% GRDP' -> '40% GRDP'; '2' + 'hạng' -> '2 hạng' (a percent sign sits on the number)."""
    unit = (unit or "").strip()
    if not unit or not text:
        return text
    return f"{text}{unit}" if unit.startswith("%") else f"{text} {unit}"


class KpiDashboardPage(PlanTaskRoutes, RoutablePageMixin, BasePage):
    """Chỉ tiêu at /chi-tieu/: indicators by pillar with computed status, and each indicator's page."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("trang chỉ tiêu")

    @path("", name="dashboard")
    def dashboard(self, request):
        from kpi.views import dashboard_view

        return dashboard_view(request, self)

    @path("du-lieu-mo/<str:fmt>/", name="export")
    def export(self, request, fmt):
        """The open-data export of the dashboard's indicators, under the same filters: CSV or JSON."""
        from kpi.views import export_view

        return export_view(request, fmt)

    @path("<slug:slug>/", name="indicator")
    def indicator(self, request, slug):
        from kpi.views import indicator_view

        return indicator_view(request, self, slug)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base is None:
            return urls
        base = base.rstrip("/") + "/"
        urls += [
            {"location": base + self.reverse_subpage("indicator", kwargs={"slug": slug})}
            for slug in Indicator.objects.values_list("slug", flat=True)
        ]
        return urls + self.task_sitemap_urls(base)

    def task_sitemap_urls(self, base):
        """The plan trackers: the index, each plan with tasks, each unit a task names."""
        from django.db.models import Q

        from portal.models import Organisation

        plans = Plan.objects.filter(tasks__isnull=False).distinct().order_by("slug").values_list("slug", flat=True)
        named = Q(led_plan_tasks__isnull=False) | Q(joint_led_plan_tasks__isnull=False)
        named |= Q(co_ordinated_plan_tasks__isnull=False)
        units = Organisation.objects.filter(named).distinct().order_by("slug").values_list("slug", flat=True)
        routes = [("task_plans", {})]
        routes += [("plan_tasks", {"plan": slug}) for slug in plans]
        routes += [("unit_tasks", {"unit": slug}) for slug in units]
        return [{"location": base + self.reverse_subpage(name, kwargs=kwargs)} for name, kwargs in routes]


class UnitStaff(models.Model):
    """A unit's data staff (Cán bộ số liệu): the account and the unit it submits measurements for.
    Staff may submit for the indicators whose responsible unit is theirs, and nothing else."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kpi_unit_staff")
    unit = models.ForeignKey(
        "portal.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="data_staff"
    )

    panels = [FieldPanel("user"), FieldPanel("unit")]

    class Meta:
        verbose_name = _("cán bộ số liệu")
        verbose_name_plural = _("cán bộ số liệu")

    def __str__(self):
        return f"{self.user} ({self.unit})"


# --- Outside embeds ---------------------------------------------------------------------------

# An origin as a browser sends it (scheme, host, optional port): https://so.gov.vn,
# http://localhost:8000, https://*.gov.vn (CSP's wildcard for every subdomain), an IPv4 address.
ORIGIN_PATTERN = re.compile(
    r"^(?P<scheme>https?)://(?P<host>(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)"
    r"(:(?P<port>[0-9]{1,5}))?/?$"
)


def parse_origins(text):
    """The origins of `text`, one a line (blank lines skipped), normalised (lower case, no trailing
    slash); raises ValidationError naming every line that is not an origin."""
    origins, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        value = line.strip()
        if not value:
            continue
        match = ORIGIN_PATTERN.match(value.lower())
        port = match and match.group("port")
        if match is None or (port is not None and not 0 < int(port) < 65536):
            errors.append(
                ValidationError(
                    _(
                        "Dòng %(line)s: “%(value)s” không phải là một nguồn hợp lệ. Mỗi dòng ghi một nguồn "
                        "dạng https://ten-mien[:cổng], không có đường dẫn, ví dụ https://sotttt.hochiminhcity.gov.vn "
                        "hoặc https://*.hochiminhcity.gov.vn."
                    ),
                    code="invalid_origin",
                    params={"line": number, "value": value},
                )
            )
            continue
        origin = value.lower().rstrip("/")
        if origin not in origins:
            origins.append(origin)
    if errors:
        raise ValidationError(errors)
    return origins


@register_setting(icon="code")
class EmbedSettings(BaseSiteSetting):
    """Which other sites may show the portal's embeddable cards in a frame (kpi.embeds): their
    origins go into the embed routes' Content-Security-Policy frame-ancestors. Empty: the portal's
    own pages only. The static SVG images need no permission."""

    allowed_origins = models.TextField(
        _("các trang được phép nhúng"),
        blank=True,
        help_text=_(
            "Mỗi dòng một nguồn (scheme, tên miền và cổng nếu có), ví dụ https://sotttt.hochiminhcity.gov.vn. "
            "“https://*.hochiminhcity.gov.vn” cho phép mọi tên miền con. Để trống: chỉ chính cổng này được nhúng."
        ),
    )

    panels = [FieldPanel("allowed_origins")]

    class Meta:
        verbose_name = _("Nhúng chỉ tiêu")

    def clean(self):
        super().clean()
        try:
            origins = parse_origins(self.allowed_origins)
        except ValidationError as error:
            raise ValidationError({"allowed_origins": error.error_list}) from None
        self.allowed_origins = "\n".join(origins)

    @property
    def origins(self):
        """The allowed origins (stored normalised by clean(); parsed leniently here: a bad line
        saved some other way is left out rather than sent)."""
        return [line for line in (self.allowed_origins or "").splitlines() if ORIGIN_PATTERN.match(line.strip())]


from kpi.plan_tasks import PlanTask, TaskUpdate  # noqa: E402,F401
