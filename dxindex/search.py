"""The DX index in the site search: each unit's published result (its page per period) and each
published period's ranking page. Only results of periods whose status is published: a period that
is signed off but not published, an assessment or its scores are never indexed. Publishing (the
period saved as published) and anything that changes a period reindex its results (`watch`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search import SearchItem, SearchSource

RESULT_TYPE = "chi-so-cds"


class PublishedResultSource(SearchSource):
    key = "dxindex_results"
    types = {RESULT_TYPE: _("Chỉ số chuyển đổi số")}

    @property
    def model(self):
        from dxindex.models import PublishedResult

        return PublishedResult

    @property
    def watch(self):
        from dxindex.models import Period

        return {Period: lambda period: period.published_results.values_list("pk", flat=True)}

    def get_queryset(self):
        from dxindex import public

        return public.published_results().select_related("unit", "period")

    def to_item(self, result):
        year = result.period.year
        return SearchItem(
            type=RESULT_TYPE,
            title=str(_("%(unit)s: chỉ số chuyển đổi số năm %(year)s") % {"unit": result.unit_name, "year": year}),
            url=reverse("dxpub_unit", args=[year, result.unit.slug]),
            date=result.published_at.date(),
            body=str(
                _("Hạng %(rank)s trong khối %(unit_type)s, tổng điểm %(total)s/%(max)s.")
                % {
                    "rank": result.rank,
                    "unit_type": result.unit_type_name,
                    "total": f"{result.total.normalize():f}",
                    "max": f"{result.max_total.normalize():f}",
                }
            ),
            extra=" ".join(part for part in (result.unit.name, result.unit.short_name) if part),
        )


class PublishedPeriodSource(SearchSource):
    key = "dxindex_periods"
    types = {RESULT_TYPE: _("Chỉ số chuyển đổi số")}

    @property
    def model(self):
        from dxindex.models import Period

        return Period

    def get_queryset(self):
        from dxindex import public

        return public.published_periods()

    def to_item(self, period):
        return SearchItem(
            type=RESULT_TYPE,
            title=str(_("Xếp hạng chỉ số chuyển đổi số năm %(year)s") % {"year": period.year}),
            url=reverse("dxpub_period", args=[period.year]),
            date=period.published_at.date() if period.published_at else None,
            body=str(
                _("Bảng xếp hạng đã công bố theo %(version)s: thứ hạng, tổng điểm và điểm từng chỉ số chính.")
                % {"version": period.version.name}
            ),
            extra="xep hang chi so chuyen doi so DTI",
        )
