"""The KPI search source: every indicator (indicators have no draft state; all are public)."""

from django.utils.translation import gettext_lazy as _

from portal.search import SearchItem, SearchSource


class IndicatorSource(SearchSource):
    key = "indicators"
    types = {"chi-tieu": _("Chỉ tiêu")}

    @property
    def model(self):
        from kpi.models import Indicator

        return Indicator

    @property
    def watch(self):
        from portal.models import Organisation

        return {Organisation: lambda place: place.indicators.values_list("pk", flat=True)}

    def get_queryset(self):
        return self.model.objects.select_related("place")

    def to_item(self, indicator):
        return SearchItem(
            type="chi-tieu",
            title=indicator.name,
            url=indicator.get_absolute_url() or "",
            body=indicator.description,
            extra=" ".join(
                str(part)
                for part in [indicator.get_pillar_display(), indicator.place.area_label, indicator.unit]
                if part
            ),
        )
