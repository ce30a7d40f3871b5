from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock, GalleryItemsBlock, PillarBlock, QuickLinkBlock
from portal.text import slugify_vi

# --- Media models (custom from the first migration) -------------------------------------------


class PortalImage(AbstractImage):
    """An image in the media library; credit says who made it or where it comes from. Every image
    says what it shows in Vietnamese (Wagtail's `description`, its alt text) unless the editor marks
    it as decorative: the only way to get alt=""."""

    description = models.CharField(
        _("văn bản thay thế"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "Mô tả ngắn nội dung ảnh cho người dùng trình đọc màn hình, ví dụ: “Lãnh đạo Thành phố phát biểu tại hội nghị”."
        ),
    )
    # Not "decorative": Wagtail's AbstractImage.__init__ sets an attribute of that name for ImageBlock.
    is_decorative = models.BooleanField(
        _("ảnh trang trí"),
        default=False,
        help_text=_("Chỉ đánh dấu khi ảnh không mang thông tin; trình đọc màn hình sẽ bỏ qua ảnh."),
    )
    credit = models.CharField(_("nguồn / tác giả"), max_length=200, blank=True)
    admin_form_fields = ("title", "file", "description", "is_decorative", *Image.admin_form_fields[3:], "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        permissions = [("choose_image", "Can choose image")]

    def clean(self):
        super().clean()
        self.description = (self.description or "").strip()
        if not self.is_decorative and not self.description:
            raise ValidationError(
                {"description": _("Hãy nhập văn bản thay thế mô tả ảnh, hoặc đánh dấu đây là ảnh trang trí.")}
            )

    @property
    def alt(self):
        """The alt attribute: empty only for a decorative image; the title for an image stored
        before alt text was asked for."""
        if self.is_decorative:
            return ""
        return self.description or self.title

    @property
    def default_alt_text(self):  # used by Wagtail's {% image %} tag, renditions and rich text
        return self.alt


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class PortalDocument(AbstractDocument):
    """A file (PDF, DOCX...) in the document store: attachments of legal documents and pages."""

    description = models.TextField(_("mô tả"), blank=True)
    admin_form_fields = Document.admin_form_fields + ("description",)

    class Meta(AbstractDocument.Meta):
        verbose_name = _("tệp tài liệu")
        verbose_name_plural = _("tệp tài liệu")
        permissions = [("choose_document", "Can choose document")]


# --- Site settings -------------------------------------------------------------------------------


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The operator's contact details shown in every page's footer, editable in the admin."""

    organisation_name = models.CharField(_("cơ quan vận hành"), max_length=200, blank=True)
    organisation_note = models.CharField(
        _("ghi chú về cơ quan"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: cơ quan trước đây phụ trách cổng thông tin."),
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=60, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang web"), blank=True)
    footer_links = StreamField([("link", QuickLinkBlock())], blank=True, verbose_name=_("liên kết chân trang"))

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_note"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Thông tin liên hệ"),
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("thông tin cổng")


# --- Pages ---------------------------------------------------------------------------------------


class BasePage(Page):
    """What every content page shares: a lead paragraph and the documents it draws on."""

    intro = models.TextField(
        _("giới thiệu ngắn"), blank=True, help_text=_("Một hai câu mở đầu, dùng cả trong danh sách.")
    )
    menu_title = models.CharField(
        _("tên trên thanh điều hướng"),
        max_length=40,
        blank=True,
        help_text=_("Tên ngắn hiển thị trên thanh điều hướng chính; để trống sẽ dùng tiêu đề trang."),
    )
    sources = StreamField(
        [("source", blocks.CharBlock(label=_("Văn bản nguồn"), max_length=300))],
        blank=True,
        verbose_name=_("văn bản nguồn"),
        help_text=_("Các văn bản mà nội dung trang dựa vào."),
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + [FieldPanel("menu_title")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        """Every slug the portal makes is ASCII, folded as search folds ("Hội thảo đổi mới" ->
        "hoi-thao-doi-moi"): a Unicode slug typed by an editor is folded, and a blank one is made
        from the title here rather than by Wagtail's slugify (which drops "đ")."""
        if self.slug and not self.slug.isascii():
            self.slug = slugify_vi(self.slug, max_length=255)
        elif not self.slug and self.title and (self.path or getattr(self, "_cached_parent_obj", None)):
            base = slugify_vi(self.title, max_length=80)
            if base:
                self.slug = self._get_autogenerated_slug(base)
        super().full_clean(*args, **kwargs)


class ContentPage(BasePage):
    """Abstract page with a StreamField body and a table of contents built from its H2 headings."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("nội dung"))

    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body"), FieldPanel("sources")]

    class Meta:
        abstract = True

    @cached_property
    def table_of_contents(self):
        return [
            {"text": block.value["text"], "anchor": slugify_vi(block.value["text"])}
            for block in self.body
            if block.block_type == "heading" and block.value["level"] == "h2"
        ]


class HomePage(BasePage):
    """The landing page of the programme: pillars, goals, and a section from each app."""

    hero_title = models.CharField(_("tiêu đề chính"), max_length=200)
    hero_intro = models.TextField(_("lời giới thiệu"), blank=True)
    pillars = StreamField([("pillar", PillarBlock())], blank=True, verbose_name=_("trụ cột"))
    quick_links = StreamField([("link", QuickLinkBlock())], blank=True, verbose_name=_("liên kết nhanh"))
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("nội dung thêm"),
        help_text=_("Khối tùy chọn sau các trụ cột, ví dụ một nhóm chỉ tiêu."),
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    content_panels = BasePage.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_intro"),
        FieldPanel("pillars"),
        FieldPanel("body"),
        FieldPanel("quick_links"),
        FieldPanel("sources"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("hero_intro")]

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each app contributes its block through the "portal_home_sections" hook; an app that has
        # nothing to show (or is not built yet) contributes nothing, and its block is hidden.
        sections = []
        for hook in hooks.get_hooks("portal_home_sections"):
            section = hook(request, self)
            if section:
                sections.append(section)
        sections.sort(key=lambda section: section.get("order", 100))
        # What changes most (news, KPIs, the bulletin) comes before the programme's pillars.
        context["home_sections_top"] = [section for section in sections if section.get("order", 100) < 25]
        context["home_sections"] = [section for section in sections if section.get("order", 100) >= 25]
        return context


class StandardPage(ContentPage):
    """A page of prose: Giới thiệu, Ban chỉ đạo, terms of use..."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("trang nội dung")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().public().specific().only("title", "url_path", "path")
        return context


class HandbookIndexPage(BasePage):
    """Cẩm nang chuyển đổi số: the list of chapters."""

    search_type = "cam-nang"
    search_type_label = _("Cẩm nang")

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.HandbookChapterPage"]
    content_panels = BasePage.content_panels + [FieldPanel("sources")]

    class Meta:
        verbose_name = _("cẩm nang")

    def chapters(self):
        return HandbookChapterPage.objects.child_of(self).live().public().only("title", "intro", "url_path", "path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = self.chapters()
        return context


class HandbookChapterPage(ContentPage):
    """A chapter of the handbook with its own table of contents and previous/next links."""

    search_type = "cam-nang"
    search_type_label = _("Cẩm nang")

    parent_page_types = ["home.HandbookIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("chương cẩm nang")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = (
            HandbookChapterPage.objects.sibling_of(self, inclusive=False)
            .live()
            .public()
            .only("title", "url_path", "path")
        )
        context["previous_chapter"] = siblings.filter(path__lt=self.path).order_by("-path").first()
        context["next_chapter"] = siblings.filter(path__gt=self.path).order_by("path").first()
        return context


class MediaLibraryPage(BasePage):
    """Thư viện đa phương tiện: albums of images and videos."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.AlbumPage"]

    class Meta:
        verbose_name = _("thư viện đa phương tiện")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        albums = (
            AlbumPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-album_date", "-first_published_at")
            .prefetch_related(
                models.Prefetch(
                    "cover_image",
                    queryset=PortalImage.objects.prefetch_renditions("fill-480x320", "fill-960x640"),
                )
            )
        )
        paginator = Paginator(albums, settings.PORTAL_PAGE_SIZE)
        context["albums"] = paginator.get_page(request.GET.get("trang"))
        return context


class AlbumPage(BasePage):
    """An album: a cover and a sequence of images and videos."""

    album_date = models.DateField(_("ngày"), null=True, blank=True)
    cover_image = models.ForeignKey(
        PortalImage,
        verbose_name=_("ảnh bìa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    items = StreamField(GalleryItemsBlock(), blank=True, verbose_name=_("ảnh và video"))

    parent_page_types = ["home.MediaLibraryPage"]
    subpage_types = []
    content_panels = BasePage.content_panels + [
        FieldPanel("album_date"),
        FieldPanel("cover_image"),
        FieldPanel("items"),
    ]

    class Meta:
        verbose_name = _("album")
