from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from dxindex.models import Component, IndexVersion, MainIndex, Period, UnitType


@hooks.register("register_seed_content", order=45)
def seed_content():
    """After kpi (order 40): the 2023 period points at KH 305's plan."""
    from dxindex import seed

    return seed


@hooks.register("register_log_actions")
def dxindex_log_actions(actions):
    for action, label in [
        ("dxindex.period.open", _("Mở kỳ đánh giá chỉ số CĐS")),
        ("dxindex.period.appraisal", _("Chuyển kỳ đánh giá sang thẩm định")),
        ("dxindex.period.sign_off", _("Hội đồng thông qua kết quả chỉ số CĐS")),
        ("dxindex.period.publish", _("Công bố kết quả chỉ số CĐS")),
        ("dxindex.assessment.submit", _("Gửi bản tự đánh giá")),
        ("dxindex.assessment.withdraw", _("Rút lại bản tự đánh giá đã gửi")),
        ("dxindex.evidence.add", _("Thêm tài liệu kiểm chứng")),
        ("dxindex.entry.accept", _("Chấp nhận điểm tự đánh giá")),
        ("dxindex.entry.adjust", _("Điều chỉnh điểm chỉ số thành phần")),
        ("dxindex.entry.return", _("Trả lại chỉ số thành phần")),
        ("dxindex.entry.answer", _("Đơn vị giải trình, bổ sung")),
        ("dxindex.components.import", _("Nhập danh mục chỉ số thành phần")),
    ]:
        actions.register_action(action, label, label)


class IndexVersionViewSet(SnippetViewSet):
    model = IndexVersion
    icon = "list-ol"
    menu_label = _("Bộ chỉ số")
    list_display = ["name", "year", "decision_number", "source_name"]
    search_fields = ["name", "decision_number"]


class UnitTypeViewSet(SnippetViewSet):
    model = UnitType
    icon = "group"
    menu_label = _("Khối đơn vị")
    list_display = ["name", "version", "kind", "expected_components"]
    list_filter = ["version", "kind"]


class MainIndexViewSet(SnippetViewSet):
    model = MainIndex
    icon = "folder-open-inverse"
    menu_label = _("Chỉ số chính")
    list_display = ["name", "unit_type", "order", "max_points"]
    list_filter = ["unit_type__version", "unit_type__kind"]
    search_fields = ["name"]


class ComponentViewSet(SnippetViewSet):
    model = Component
    icon = "list-ul"
    menu_label = _("Chỉ số thành phần")
    list_display = ["code", "name", "main_index", "max_points", "method"]
    list_filter = ["main_index__unit_type__version", "main_index__unit_type__kind", "method"]
    search_fields = ["name", "code"]
    list_export = ["code", "name", "main_index", "max_points", "method", "evidence_required", "supplying_agency"]
    export_filename = "chi-so-thanh-phan"


class PeriodViewSet(SnippetViewSet):
    model = Period
    icon = "date"
    menu_label = _("Kỳ đánh giá")
    list_display = ["year", "version", "status", "self_opens", "self_closes"]
    list_filter = ["status"]


class DxIndexGroup(SnippetViewSetGroup):
    menu_label = _("Chỉ số CĐS")
    menu_icon = "list-ol"
    menu_order = 275
    items = (IndexVersionViewSet, UnitTypeViewSet, MainIndexViewSet, ComponentViewSet, PeriodViewSet)


register_snippet(DxIndexGroup)


@hooks.register("register_admin_urls")
def dxindex_admin_urls():
    from django.urls import path

    from dxindex import admin_views as views

    return [
        path("chi-so-cds/bo-chi-so/<int:version_id>/nhap/", views.import_components, name="dxindex_import"),
        path(
            "chi-so-cds/bo-chi-so/<int:version_id>/luu/", views.import_components_confirm, name="dxindex_import_confirm"
        ),
        path("chi-so-cds/ky/", views.period_list, name="dxindex_periods"),
        path("chi-so-cds/ky/<int:period_id>/", views.period_detail, name="dxindex_period"),
        path("chi-so-cds/ky/<int:period_id>/<slug:action>/", views.period_action, name="dxindex_period_action"),
        path("chi-so-cds/cua-don-vi/", views.my_assessments, name="dxindex_mine"),
        path("chi-so-cds/danh-gia/<int:assessment_id>/", views.assessment_detail, name="dxindex_assessment"),
        path("chi-so-cds/danh-gia/<int:assessment_id>/gui/", views.submit, name="dxindex_submit"),
        path("chi-so-cds/danh-gia/<int:assessment_id>/rut-lai/", views.withdraw, name="dxindex_withdraw"),
        path("chi-so-cds/ket-qua/<int:entry_id>/tai-lieu/", views.evidence_add, name="dxindex_evidence_add"),
        path("chi-so-cds/tai-lieu/<int:evidence_id>/tep/", views.evidence_file, name="dxindex_evidence_file"),
        path("chi-so-cds/tai-lieu/<int:evidence_id>/xoa/", views.evidence_remove, name="dxindex_evidence_remove"),
        path("chi-so-cds/ket-qua/<int:entry_id>/giai-trinh/", views.answer, name="dxindex_answer"),
        path("chi-so-cds/ket-qua/<int:entry_id>/tham-dinh/", views.decide, name="dxindex_decide"),
        path("chi-so-cds/tham-dinh/", views.appraisal_queue, name="dxindex_queue"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request):
        return any(request.user.has_perm(permission) for permission in self.permissions)


@hooks.register("register_admin_menu_item")
def self_assessment_menu_item():
    return PermissionMenuItem(
        _("Tự đánh giá chỉ số CĐS"),
        reverse("dxindex_mine"),
        icon_name="form",
        order=276,
        permissions=["dxindex.self_assess"],
    )


@hooks.register("register_admin_menu_item")
def appraisal_menu_item():
    return PermissionMenuItem(
        _("Thẩm định chỉ số CĐS"),
        reverse("dxindex_queue"),
        icon_name="tasks",
        order=277,
        permissions=["dxindex.appraise_assessment"],
    )


@hooks.register("register_admin_menu_item")
def periods_menu_item():
    return PermissionMenuItem(
        _("Kỳ đánh giá chỉ số CĐS"),
        reverse("dxindex_periods"),
        icon_name="date",
        order=278,
        permissions=["dxindex.manage_period", "dxindex.appraise_assessment"],
    )
