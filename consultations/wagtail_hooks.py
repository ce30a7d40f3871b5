from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consultations import admin_views
from consultations.models import Consultation, ConsultationComment, DraftingStaff

CONSULTATION_POLICY = admin_views.ConsultationPermissionPolicy(Consultation)
COMMENT_POLICY = admin_views.CommentPermissionPolicy(ConsultationComment)
register_permission_policy(Consultation, CONSULTATION_POLICY, exact_class=True)
register_permission_policy(ConsultationComment, COMMENT_POLICY, exact_class=True)


class PolicyMenuItem(MenuItem):
    def __init__(self, *args, policy=None, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.policy, self.actions = policy, actions

    def is_shown(self, request):
        return self.policy.user_has_any_permission(request.user, self.actions)


class ConsultationViewSet(ModelViewSet):
    """The drafting unit's consultations: add, edit (its own unit's only), the synthesis and the
    report's publication."""

    model = Consultation
    name = "consultations"
    url_prefix = "lay-y-kien"
    icon = "doc-full-inverse"
    menu_label = _("Đợt lấy ý kiến")
    index_view_class = admin_views.ConsultationIndexView
    add_view_class = admin_views.ConsultationCreateView
    edit_view_class = admin_views.ConsultationEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList(Consultation.panels, base_form_class=admin_views.ConsultationForm)

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type__app_label="consultations",
            codename__in=["add_consultation", "change_consultation", "synthesise_consultation"],
        )

    def get_menu_item(self, order=None):
        return PolicyMenuItem(
            self.menu_label,
            self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            policy=CONSULTATION_POLICY,
            actions=["change"],
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/tong-hop/", admin_views.SynthesisView.as_view(), name="synthesis"),
            path("<int:pk>/cong-bo-bao-cao/", admin_views.PublishReportView.as_view(), name="publish_report"),
        ]


class CommentViewSet(ModelViewSet):
    """The moderators' queue of consultation comments (pre-moderated) and one view per comment."""

    model = ConsultationComment
    name = "consultation_comments"
    url_prefix = "lay-y-kien/kiem-duyet"
    icon = "comment"
    menu_label = _("Kiểm duyệt góp ý dự thảo")
    index_view_class = admin_views.CommentQueueView
    copy_view_enabled = False
    add_to_reference_index = False

    def get_permissions_to_register(self):
        return Permission.objects.none()  # the forum's moderators (forum.moderate_proposal)

    def get_menu_item(self, order=None):
        return PolicyMenuItem(
            self.menu_label,
            self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            policy=COMMENT_POLICY,
            actions=["moderate"],
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("ket-qua/", self.index_results_view, name="index_results"),
            path("<int:pk>/", admin_views.ModerateCommentView.as_view(), name="moderate"),
        ]


class ConsultationAdminGroup(ViewSetGroup):
    menu_label = _("Lấy ý kiến dự thảo")
    menu_icon = "doc-full-inverse"
    menu_name = "consultations-group"
    menu_order = 255
    items = (ConsultationViewSet, CommentViewSet)


@hooks.register("register_admin_viewset")
def register_consultation_admin():
    return ConsultationAdminGroup()


class DraftingStaffViewSet(SnippetViewSet):
    model = DraftingStaff
    icon = "group"
    menu_label = _("Cán bộ soạn thảo")
    list_display = ["user", "unit"]
    search_fields = ["user__email", "user__display_name", "unit__name"]
    search_backend_name = None
    add_to_admin_menu = True
    menu_order = 256


register_snippet(DraftingStaffViewSet)


@hooks.register("register_log_actions")
def consultation_log_actions(actions):
    for action, label in [
        ("consultations.comment", _("Gửi góp ý dự thảo")),
        ("consultations.approve", _("Duyệt góp ý dự thảo")),
        ("consultations.reject", _("Từ chối góp ý dự thảo")),
        ("consultations.hide", _("Ẩn góp ý dự thảo")),
        ("consultations.restore", _("Hiện lại góp ý dự thảo")),
        ("consultations.handling", _("Ghi tiếp thu, giải trình")),
        ("consultations.publish_report", _("Công bố báo cáo tổng hợp")),
    ]:
        actions.register_action(action, label, label)


@hooks.register("register_search_sources")
def consultation_search_sources():
    from consultations.search import ConsultationSource

    return [ConsultationSource()]


@hooks.register("portal_document_citations")
def consultation_of_document(request, document):
    """On a draft's page, its consultation; on the adopted document's, the consultation and report."""
    from django.db.models import Q

    consultations = list(
        Consultation.objects.public().filter(Q(draft=document) | Q(adopted_document=document)).order_by("-opens_at")
    )
    if not consultations:
        return None
    items = []
    for consultation in consultations:
        items.append({"url": consultation.get_absolute_url(), "title": consultation.title})
        if consultation.report_is_published:
            items.append(
                {
                    "url": consultation.report_url,
                    "title": _("Báo cáo tổng hợp, tiếp thu, giải trình: %(title)s") % {"title": consultation.title},
                }
            )
    return {"title": _("Lấy ý kiến dự thảo"), "items": items}


@hooks.register("register_seed_content", order=60)
def seed_content():
    from consultations import seed

    return seed
