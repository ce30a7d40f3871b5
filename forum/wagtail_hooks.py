from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from forum import admin_views
from forum.bulk_actions import BULK_ACTIONS
from forum.models import Flag, Proposal, ProposalCategory, ProposalKind, Responder

PROPOSAL_POLICY = admin_views.ProposalPermissionPolicy(Proposal)
register_permission_policy(Proposal, PROPOSAL_POLICY, exact_class=True)
register_permission_policy(Flag, admin_views.FlagPermissionPolicy(Flag), exact_class=True)


# The forum's admin: viewsets over proposals and flags, grouped under "Diễn đàn" in the menu.


class PermissionMenuItem(MenuItem):
    """Shown to whoever holds one of the policy's actions on proposals."""

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions

    def is_shown(self, request):
        return PROPOSAL_POLICY.user_has_any_permission(request.user, self.actions)


class ModeratorsMenuMixin:
    """A viewset whose menu item shows only to those who moderate."""

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            self.menu_label,
            self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            actions=["moderate"],
        )


class ProposalViewSet(ModeratorsMenuMixin, ModelViewSet):
    """Proposals in the admin: the moderation queue (index), the case file (inspect), one view per
    decision, the responders' list and the reports. No add, edit or delete: citizens write
    proposals and decisions change them."""

    model = Proposal
    name = "forum_admin"
    url_prefix = "dien-dan"
    icon = "tasks"
    menu_label = _("Kiểm duyệt ý kiến")
    index_view_class = admin_views.QueueView
    search_fields = ["reference", "title"]
    search_backend_name = None  # the database's own filter: proposals are not in Wagtail's index
    inspect_view_enabled = True
    inspect_view_class = admin_views.CaseFileView
    history_view_class = admin_views.AuditLogView
    copy_view_enabled = False
    add_to_reference_index = False

    def get_permissions_to_register(self):
        """In the group editor: the permissions that mean something here (moderate, read the
        reports), not add, change or delete, which no one is given."""
        return Permission.objects.filter(
            content_type__app_label="forum", codename__in=["moderate_proposal", "view_forum_reports"]
        )

    def get_urlpatterns(self):
        case_file_kwargs = self.get_inspect_view_kwargs()
        decision = {
            "quyet-dinh": ("decide", admin_views.DecideView),
            "chuyen-don-vi": ("assign", admin_views.AssignView),
            "trung-lap": ("duplicate", admin_views.DuplicateView),
            "ghi-chu": ("note", admin_views.NoteView),
            "an": ("hide", admin_views.HideView),
            "hien-lai": ("restore", admin_views.RestoreView),
            "an-binh-luan": ("hide_comment", admin_views.HideCommentView),
            "hien-lai-binh-luan": ("restore_comment", admin_views.RestoreCommentView),
            "rut-tra-loi": ("withdraw_answer", admin_views.WithdrawAnswerView),
            "tam-khoa-tac-gia": ("suspend", admin_views.SuspendAuthorView),
            "mo-khoa-tac-gia": ("unsuspend", admin_views.UnsuspendAuthorView),
        }
        assigned_kwargs = self.get_index_view_kwargs(
            index_url_name=self.get_url_name("assigned"),
            index_results_url_name=self.get_url_name("assigned_results"),
            template_name="forum/admin/assigned.html",
            results_template_name="wagtailadmin/generic/index_results.html",
        )
        return [
            path("hang-cho/", self.index_view, name="index"),
            path("hang-cho/ket-qua/", self.index_results_view, name="index_results"),
            path("y-kien/<int:pk>/", self.inspect_view, name="inspect"),
            path("y-kien/<int:pk>/nhat-ky/", self.history_view, name="history"),
            path("y-kien/<int:pk>/nhat-ky/ket-qua/", self.history_results_view, name="history_results"),
            *[
                path(f"y-kien/<int:pk>/{segment}/", view_class.as_view(), name=name)
                for segment, (name, view_class) in decision.items()
            ],
            path(
                "y-kien/<int:pk>/luu-tra-loi/",
                self.construct_view(admin_views.SaveAnswerView, **case_file_kwargs),
                name="save_answer",
            ),
            path(
                "y-kien/<int:pk>/cong-bo-tra-loi/",
                self.construct_view(admin_views.PublishAnswerView, **case_file_kwargs),
                name="publish_answer",
            ),
            path("duoc-giao/", self.construct_view(admin_views.AssignedView, **assigned_kwargs), name="assigned"),
            path(
                "duoc-giao/ket-qua/",
                self.construct_view(admin_views.AssignedView, **assigned_kwargs, results_only=True),
                name="assigned_results",
            ),
            path("bao-cao/", admin_views.ReportsView.as_view(), name="reports"),
        ]


class FlagViewSet(ModeratorsMenuMixin, ModelViewSet):
    """The open reports of proposals and comments (read-only: decisions are taken in the case file)."""

    model = Flag
    name = "forum_flags"
    url_prefix = "dien-dan/bao-cao-vi-pham"
    icon = "warning"
    menu_label = _("Nội dung bị báo cáo")
    index_view_class = admin_views.FlagIndexView
    copy_view_enabled = False
    add_to_reference_index = False

    def get_permissions_to_register(self):
        return Permission.objects.none()  # moderators read flags; no permission of their own

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("ket-qua/", self.index_results_view, name="index_results"),
        ]


class ForumLink(ViewSet):
    """A further view of the proposal viewset in the forum's menu group, for whoever may open it
    (a viewset without URLs of its own: the view is the proposal viewset's)."""

    def __init__(self, name, label, url_name, icon, actions):
        super().__init__(name=name)
        self.menu_label, self.url_name, self.menu_icon, self.actions = label, url_name, icon, actions

    @property
    def menu_url(self):
        return reverse(self.url_name)

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            self.menu_label,
            self.menu_url,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            actions=self.actions,
        )


class ForumAdminGroup(ViewSetGroup):
    menu_label = _("Diễn đàn")
    menu_icon = "comment"
    menu_name = "forum"
    menu_order = 250
    items = (
        ProposalViewSet,
        FlagViewSet,
        ForumLink("forum_assigned", _("Ý kiến được giao"), "forum_admin:assigned", "mail", ["answer"]),
        ForumLink("forum_reports", _("Báo cáo diễn đàn"), "forum_admin:reports", "table", ["reports"]),
    )


@hooks.register("register_admin_viewset")
def register_forum_admin():
    return ForumAdminGroup()


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


class CategoryViewSet(SnippetViewSet):
    model = ProposalCategory
    icon = "tag"
    list_display = ["name", "slug", "sort_order", "active"]


class KindViewSet(SnippetViewSet):
    model = ProposalKind
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
            reverse("forum_admin:index"),
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
    from django.db.models import Count, Q

    from forum.models import ForumIndexPage, Proposal
    from forum.models.proposals import ANSWERED_STATUSES
    from portal.navigation import page_route_url
    from portal.visibility import public as public_pages

    forum = public_pages(ForumIndexPage.objects.live(), request).first()
    if forum is None:
        return None
    public = Proposal.objects.public()
    latest = list(public.select_related("kind").order_by("-published_at", "-pk")[:4])
    # The call to action's live figures, in one query: public proposals, and those answered (the
    # same definition as the forum's own page).
    counts = public.aggregate(total=Count("pk"), answered=Count("pk", filter=Q(status__in=ANSWERED_STATUSES)))
    return {
        "key": "forum",
        "order": 40,
        "template": "forum/home_forum.html",
        "forum": forum,
        "proposals": latest,
        "public_total": counts["total"],
        "answered": counts["answered"],
        "submit_url": page_route_url(forum, "submit", request=request),
    }


# What the home page keeps of the section is renewed with these (home.models.HomePage.content).
forum_home_section.generations = ("forum", "pages")


@hooks.register("register_seed_content", order=50)
def seed_content():
    from forum import seed

    return seed
