"""The one registry of public bodies: the city, its departments, districts and wards, ministries
and national bodies, each time-versioned.

A row is one version of a body under one name: a body renamed, merged or dissolved keeps its row
(with `active_until`) and names its `successor`, a new row. What happened in the past therefore
stays under the name it had: a document keeps the issuer that signed it, an answer the unit that
gave it, a plan the place it was made for. Apps point at Organisation and keep only their own data.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from portal.text import AsciiSlugField, slugify_vi


class Level(models.TextChoices):
    CITY = "city", _("Tỉnh, thành phố trực thuộc trung ương")
    DEPARTMENT = "department", _("Sở, ngành")
    DISTRICT = "district", _("Quận, huyện (trước 1/7/2025)")
    THU_DUC = "thu_duc", _("Thành phố Thủ Đức (trước 1/7/2025)")
    COMMUNE = "commune", _("Phường, xã, đặc khu")
    MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ")
    NATIONAL = "national", _("Cơ quan trung ương")
    OTHER = "other", _("Khác")


class OrganisationQuerySet(models.QuerySet):
    def active_on(self, on=None):
        """The bodies that existed on `on` (today when not given)."""
        on = on or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=on)
        )

    def by_slug(self, slug):
        """The body a slug names: its own slug, its place slug, or a slug it had before the registry."""
        if not slug:
            return None
        return (
            self.filter(slug=slug).first()
            or self.filter(area_slug=slug).first()
            or self.filter(legacy_ids__slug=slug).order_by("pk").first()
        )


class Organisation(models.Model):
    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    slug = AsciiSlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, default=Level.OTHER, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    area_name = models.CharField(
        _("tên địa bàn"),
        max_length=200,
        blank=True,
        help_text=_("Địa phương do cơ quan quản lý, như kế hoạch và chỉ tiêu ghi (ví dụ Thành phố Hồ Chí Minh)."),
    )
    area_slug = AsciiSlugField(
        _("đường dẫn địa bàn"), max_length=60, blank=True, help_text=_("Dùng trong bộ lọc địa phương của chỉ tiêu.")
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_until = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Nguồn của ngày tháng và quan hệ kế thừa."))

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("parent")]),
        FieldRowPanel([FieldPanel("area_name"), FieldPanel("area_slug")]),
        FieldPanel("email"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")]),
                FieldPanel("successor"),
                FieldPanel("note"),
            ],
            heading=_("Thời gian hoạt động"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("các cơ quan, đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["area_slug"], condition=~Q(area_slug=""), name="unique_organisation_area"),
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_until__isnull=True)
                | Q(active_from__lte=models.F("active_until")),
                name="organisation_active_dates_in_order",
                violation_error_message=_("Ngày “hoạt động đến” không được trước ngày “hoạt động từ”."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug(slugify_vi(self.short_name or self.name, max_length=90) or "co-quan")
        super().save(*args, **kwargs)

    def _free_slug(self, base):
        taken = set(
            Organisation.objects.exclude(pk=self.pk).filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def label(self):
        """The short name where there is one (document listings, facets), else the name."""
        return self.short_name or self.name

    @property
    def area_label(self):
        """The place the body governs, as plans and indicators name it."""
        return self.area_name or self.name

    @property
    def area_key(self):
        """The key of the place in filters (`?dia-phuong=`): the area's slug, else the body's."""
        return self.area_slug or self.slug

    def is_active_on(self, on=None):
        on = on or timezone.localdate()
        return (self.active_from is None or self.active_from <= on) and (
            self.active_until is None or self.active_until >= on
        )

    def current_successor(self, on=None):
        """Follow the chain of successors to the body that does this work on `on` (today); the body
        itself when it is active or names no successor. A loop in the chain stops where it closes."""
        body, seen = self, set()
        while not body.is_active_on(on) and body.successor_id and body.pk not in seen:
            seen.add(body.pk)
            body = body.successor
        return body


class OrganisationLegacyId(models.Model):
    """Where a body came from when the three registries became one: the old table, the old id
    and the old slug, so that old admin links and filters still find it."""

    class Source(models.TextChoices):
        UNIT = "forum_unit", _("Đơn vị trả lời (diễn đàn)")
        ISSUER = "documents_issuer", _("Cơ quan ban hành (thư viện văn bản)")
        PLACE = "kpi_place", _("Địa phương (chỉ tiêu)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="legacy_ids")
    source = models.CharField(max_length=20, choices=Source.choices)
    old_id = models.BigIntegerField()
    slug = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("mã cũ của cơ quan")
        verbose_name_plural = _("mã cũ của cơ quan")
        constraints = [models.UniqueConstraint(fields=["source", "old_id"], name="unique_organisation_legacy_id")]

    def __str__(self):
        return f"{self.source}#{self.old_id} → {self.organisation_id}"
