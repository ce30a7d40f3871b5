import datetime
import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, MultipleChooserPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from news.blocks import ArticleStreamBlock, BulletinSectionBlock
from portal import fragment_cache, visibility
from portal.choices import SlugChoices, public_slugs
from portal.covers import Cover, PageCoverMixin, figure_in
from portal.models import BasePage, PortalImage
from portal.richtext import RICH_TEXT_FEATURES


@public_slugs(
    NEWS="diem-tin",
    FOCUS="tieu-diem",
    LEADERS="hoat-dong-lanh-dao",
    EVENTS="su-kien",
    MODELS="mo-hinh-cds",
    DOCUMENTS="van-ban-moi",
)
class Category(SlugChoices):
    """Stored in English; published (?chuyen-muc=, the category feeds) under the slugs above."""

    NEWS = "news", _("Điểm tin")
    FOCUS = "focus", _("Tiêu điểm")
    LEADERS = "leaders", _("Hoạt động lãnh đạo")
    EVENTS = "events", _("Sự kiện")
    MODELS = "models", _("Mô hình chuyển đổi số")
    DOCUMENTS = "documents", _("Văn bản mới")


# Each category's cover colour (portal.covers.PALETTES).
CATEGORY_PALETTES = {
    Category.NEWS: "blue",
    Category.FOCUS: "red",
    Category.LEADERS: "navy",
    Category.EVENTS: "purple",
    Category.MODELS: "green",
    Category.DOCUMENTS: "brown",
}


class DatePrecision(models.TextChoices):
    DAY = "day", _("Ngày")
    MONTH = "month", _("Tháng")


class SharingMixin:
    """schema.org NewsArticle data for a page's <head> (with Open Graph in the template)."""

    # The page's template writes its own Open Graph tags (news/includes/sharing.html): base.html's
    # default social meta then adds only what those lack (the site's name, the default image when
    # the page has no cover, the Twitter card), so that no tag is written twice.
    social_meta_in_template = True

    def structured_data(self):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "url": self.full_url,
            "inLanguage": "vi",
            "publisher": {"@type": "GovernmentOrganization", "name": settings.WAGTAIL_SITE_NAME},
        }
        published = getattr(self, "date", None) or (self.first_published_at and self.first_published_at.date())
        if published:
            data["datePublished"] = published.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.intro:
            data["description"] = self.intro
        return data

    def structured_data_json(self):
        return json.dumps(self.structured_data(), ensure_ascii=False).replace("<", "\\u003c")


class NewsIndexPage(RoutablePageMixin, BasePage):
    """Tin tức at /tin-tuc/: newest first, filters by category, tag, year and month; feeds."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = _("trang tin tức")

    @path("")
    def index(self, request):
        from news.views import news_index

        return news_index(request, self)

    @path("rss/", name="rss")
    def rss(self, request):
        from news.feeds import NewsFeed

        return NewsFeed(self, "rss")(request)

    @path("atom/", name="atom")
    def atom(self, request):
        from news.feeds import NewsFeed

        return NewsFeed(self, "atom")(request)

    @path("chuyen-muc/<slug:category>/rss/", name="category_rss")
    def category_rss(self, request, category):
        from news.feeds import NewsFeed

        return NewsFeed(self, "rss", category)(request)

    @path("chuyen-muc/<slug:category>/atom/", name="category_atom")
    def category_atom(self, request, category):
        from news.feeds import NewsFeed

        return NewsFeed(self, "atom", category)(request)

    def articles(self):
        return (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
            .order_by("-date", "-first_published_at")
        )


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(PageCoverMixin, SharingMixin, BasePage):
    """A news item, a focus article, a leaders' activity, an event or a DX model."""

    search_type = "tin-tuc"
    search_type_label = _("Tin tức")

    date = models.DateField(_("ngày"), default=datetime.date.today)
    date_precision = models.CharField(
        _("độ chính xác của ngày"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Chọn “Tháng” khi nguồn chỉ cho biết tháng."),
    )
    category = models.CharField(_("chuyên mục"), max_length=30, choices=Category.choices, default=Category.NEWS)
    cover_image = models.ForeignKey(
        PortalImage, verbose_name=_("ảnh đại diện"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(ArticleStreamBlock(), blank=True, verbose_name=_("nội dung"))
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("thẻ"))
    event_start = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    event_end = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    event_place = models.CharField(_("địa điểm"), max_length=300, blank=True)

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision"), FieldPanel("category")]),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("source"),
        FieldPanel("tags"),
        MultipleChooserPanel("document_links", chooser_field_name="document", label=_("Văn bản liên quan"), min_num=0),
        MultipleChooserPanel(
            "related_article_links", chooser_field_name="article", label=_("Bài liên quan"), min_num=0
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("event_start"), FieldPanel("event_end")]), FieldPanel("event_place")],
            heading=_("Sự kiện"),
            help_text=_("Chỉ điền cho bài thuộc chuyên mục Sự kiện."),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("source"),
        index.FilterField("category"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        indexes = [models.Index(fields=["date", "category"])]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.event_start and self.event_end and self.event_end < self.event_start:
            raise ValidationError({"event_end": _("Thời điểm kết thúc không thể trước thời điểm bắt đầu.")})
        if self.category == Category.EVENTS and not self.event_start:
            raise ValidationError({"event_start": _("Sự kiện cần có thời điểm bắt đầu.")})

    @property
    def display_date(self):
        if self.date_precision == DatePrecision.MONTH:
            return f"tháng {self.date.month}/{self.date.year}"
        return f"{self.date.day}/{self.date.month}/{self.date.year}"

    def cover_art(self):
        """The generated cover: a figure of the title ("10/10", "100%") or else the category."""
        category = str(self.get_category_display())
        figure = figure_in(self.title)
        return Cover(
            figure=figure or category,
            label=category if figure else str(_("Tin tức")),
            palette=CATEGORY_PALETTES.get(self.category, "blue"),
            title=self.title,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["article_body"] = self.rendered_body(request, context)
        return context

    ARTICLE_SUBJECTS = ("pages", "fragments", "library")

    def rendered_body(self, request, context):
        """What the page shows below the site's header (news/includes/article_body.html): its text
        with its blocks, tags, the documents and articles it links. Rendered once per language and
        kept (portal.fragment_cache) under the generations of the pages and of what they show; a
        preview's is its own."""
        parts = (self.pk, get_language(), request.scheme, request.get_host())

        def build():
            shown = {**context, "legal_documents": self.legal_documents(), "related": self.related_articles()[:5]}
            return render_to_string("news/includes/article_body.html", shown, request)

        body = fragment_cache.kept("article", parts, build, request, subjects=self.ARTICLE_SUBJECTS)
        return mark_safe(body)

    # The chosen documents and articles, in the editor's order. In a preview the relations are
    # modelcluster's in-memory FakeQuerySets, so they are read as lists of ids (never `.live()` on
    # them) and the live objects fetched from the database.

    def legal_documents(self):
        from documents.models import LegalDocument

        ids = [link.document_id for link in self.document_links.all() if link.document_id]
        documents = LegalDocument.objects.filter(pk__in=ids, live=True).select_related("document_type", "issuer")
        by_id = {document.pk: document for document in documents}
        return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]

    def related_articles(self):
        ids = [link.article_id for link in self.related_article_links.all() if link.article_id]
        articles = (
            ArticlePage.objects.filter(pk__in=ids)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
        )
        by_id = {article.pk: article for article in articles}
        return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]


class ArticleDocument(Orderable):
    """A legal document an article concerns, chosen from the library, in the editor's order."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(
        "documents.LegalDocument", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="article_links"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("văn bản liên quan")
        verbose_name_plural = _("văn bản liên quan")


class RelatedArticle(Orderable):
    """Another article shown under "Bài liên quan", chosen with the page chooser."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_article_links")
    article = models.ForeignKey(ArticlePage, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("article", "news.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("bài liên quan")
        verbose_name_plural = _("bài liên quan")


class BulletinIndexPage(RoutablePageMixin, BasePage):
    """Bản tin at /ban-tin/: issues by year, a feed, and e-mail subscriptions."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.BulletinPage"]

    class Meta:
        verbose_name = _("trang bản tin")

    def issues(self):
        return (
            BulletinPage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
            .order_by("-year", "-month", "-issue_number")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        by_year = {}
        for issue in self.issues():
            by_year.setdefault(issue.year, []).append(issue)
        context["issues_by_year"] = sorted(by_year.items(), reverse=True)
        return context

    @path("rss/", name="rss")
    def rss(self, request):
        from news.feeds import BulletinFeed

        return BulletinFeed(self, "rss")(request)

    @path("atom/", name="atom")
    def atom(self, request):
        from news.feeds import BulletinFeed

        return BulletinFeed(self, "atom")(request)

    @path("dang-ky/", name="subscribe")
    def subscribe(self, request):
        from news.views import subscribe

        return subscribe(request, self)

    # The signed token travels in the query string (?t=...): its ":" separators are not path-safe.
    @path("xac-nhan/", name="confirm")
    def confirm(self, request):
        from news.views import confirm_subscription

        return confirm_subscription(request, self, request.GET.get("t", ""))

    # Mail programs POST the one-click unsubscription (RFC 8058) without a CSRF token: the signed
    # token is the credential. portal.middleware.PageRouteCsrfExemptMiddleware makes csrf_exempt
    # on a page's route count as it does on a view.
    @path("huy-dang-ky/", name="unsubscribe")
    @method_decorator(csrf_exempt)
    def unsubscribe(self, request):
        from news.views import unsubscribe

        return unsubscribe(request, self, request.GET.get("t", ""))


class BulletinPage(PageCoverMixin, SharingMixin, BasePage):
    """One monthly issue: "Số 1 tháng 4/2022", its sections in the order of the real bulletin."""

    search_type = "ban-tin"
    search_type_label = _("Bản tin")

    issue_number = models.PositiveIntegerField(_("số"))
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"), choices=[(m, str(m)) for m in range(1, 13)])
    cover_image = models.ForeignKey(
        PortalImage, verbose_name=_("ảnh bìa"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    introduction = RichTextField(_("lời giới thiệu"), blank=True, features=RICH_TEXT_FEATURES)
    sections = StreamField([("section", BulletinSectionBlock())], blank=True, verbose_name=_("các phần"))

    parent_page_types = ["news.BulletinIndexPage"]
    subpage_types = []
    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("issue_number"), FieldPanel("month"), FieldPanel("year")]),
        FieldPanel("cover_image"),
        FieldPanel("introduction"),
        FieldPanel("sections"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("introduction"), index.SearchField("sections")]

    class Meta:
        verbose_name = _("bản tin")
        verbose_name_plural = _("bản tin")

    def __str__(self):
        return self.title

    @property
    def label(self):
        return f"Số {self.issue_number} tháng {self.month}/{self.year}"

    @property
    def search_date(self):
        return datetime.date(self.year, self.month, 1)

    def cover_art(self):
        """The generated cover: "Số 1 · 4/2022" under "Bản tin"."""
        return Cover(
            figure=f"Số {self.issue_number} · {self.month}/{self.year}",
            label=str(_("Bản tin")),
            palette="red",
            title=self.title,
        )

    @cached_property
    def table_of_contents(self):
        return [
            {"title": block.value["title"], "anchor": block.value.anchor}
            for block in self.sections
            if block.block_type == "section" and len(block.value["items"])
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        clash = BulletinPage.objects.filter(issue_number=self.issue_number).exclude(pk=self.pk)
        if self.issue_number and clash.exists():
            raise ValidationError({"issue_number": _("Đã có bản tin mang số này.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bulletin_body"] = self.rendered_body(request, context)
        return context

    def neighbours(self):
        """The previous and the next published issue, or None."""
        siblings = BulletinPage.objects.sibling_of(self, inclusive=False).live().public()
        key = (self.year, self.month, self.issue_number)
        earlier = [b for b in siblings if (b.year, b.month, b.issue_number) < key]
        later = [b for b in siblings if (b.year, b.month, b.issue_number) > key]
        return (
            max(earlier, key=lambda b: (b.year, b.month, b.issue_number), default=None),
            min(later, key=lambda b: (b.year, b.month, b.issue_number), default=None),
        )

    def rendered_body(self, request, context):
        """What the page shows below the site's header (news/includes/bulletin_body.html): its
        sections with the articles and documents they link, their contents, the neighbouring
        issues. Rendered once and kept until a publication changes anything (portal.fragment_cache);
        a preview's is its own."""

        def build():
            previous_issue, next_issue = self.neighbours()
            shown = {**context, "previous_issue": previous_issue, "next_issue": next_issue}
            return render_to_string("news/includes/bulletin_body.html", shown, request)

        body = fragment_cache.kept("bulletin", (self.pk, get_language()), build, request)
        return mark_safe(body)


# --- Subscriptions ---------------------------------------------------------------------------


class Subscriber(models.Model):
    """An e-mail address that asked for new bulletins. Nothing else is stored, and only for this
    purpose; unsubscribing deletes the record."""

    email = models.EmailField(_("thư điện tử"), unique=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("người đăng ký nhận bản tin")
        verbose_name_plural = _("người đăng ký nhận bản tin")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class BulletinMailing(models.Model):
    """One mailing per bulletin, created when it is first published: republishing finds it and
    sends nothing again."""

    bulletin = models.OneToOneField(BulletinPage, on_delete=models.CASCADE, related_name="mailing")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt gửi bản tin")
        verbose_name_plural = _("các đợt gửi bản tin")

    def __str__(self):
        return str(self.bulletin)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    mailing = models.ForeignKey(BulletinMailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("các lượt gửi")
        constraints = [models.UniqueConstraint(fields=["mailing", "subscriber"], name="one_delivery_per_subscriber")]

    def __str__(self):
        return f"{self.mailing} → {self.subscriber}"


def upcoming_events(after=None, limit=None):
    after = after or timezone.now()
    # The restricted sections from portal.visibility (kept between requests), not `.public()`,
    # which reads every view restriction again.
    events = visibility.public(ArticlePage.objects.live()).filter(category=Category.EVENTS, event_start__gte=after)
    events = events.order_by("event_start")
    return events[:limit] if limit else events


def paginate(request, queryset):
    return Paginator(queryset, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("trang"))
