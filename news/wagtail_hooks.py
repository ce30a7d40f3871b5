from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from news import admin_views
from news.blocks import BulletinSectionValue
from news.models import ArticlePage, BulletinIndexPage, BulletinPage, Delivery, NewsIndexPage, Subscriber
from news.views import article_citations
from portal.navigation import singleton_page_base_url, singleton_route_url
from portal.visibility import public


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("ban-tin/so-moi/", admin_views.start_next_issue, name="news_start_next_issue")]


class StartIssueMenuItem(MenuItem):
    def is_shown(self, request):
        index = BulletinIndexPage.objects.first()
        return index is not None and index.permissions_for_user(request.user).can_add_subpage()


@hooks.register("register_admin_menu_item")
def start_issue_menu_item():
    return StartIssueMenuItem(
        _("Soạn bản tin mới"), reverse("news_start_next_issue"), icon_name="doc-empty-inverse", order=210
    )


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Người đăng ký")
    list_display = ["email", "created_at", "confirmed_at"]
    search_fields = ["email"]
    form_fields = ["email"]
    add_to_admin_menu = False
    inspect_view_enabled = True


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "mail"
    menu_label = _("Lượt gửi bản tin")
    list_display = ["mailing", "subscriber", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "mailing"]
    form_fields = ["status"]
    add_to_admin_menu = False
    inspect_view_enabled = True


class SubscriptionGroup(ModelViewSetGroup):
    menu_label = _("Đăng ký bản tin")
    menu_icon = "mail"
    menu_order = 260
    items = (SubscriberViewSet, DeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_subscription_viewsets():
    return SubscriptionGroup()


@hooks.register("portal_document_citations")
def documents_cited_by_articles(request, document):
    return article_citations(request, document)


@hooks.register("portal_home_sections")
def latest_news(request, page):
    # The images' renditions come with them: the thumbnails cost one query, not one per article.
    articles = list(
        public(ArticlePage.objects.live(), request)
        .select_related("cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("-date", "-first_published_at")[:6]
    )
    if not articles:
        return None
    return {
        "key": "news",
        "order": 10,
        "template": "news/home_news.html",
        "articles": articles,
        "index_url": singleton_page_base_url(NewsIndexPage),
    }


# What the home page keeps of the section is renewed with these (home.models.HomePage.content).
latest_news.generations = ("pages", "fragments")


@hooks.register("portal_home_sections")
def latest_bulletin(request, page):
    bulletin = (
        public(BulletinPage.objects.live(), request)
        .select_related("cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("-year", "-month", "-issue_number")
        .first()
    )
    if bulletin is None:
        return None
    # The cover's "in this issue": the titles of the sections that have something this month, read
    # from the stream's raw data (resolving the items' pages and documents would cost three queries).
    # Each links to its section on the bulletin's page (its anchor, as the page's own contents).
    bulletin_url = bulletin.get_url(request)
    contents = [
        {
            "title": raw["value"]["title"],
            "url": f"{bulletin_url}#{BulletinSectionValue(None, [('key', raw['value']['key'])]).anchor}",
        }
        for raw in bulletin.sections.raw_data
        if raw["type"] == "section" and raw["value"].get("items")
    ]
    return {
        "key": "bulletins",
        "order": 20,
        "template": "news/home_bulletin.html",
        "bulletin": bulletin,
        "contents": contents,
        "index_url": singleton_page_base_url(BulletinIndexPage),
        "subscribe_url": singleton_route_url(BulletinIndexPage, "subscribe"),
    }


# What the home page keeps of the section is renewed with these (home.models.HomePage.content).
latest_bulletin.generations = ("pages", "fragments")


@hooks.register("register_seed_content", order=30)
def seed_content():
    from news import seed

    return seed
