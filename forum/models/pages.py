"""The forum page: /dien-dan/ and every public forum view as its routes."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from forum.models.proposals import Proposal
from forum.models.taxonomy import proposal_slug
from portal.models import BasePage


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

    @path("<int:pk>/binh-luan/<int:comment_pk>/", name="comment")
    def comment(self, request, pk, comment_pk):
        from forum import views

        return views.comment_permalink(request, self, pk, comment_pk)

    @path("<int:pk>/sua/", name="edit")
    def edit(self, request, pk):
        from forum import views

        return views.edit(request, self, pk)

    @path("<int:pk>/<str:action>/", name="act")
    def act(self, request, pk, action):
        from forum import views

        return views.act(request, self, pk, action)
