from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from forum import admin_views
from forum.models import Category, Kind, Responder


@hooks.register("register_admin_urls")
def forum_admin_urls():
    return [
        path("dien-dan/hang-cho/", admin_views.queue, name="forum_admin_queue"),
        path("dien-dan/hang-cho/hang-loat/", admin_views.bulk, name="forum_admin_bulk"),
        path("dien-dan/y-kien/<int:pk>/", admin_views.proposal_detail, name="forum_admin_proposal"),
        path("dien-dan/duoc-giao/", admin_views.assigned, name="forum_admin_assigned"),
        path("dien-dan/bao-cao/", admin_views.reports, name="forum_admin_reports"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, perms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.perms = perms

    def is_shown(self, request):
        return any(request.user.has_perm(perm) for perm in self.perms)


@hooks.register("register_admin_menu_item")
def forum_queue_menu_item():
    return PermissionMenuItem(
        _("Kiểm duyệt diễn đàn"),
        reverse("forum_admin_queue"),
        icon_name="tasks",
        order=250,
        perms=["forum.moderate_proposal"],
    )


@hooks.register("register_admin_menu_item")
def forum_assigned_menu_item():
    return PermissionMenuItem(
        _("Ý kiến được giao"),
        reverse("forum_admin_assigned"),
        icon_name="mail",
        order=251,
        perms=["forum.answer_proposal", "forum.moderate_proposal"],
    )


@hooks.register("register_admin_menu_item")
def forum_reports_menu_item():
    return PermissionMenuItem(
        _("Báo cáo diễn đàn"),
        reverse("forum_admin_reports"),
        icon_name="table",
        order=252,
        perms=["forum.view_forum_reports"],
    )


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "slug", "sort_order", "active"]


class KindViewSet(SnippetViewSet):
    model = Kind
    icon = "list-ul"
    list_display = ["name", "prefix", "sort_order"]


RESPONDER_GROUP = "Đơn vị trả lời"


class ResponderForm(WagtailAdminModelForm):
    """Only accounts that can be responders are offered: active members of the responders' group
    not yet attached to a unit (not every account of the portal, citizens included). The unit is
    picked with Wagtail's searchable, paginated snippet chooser."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Responder.objects.exclude(pk=self.instance.pk).values("user_id")
        eligible = Q(is_active=True, groups__name=RESPONDER_GROUP) & ~Q(pk__in=taken)
        # The account already attached keeps its place, so saving unchanged changes nothing.
        current = Q(pk=self.instance.user_id) if self.instance.user_id else Q(pk__in=[])
        self.fields["user"].queryset = get_user_model().objects.filter(eligible | current).distinct().order_by("email")
        self.fields["user"].label_from_instance = lambda user: f"{user} <{user.email}>"
        self.fields["user"].help_text = _(
            "Chỉ gồm tài khoản thuộc nhóm “Đơn vị trả lời” chưa gắn với đơn vị nào. "
            "Tạo tài khoản và thêm vào nhóm đó trước trong mục Người dùng."
        )


class ResponderViewSet(SnippetViewSet):
    model = Responder
    icon = "user"
    list_display = ["user", "unit"]
    search_fields = ["user__email", "user__display_name", "unit__name"]
    search_backend_name = None
    edit_handler = ObjectList([FieldPanel("user"), FieldPanel("unit")], base_form_class=ResponderForm)


class ForumSnippetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, KindViewSet, ResponderViewSet)
    menu_icon = "comment"
    menu_label = _("Danh mục diễn đàn")
    menu_name = "forum-settings"
    menu_order = 253


register_snippet(ForumSnippetGroup)


class WaitingPanel(Component):
    name = "forum_waiting"
    order = 50

    def __init__(self, counts):
        self.counts = counts

    def render_html(self, parent_context=None):
        counts = self.counts
        return format_html(
            '<section class="panel summary nice-padding"><h2>{}</h2><ul class="stats">'
            '<li><a href="{}"><span>{}</span> {}</a></li><li><span>{}</span> {}</li><li><span>{}</span> {}</li><li><span>{}</span> {}</li></ul></section>',
            _("Diễn đàn: việc đang chờ"),
            reverse("forum_admin_queue"),
            counts["pending"],
            _("ý kiến chờ duyệt"),
            counts["flagged_proposals"],
            _("ý kiến bị báo cáo"),
            counts["flagged_comments"],
            _("bình luận bị báo cáo"),
            counts["overdue"],
            _("ý kiến quá hạn trả lời"),
        )


@hooks.register("construct_homepage_panels")
def forum_waiting_panel(request, panels):
    if request.user.has_perm("forum.moderate_proposal"):
        panels.append(WaitingPanel(admin_views.waiting_counts()))


@hooks.register("register_log_actions")
def forum_log_actions(actions):
    for action, label in [
        ("forum.submit", _("Gửi ý kiến")),
        ("forum.resubmit", _("Gửi lại ý kiến")),
        ("forum.approve", _("Duyệt ý kiến")),
        ("forum.reject", _("Từ chối ý kiến")),
        ("forum.request_changes", _("Yêu cầu chỉnh sửa ý kiến")),
        ("forum.duplicate", _("Đánh dấu ý kiến trùng lặp")),
        ("forum.assign", _("Chuyển ý kiến cho đơn vị")),
        ("forum.answer", _("Công bố trả lời chính thức")),
        ("forum.answer_edit", _("Soạn trả lời chính thức")),
        ("forum.status", _("Đổi trạng thái ý kiến")),
        ("forum.note", _("Ghi chú nội bộ")),
        ("forum.hide", _("Ẩn nội dung diễn đàn")),
        ("forum.restore", _("Hiện lại nội dung diễn đàn")),
        ("forum.suspend", _("Tạm khoá tài khoản")),
        ("forum.unsuspend", _("Mở khoá tài khoản")),
    ]:
        actions.register_action(action, label, label)


@hooks.register("register_search_sources")
def forum_search_sources():
    from forum.search import ProposalSource

    return [ProposalSource()]


@hooks.register("portal_home_sections")
def forum_home_section(request, page):
    from forum.models import ForumIndexPage, Proposal, forum_url

    forum = ForumIndexPage.objects.live().public().first()
    if forum is None:
        return None
    latest = list(Proposal.objects.public().select_related("kind").order_by("-published_at", "-pk")[:4])
    return {
        "key": "forum",
        "order": 40,
        "template": "forum/home_forum.html",
        "forum": forum,
        "proposals": latest,
        "submit_url": forum_url("gui-y-kien/"),
    }
