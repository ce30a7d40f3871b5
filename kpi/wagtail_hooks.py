from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kpi.choices import Pillar
from kpi.models import Indicator, Plan, Review, UnitStaff


class IndicatorChooserColumns:
    """The indicator chooser lists each indicator's place and pillar beside its name, so that
    TP.HCM's indicator is told apart from Cao Lãnh's of the same name."""

    @property
    def columns(self):
        return [
            *super().columns,
            Column("place", label=_("Địa phương"), accessor="place.area_label", sort_key=None),
            Column("pillar", label=_("Trụ cột"), accessor="get_pillar_display", sort_key=None),
        ]

    def get_object_list(self):
        return super().get_object_list().select_related("place")


class IndicatorChooseView(IndicatorChooserColumns, ChooseView):
    pass


class IndicatorChooseResultsView(IndicatorChooserColumns, ChooseResultsView):
    pass


class IndicatorChooserViewSet(SnippetChooserViewSet):
    choose_view_class = IndicatorChooseView
    choose_results_view_class = IndicatorChooseResultsView


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    chooser_viewset_class = IndicatorChooserViewSet
    menu_label = _("Chỉ tiêu")
    list_display = ["name", "pillar", "place", "kind", "unit"]
    list_filter = ["pillar", "place", "kind", "targets__plan"]
    search_fields = ["name", "description", "slug"]
    list_export = ["slug", "name", "pillar", "place", "unit", "kind", "comparator"]
    export_filename = "chi-tieu"


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "doc-full"
    list_display = ["title", "document", "place"]
    search_fields = ["title", "slug"]


class UnitStaffViewSet(SnippetViewSet):
    model = UnitStaff
    icon = "group"
    menu_label = _("Cán bộ số liệu")
    list_display = ["user", "unit"]
    search_fields = ["user__username", "user__email", "unit__name"]


class KpiGroup(SnippetViewSetGroup):
    menu_label = _("Chỉ tiêu")
    menu_icon = "table"
    menu_order = 270
    items = (IndicatorViewSet, PlanViewSet, UnitStaffViewSet)


register_snippet(KpiGroup)


@hooks.register("register_admin_urls")
def data_entry_urls():
    from django.urls import path

    from kpi import data_entry, task_entry

    return [
        path("chi-tieu/so-lieu/tai-len/", data_entry.upload, name="kpi_upload"),
        path("chi-tieu/so-lieu/luu/", data_entry.confirm, name="kpi_upload_confirm"),
        path("chi-tieu/so-lieu/duyet/", data_entry.review_queue, name="kpi_review"),
        path("chi-tieu/nhiem-vu/don-vi/", task_entry.unit_task_updates, name="kpi_unit_tasks"),
        path("chi-tieu/nhiem-vu/duyet/", task_entry.task_review_queue, name="kpi_task_review"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def upload_menu_item():
    return PermissionMenuItem(
        _("Gửi số liệu chỉ tiêu"),
        reverse("kpi_upload"),
        icon_name="upload",
        order=271,
        permission="kpi.submit_measurement",
    )


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return PermissionMenuItem(
        _("Duyệt số liệu chỉ tiêu"),
        reverse("kpi_review"),
        icon_name="tasks",
        order=272,
        permission="kpi.review_measurement",
    )


@hooks.register("register_admin_menu_item")
def unit_tasks_menu_item():
    return PermissionMenuItem(
        _("Cập nhật nhiệm vụ của đơn vị"),
        reverse("kpi_unit_tasks"),
        icon_name="list-ul",
        order=273,
        permission="kpi.submit_taskupdate",
    )


@hooks.register("register_admin_menu_item")
def task_review_menu_item():
    return PermissionMenuItem(
        _("Duyệt cập nhật nhiệm vụ"),
        reverse("kpi_task_review"),
        icon_name="tasks",
        order=274,
        permission="kpi.review_taskupdate",
    )


@hooks.register("register_log_actions")
def kpi_log_actions(actions):
    actions.register_action("kpi.measurement.submit", _("Gửi số đo"), _("Gửi số đo chờ duyệt"))
    actions.register_action("kpi.measurement.approve", _("Duyệt số đo"), _("Duyệt số đo, công khai"))
    actions.register_action("kpi.measurement.return", _("Trả lại số đo"), _("Trả lại số đo cho đơn vị"))
    actions.register_action("kpi.task_update.submit", _("Gửi cập nhật nhiệm vụ"), _("Gửi cập nhật nhiệm vụ chờ duyệt"))
    actions.register_action("kpi.task_update.approve", _("Duyệt cập nhật nhiệm vụ"), _("Duyệt cập nhật, công khai"))
    actions.register_action("kpi.task_update.return", _("Trả lại cập nhật nhiệm vụ"), _("Trả lại cập nhật cho đơn vị"))


def home_place_slug():
    """The place whose indicators the home page shows: the portal's city (KPI_HOME_PLACE, default TP.HCM),
    a body of the registry named by its area's slug (or its own)."""
    return getattr(settings, "KPI_HOME_PLACE", "tphcm")


@hooks.register("portal_home_sections")
def headline_indicators(request, page):
    from kpi.views import answers

    # The rows are kept under the indicators' generation (kpi.views.answers), for the year the
    # statuses are judged in.
    key = home_place_slug()
    today_year = timezone.localdate().year
    rows = answers().get("home", [key, today_year], lambda: home_rows(key, today_year))
    if not rows:
        return None
    return {"key": "kpi", "order": 15, "template": "kpi/home_section.html", "rows": rows}


def home_rows(key, today_year):
    from kpi.embed import rows_for
    from kpi.models import Indicator

    # The city's own indicators only (not Cao Lãnh's nor the nation's): those with a measured
    # value first, then one of each main pillar, four at most.
    city = Indicator.objects.filter(Q(place__area_slug=key) | Q(place__area_slug="", place__slug=key))
    picked = list(
        city.filter(measurements__review=Review.APPROVED)
        .distinct()
        .order_by("pillar", "name")
        .values_list("pk", flat=True)[:4]
    )
    for pillar in (Pillar.GOVERNMENT, Pillar.ECONOMY, Pillar.SOCIETY):
        if len(picked) >= 4:
            break
        others = city.filter(pillar=pillar, targets__isnull=False).exclude(pk__in=picked)
        first = others.order_by("name").values_list("pk", flat=True).first()
        if first is not None:
            picked.append(first)
    return rows_for(picked, today_year=today_year) if picked else []


# What the home page keeps of the section is renewed with these (home.models.HomePage.content).
headline_indicators.generations = ("kpi", "pages")


@hooks.register("before_edit_snippet")
def remember_existing_measurements(request, instance):
    if isinstance(instance, Indicator):
        request.kpi_existing_measurements = set(instance.measurements.values_list("pk", flat=True))


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_who_entered_measurements(request, instance):
    """A measurement added in the admin records its editor (not the seeded or imported ones that
    were there before, which saving the indicator unchanged must leave as they are)."""
    if isinstance(instance, Indicator):
        from django.utils import timezone

        from kpi.models import Review

        existing = getattr(request, "kpi_existing_measurements", set())
        added = instance.measurements.filter(entered_by__isnull=True).exclude(pk__in=existing)
        now = timezone.now()
        if request.user.has_perm("kpi.review_measurement"):
            # A reviewer's own entry needs no second reviewer: public at once, and it says so.
            added.update(
                entered_by=request.user,
                entered_at=now,
                review=Review.APPROVED,
                reviewed_by=request.user,
                reviewed_at=now,
            )
            from kpi import embeds

            embeds.schedule(indicator_id=instance.pk)  # update() sends no signal
        else:
            added.update(entered_by=request.user, entered_at=now)


@hooks.register("register_search_sources")
def indicator_search_sources():
    from kpi.search import IndicatorSource

    return [IndicatorSource()]


@hooks.register("register_stream_blocks")
def kpi_stream_blocks():
    """The KPI block joins every page body (before the table) and a bulletin section's items
    (news' "bulletin_items" extension point); "kpi" is the block type the StreamField JSON stores."""
    from kpi.blocks import KpiBlock
    from portal.blocks import PAGE_BODY, StreamBlockContribution

    return [StreamBlockContribution("kpi", KpiBlock, extension_points=[PAGE_BODY, "bulletin_items"])]


@hooks.register("register_seed_content", order=40)
def seed_content():
    from kpi import seed

    return seed


@hooks.register("register_styleguide_badges")
def progress_badges():
    from kpi.progress import STATUS_LABELS, STATUS_ORDER

    return (_("Tiến độ chỉ tiêu"), "kpi-status", [(code, STATUS_LABELS[code]) for code in STATUS_ORDER])


import kpi.task_admin  # noqa: E402,F401  (the plans' tasks in the admin)
