from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kpi.choices import Pillar
from kpi.models import Indicator, Plan


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


class KpiGroup(SnippetViewSetGroup):
    menu_label = _("Chỉ tiêu")
    menu_icon = "table"
    menu_order = 270
    items = (IndicatorViewSet, PlanViewSet)


register_snippet(KpiGroup)


def home_place_slug():
    """The place whose indicators the home page shows: the portal's city (KPI_HOME_PLACE, default TP.HCM),
    a body of the registry named by its area's slug (or its own)."""
    return getattr(settings, "KPI_HOME_PLACE", "tphcm")


@hooks.register("portal_home_sections")
def headline_indicators(request, page):
    from kpi.embed import rows_for
    from kpi.models import Indicator

    # The city's own indicators only (not Cao Lãnh's nor the nation's): those with a measured
    # value first, then one of each main pillar, four at most.
    key = home_place_slug()
    city = Indicator.objects.filter(Q(place__area_slug=key) | Q(place__area_slug="", place__slug=key))
    picked = list(
        city.filter(measurements__isnull=False).distinct().order_by("pillar", "name").values_list("pk", flat=True)[:4]
    )
    for pillar in (Pillar.GOVERNMENT, Pillar.ECONOMY, Pillar.SOCIETY):
        if len(picked) >= 4:
            break
        others = city.filter(pillar=pillar, targets__isnull=False).exclude(pk__in=picked)
        first = others.order_by("name").values_list("pk", flat=True).first()
        if first is not None:
            picked.append(first)
    if not picked:
        return None
    return {"key": "kpi", "order": 15, "template": "kpi/home_section.html", "rows": rows_for(picked)}


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
        existing = getattr(request, "kpi_existing_measurements", set())
        instance.measurements.filter(entered_by__isnull=True).exclude(pk__in=existing).update(entered_by=request.user)


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


import kpi.task_admin  # noqa: E402,F401  (the plans' tasks in the admin)
