from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.search import index

from home.blocks import GalleryItemsBlock, PillarBlock, QuickLinkBlock
from portal import fragment_cache
from portal.blocks import BaseStreamBlock
from portal.models import BasePage, PortalImage
from portal.text import slugify_vi

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
    # The pages every footer links to, as the law expects of a site that collects personal data.
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trang chính sách bảo vệ dữ liệu cá nhân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trang điều khoản sử dụng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Every page's header and footer read these: one query for the settings and both pages.
    select_related = ["privacy_page", "terms_page"]

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
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("terms_page")],
            heading=_("Trang pháp lý ở chân trang"),
        ),
    ]

    class Meta:
        verbose_name = _("thông tin cổng")


# --- Pages ---------------------------------------------------------------------------------------


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

    # The home page's reading order of the apps' sections: the news beside the latest bulletin,
    # then the indicators, then the library beside the forum's call to action. A section whose key
    # is not listed follows, by its own "order".
    SECTION_LAYOUT = ("news", "bulletins", "kpi", "documents", "forum")
    HEADLINE_FIGURES = 3

    CONTENT_TEMPLATE = "home/home_content.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_content"] = self.content(request)
        return context

    def content(self, request):
        """Everything below the site's header, the same for every visitor: rendered once and kept
        (portal.fragment_cache) under the generations of what the sections show. Each app's hook
        names them in its `generations` attribute; a hook that names none, or a preview, is
        rendered every time. The day is in the key (what is current changes with it)."""
        section_hooks = hooks.get_hooks("portal_home_sections")
        subjects = {"pages", "fragments"}
        for hook in section_hooks:
            named = getattr(hook, "generations", None)
            if named is None:
                subjects = None
                break
            subjects.update(named)
        parts = (self.pk, translation.get_language(), timezone.localdate(), request.get_host(), request.scheme)

        def build():
            sections = self.sections(request, section_hooks)
            context = {
                "page": self,
                "home_sections": sections,
                "headline_figures": self.headline_figures(sections),
                "request": request,
            }
            # No context processor runs: nothing of the visitor's can reach the kept HTML.
            return render_to_string(self.CONTENT_TEMPLATE, context)

        if subjects is None:
            return build()
        return fragment_cache.kept("home", parts, build, request, subjects=tuple(sorted(subjects)))

    def sections(self, request, section_hooks):
        # Each app contributes its block through the "portal_home_sections" hook; an app that has
        # nothing to show (or is not built yet) contributes nothing, and its block is hidden.
        sections = []
        for hook in section_hooks:
            section = hook(request, self)
            if section:
                sections.append(section)
        layout = {key: position for position, key in enumerate(self.SECTION_LAYOUT)}
        sections.sort(key=lambda section: (layout.get(section.get("key"), len(layout)), section.get("order", 100)))
        return sections

    def headline_figures(self, sections):
        """The hero's numbers: the latest measured value of each indicator the KPI section shows
        (kpi/wagtail_hooks.py picks the city's own, measured ones first), with the year, the source
        the measurement records and the current target. Never a number typed into the page: an
        indicator without a measurement gives none, and no KPI section gives no figures."""
        figures = []
        for section in sections:
            if section.get("key") != "kpi":
                continue
            for row in section.get("rows", []):
                latest = row.get("latest")
                if latest is None or not latest.source:
                    continue
                target = row["targets"][0][0] if row.get("targets") else None
                figures.append({"indicator": row["indicator"], "measurement": latest, "target": target})
        return figures[: self.HEADLINE_FIGURES]


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
