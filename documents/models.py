from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from documents import validity
from documents.text import number_key
from portal.choices import SlugChoices, public_slugs
from portal.covers import Cover, palette_for
from portal.models import BasePage
from portal.navigation import singleton_route_url
from portal.text import AsciiSlugField, fold, format_date_short, slugify_vi

FULL_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class NullsLastIndex(models.Index):
    """An index on ordered expressions with NULLS LAST / FIRST, as the library sorts (undated
    documents last). SQLite refuses the modifier in CREATE INDEX, and needs none for a descending
    column (it sorts NULLs last descending): there the modifier is left out."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        index = self
        if schema_editor.connection.vendor == "sqlite":
            index = self.clone()
            index.expressions = [
                models.OrderBy(e.expression, descending=e.descending) if isinstance(e, models.OrderBy) else e
                for e in self.expressions
            ]
        return models.Index.create_sql(index, model, schema_editor, using=using, **kwargs)


class DocumentType(models.Model):
    """Loại văn bản: Luật, Nghị quyết, Quyết định, Kế hoạch, Công văn..."""

    name = models.CharField(_("tên loại"), max_length=80, unique=True)
    abbreviation = models.CharField(_("viết tắt"), max_length=20, blank=True)
    slug = AsciiSlugField(_("đường dẫn"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("các loại văn bản")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class LegalField(models.Model):
    """Lĩnh vực: Chính quyền số, Kinh tế số..."""

    name = models.CharField(_("tên lĩnh vực"), max_length=80, unique=True)
    slug = AsciiSlugField(_("đường dẫn"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("các lĩnh vực")
        ordering = ["name"]

    def __str__(self):
        return self.name


# Each document type's cover colour (portal.covers.PALETTES); a type added later gets one by its slug.
TYPE_PALETTES = {
    "luat": "navy",
    "nghi-quyet": "red",
    "nghi-dinh": "plum",
    "quyet-dinh": "blue",
    "chi-thi": "brown",
    "thong-tu": "teal",
    "chuong-trinh": "purple",
    "ke-hoach": "green",
    "cong-van": "slate",
    "thong-bao": "gold",
}


class LegalDocumentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def with_validity(self, on=None):
        return validity.annotate_validity(self, on)

    def for_listing(self):
        return self.select_related("document_type", "issuer")


class LegalDocument(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    number = models.CharField(
        _("số hiệu"),
        max_length=60,
        blank=True,
        help_text=_(
            "Như trên văn bản, ví dụ 681/KH-UBND, 52-NQ/TW, 98/2023/QH15. Để trống nếu nguồn không cho biết số hiệu."
        ),
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="documents"
    )
    # The body as it was named when it signed: a renamed or merged body is a new Organisation.
    issuer = models.ForeignKey(
        "portal.Organisation", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.TextField(_("trích yếu"))
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    status_override = models.CharField(
        _("xác định tình trạng thủ công"),
        max_length=30,
        blank=True,
        choices=validity.STATUS_CHOICES,
        help_text=_("Chỉ dùng khi tình trạng tính từ ngày tháng và quan hệ không đúng; phải ghi lý do."),
    )
    status_reason = models.CharField(_("lý do"), max_length=300, blank=True)
    fields = ParentalManyToManyField(LegalField, verbose_name=_("lĩnh vực"), blank=True, related_name="documents")
    full_text = RichTextField(_("toàn văn"), blank=True, features=FULL_TEXT_FEATURES)
    extracted_text = models.TextField(
        _("văn bản trích từ tệp đính kèm"), blank=True, editable=False, help_text=_("Dùng cho tìm kiếm.")
    )
    slug = AsciiSlugField(_("đường dẫn"), max_length=120, unique=True, blank=True)
    number_key = models.CharField(max_length=80, db_index=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="legaldocument")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="legaldocument",
        for_concrete_model=False,
    )

    objects = LegalDocumentQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("document_type")]),
                FieldPanel("issuer"),
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("signer"), FieldPanel("signer_title")]),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on"), FieldPanel("expires_on")]),
                # A short fixed list (eight fields): checkboxes, all visible, rather than <select multiple>.
                FieldPanel("fields", widget=forms.CheckboxSelectMultiple),
                FieldPanel("slug"),
            ],
            heading=_("Thuộc tính"),
        ),
        MultiFieldPanel(
            [FieldPanel("status_override"), FieldPanel("status_reason")],
            heading=_("Tình trạng hiệu lực"),
            help_text=_("Tình trạng được tính tự động; chỉ ghi đè khi cần, kèm lý do."),
        ),
        FieldPanel("full_text"),
        InlinePanel("attachments", label=_("Tệp đính kèm")),
        InlinePanel("relations", label=_("Quan hệ với văn bản khác")),
    ]

    search_fields = [
        index.SearchField("number", boost=5),
        index.AutocompleteField("number"),
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("full_text"),
        index.SearchField("extracted_text"),
        index.SearchField("search_text"),
        index.FilterField("live"),
        index.FilterField("issued_on"),
        index.FilterField("document_type"),
        index.FilterField("issuer"),
        index.RelatedFields("issuer", [index.SearchField("name"), index.SearchField("short_name")]),
    ]

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number_key", "issuer"], condition=~models.Q(number_key=""), name="unique_number_per_issuer"
            )
        ]
        indexes = [
            models.Index(fields=["live", "issued_on"]),
            # The library's order, newest first (library.SORTS["moi-nhat"]): its first page reads 20 rows.
            NullsLastIndex(
                models.F("issued_on").desc(nulls_last=True), models.F("id").desc(), name="document_newest_first"
            ),
            # The library's facets and total (library._groups, the fields facet's join): every
            # column they read, so that PostgreSQL counts 100,000 documents from this narrow index
            # (an index-only scan) and not from the table and its full texts.
            models.Index(
                fields=["document_type", "issuer", "issued_on", "effective_on", "expires_on", "status_override", "id"],
                condition=models.Q(live=True),
                name="document_facets",
            ),
        ]

    def __str__(self):
        number = self.number or "(chưa rõ số hiệu)"
        return f"{self.document_type} {number}" if self.document_type_id else number

    def clean(self):
        super().clean()
        errors = {}
        if self.status_override and not self.status_reason.strip():
            errors["status_reason"] = _("Hãy ghi lý do khi xác định tình trạng hiệu lực thủ công.")
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("Ngày có hiệu lực không thể trước ngày ban hành.")
        if (
            self.expires_on
            and (self.effective_on or self.issued_on)
            and self.expires_on < (self.effective_on or self.issued_on)
        ):
            errors["expires_on"] = _("Ngày hết hiệu lực không thể trước ngày có hiệu lực.")
        if self.number and not number_key(self.number):
            errors["number"] = _("Số hiệu phải có chữ hoặc số.")
        if self.number and self.issuer_id:
            clash = LegalDocument.objects.filter(number_key=number_key(self.number), issuer_id=self.issuer_id)
            if clash.exclude(pk=self.pk).exists():
                errors["number"] = _("Cơ quan này đã có văn bản mang số hiệu này.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self, taken_slugs=None):
        """Fill the derived columns; the importer calls it before bulk_create (which skips save)."""
        self.number = self.number.strip()
        self.number_key = number_key(self.number)
        if not self.slug:
            self.slug = self._unique_slug(taken_slugs)
        self.search_text = self.build_search_text()

    def base_slug(self):
        """The slug made from type, number (or the first words of the title) and year, before a
        "-2", "-3"... that makes it unique."""
        abbreviation = self.document_type.abbreviation if self.document_type_id else ""
        year = self.issued_on.year if self.issued_on else ""
        identity = self.number or " ".join(self.title.split()[:10])
        return slugify_vi(f"{abbreviation} {identity} {year}", max_length=100) or "van-ban"

    def _unique_slug(self, taken=None):
        base = self.base_slug()

        def is_taken(slug):
            if taken is not None:
                return slug in taken
            return LegalDocument.objects.filter(slug=slug).exclude(pk=self.pk).exists()

        slug, n = base, 2
        while is_taken(slug):
            slug, n = f"{base}-{n}", n + 1
        if taken is not None:
            taken.add(slug)
        return slug

    def build_search_text(self):
        """Everything a reader might type, folded (no diacritics, đ→d, lower-case), for matching
        queries with or without diacritics on any database."""
        parts = [self.number, self.number_key, self.title, self.signer]
        if self.issuer_id:
            parts += [self.issuer.name, self.issuer.short_name]
        if self.document_type_id:
            parts.append(self.document_type.name)
        parts += [strip_tags(self.full_text), self.extracted_text]
        return fold(" ".join(part for part in parts if part))

    # --- presentation -----------------------------------------------------------------------

    def get_absolute_url(self):
        """The document's page in the library (its "document" route), or None without a library."""
        return singleton_route_url(DocumentLibraryPage, "document", slug=self.slug)

    def get_url(self, request=None):
        return self.get_absolute_url()

    @property
    def url(self):
        return self.get_absolute_url()

    @property
    def year(self):
        return self.issued_on.year if self.issued_on else None

    @property
    def citation(self):
        """The line a reader copies: 'Kế hoạch số 681/KH-UBND ngày 10/3/2021 của UBND TP.HCM về ...'."""
        text = f"{self.document_type.name} số {self.number}" if self.number else self.document_type.name
        if self.issued_on:
            text += f" ngày {format_date_short(self.issued_on)}"
        text += f" của {self.issuer.name}"
        title = self.title.strip()
        if title:
            # "Về việc..." reads on; otherwise "về" joins, lower-casing the first word unless it is an acronym.
            if len(title) > 1 and title[1].islower():
                title = title[0].lower() + title[1:]
            text += f" {title}" if title.startswith("về ") else f" về {title}"
        return text

    def cover_art(self):
        """The generated cover: the số hiệu under the type ("681/KH-UBND", "Kế hoạch"), or the
        type and year when the number is not known."""
        kind = self.document_type
        if self.number:
            figure, label = self.number, kind.name
        else:
            figure = f"{kind.name} {self.year}" if self.year else kind.name
            label = str(_("Văn bản"))
        return Cover(
            figure=figure,
            label=label,
            palette=TYPE_PALETTES.get(kind.slug) or palette_for(kind.slug),
            title=str(self),
        )

    def cover_version(self):
        """What the cover depends on: the live revision and the last save."""
        return f"d{self.pk}.{self.live_revision_id or 0}.{int(self.updated_at.timestamp())}"

    @property
    def cover_url(self):
        from django.urls import reverse

        from portal.params import url_with_query

        return url_with_query(reverse("document_cover", args=[self.slug]), [("v", self.cover_version())])

    def validity_on(self, on=None, incoming=None):
        return validity.validity_on(self, on or timezone.localdate(), incoming)

    @property
    def validity_label(self):
        """The status label in listings, where the queryset was annotated with `validity_code`."""
        return validity.STATUS_LABELS.get(getattr(self, "validity_code", ""), "")

    def get_preview_template(self, request, mode_name):
        return "documents/legal_document.html"

    def get_preview_context(self, request, mode_name):
        from documents.views import document_context, document_page_parts, render_document_parts

        context = document_context(request, self, preview=True)
        return {**context, **document_page_parts(request, render_document_parts(request, context))}


class DocumentAttachment(Orderable):
    document = ParentalKey(LegalDocument, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên tệp"), max_length=200, blank=True, help_text=_("Ví dụ: Bản chính, Phụ lục I."))

    panels = [FieldPanel("file"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("tệp đính kèm")

    def __str__(self):
        return self.title or self.file.title


@public_slugs(
    BASED_ON="can-cu",
    IMPLEMENTS="thuc-hien",
    REPLACES="thay-the",
    AMENDS="sua-doi-bo-sung",
    REPEALS="bai-bo",
    GUIDES="huong-dan",
    CORRECTS="dinh-chinh",
    CONSOLIDATES="hop-nhat",
    RELATED="lien-quan",
)
class RelationType(SlugChoices):
    """Stored in English; the import format reads the slugs above (as well as labels and values)."""

    BASED_ON = "based_on", _("Căn cứ")
    IMPLEMENTS = "implements", _("Thực hiện")
    REPLACES = "replaces", _("Thay thế")
    AMENDS = "amends", _("Sửa đổi, bổ sung")
    REPEALS = "repeals", _("Bãi bỏ")
    GUIDES = "guides", _("Hướng dẫn")
    CORRECTS = "corrects", _("Đính chính")
    CONSOLIDATES = "consolidates", _("Hợp nhất")
    RELATED = "related", _("Liên quan")


assert set(validity.ENDING_TYPES) <= set(RelationType.values)


INVERSE_LABELS = {
    RelationType.BASED_ON: _("Là căn cứ của"),
    RelationType.IMPLEMENTS: _("Được thực hiện bởi"),
    RelationType.REPLACES: _("Bị thay thế bởi"),
    RelationType.AMENDS: _("Bị sửa đổi, bổ sung bởi"),
    RelationType.REPEALS: _("Bị bãi bỏ bởi"),
    RelationType.GUIDES: _("Được hướng dẫn bởi"),
    RelationType.CORRECTS: _("Được đính chính bởi"),
    RelationType.CONSOLIDATES: _("Được hợp nhất bởi"),
    RelationType.RELATED: _("Liên quan"),
}


class DocumentRelation(Orderable):
    """`source` <relation_type> `target`: "681/KH-UBND thực hiện 2393/QĐ-UBND". The target's page
    shows the inverse ("được thực hiện bởi")."""

    source = ParentalKey(LegalDocument, on_delete=models.CASCADE, related_name="relations")
    relation_type = models.CharField(_("quan hệ"), max_length=20, choices=RelationType.choices)
    target = models.ForeignKey(
        LegalDocument, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="incoming_relations"
    )
    effective_on = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    scope = models.CharField(
        _("phần bị tác động"), max_length=300, blank=True, help_text=_("Ví dụ: Điều 3, khoản 2. Để trống nếu toàn bộ.")
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("relation_type"), FieldPanel("target")]),
        FieldRowPanel([FieldPanel("effective_on"), FieldPanel("scope")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("quan hệ văn bản")
        verbose_name_plural = _("quan hệ văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "relation_type"], name="unique_document_relation"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="relation_not_to_itself"),
        ]

    def __str__(self):
        return f"{self.source.number} {self.get_relation_type_display().lower()} {self.target.number}"

    def clean(self):
        if self.source_id and self.target_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("Một văn bản không thể có quan hệ với chính nó.")})

    @property
    def label(self):
        return self.get_relation_type_display()

    @property
    def inverse_label(self):
        return INVERSE_LABELS[self.relation_type]

    @property
    def inverse_label_with_scope(self):
        label = f"{self.inverse_label} {self.source.number or self.source.document_type.name}"
        return f"{label} ({self.scope})" if self.scope else label


# --- The library page ----------------------------------------------------------------------


class DocumentLibraryPage(RoutablePageMixin, BasePage):
    """Thư viện văn bản at /van-ban/: faceted browsing, each document's page, open-data exports.
    Every route is named; templates link with `routablepageurl`, code with `reverse_subpage` or
    LegalDocument.get_absolute_url(), so that editors may rename or move the page."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thư viện văn bản")

    @path("", name="library")
    def library(self, request):
        from documents.views import library_view

        return library_view(request, self)

    @path("du-lieu-mo/<str:fmt>/", name="export")
    def export(self, request, fmt):
        """The open-data export of the listing's documents, under the same filters: CSV or JSON."""
        from documents.views import export_view

        return export_view(request, fmt)

    @path("<slug:slug>/", name="document")
    def document(self, request, slug):
        from documents.views import document_view

        return document_view(request, self, slug)

    @path("<slug:slug>/quan-he/<slug:kind>/", name="relations")
    def relations(self, request, slug, kind):
        """All the documents this one relates to by one relation type, paginated."""
        from documents.views import relations_view

        return relations_view(request, self, slug, kind, "quan-he")

    @path("<slug:slug>/quan-he-nguoc/<slug:kind>/", name="inverse_relations")
    def inverse_relations(self, request, slug, kind):
        """All the documents relating to this one by one relation type, paginated."""
        from documents.views import relations_view

        return relations_view(request, self, slug, kind, "quan-he-nguoc")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base is None:
            return urls
        for slug, updated in LegalDocument.objects.live().values_list("slug", "updated_at"):
            location = base.rstrip("/") + "/" + self.reverse_subpage("document", kwargs={"slug": slug})
            urls.append({"location": location, "lastmod": updated})
        return urls
