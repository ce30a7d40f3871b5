"""The "Bảng xếp hạng chỉ số CĐS" block any page body may use (contributed to the kernel's page
body through the `register_stream_blocks` hook, dxindex/public_hooks.py): one unit type's ranking
of a published period, or of the latest published period. It reads published results only; with
nothing published it says so."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from dxindex.models import UnitKind

BLOCK_NAME = "dx_ranking"


class RankingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề"), required=False, max_length=200)
    year = blocks.IntegerBlock(
        label=_("Năm đánh giá"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Để trống: kỳ mới nhất đã công bố."),
    )
    unit_kind = blocks.ChoiceBlock(choices=UnitKind.choices, label=_("Khối đơn vị"), default=UnitKind.DEPARTMENT)
    limit = blocks.IntegerBlock(label=_("Số đơn vị tối đa"), default=10, min_value=1, max_value=100)

    class Meta:
        icon = "list-ol"
        template = "dxindex/blocks/ranking_block.html"
        label = _("Bảng xếp hạng chỉ số CĐS")
        description = _(
            "Thứ hạng và tổng điểm của một khối đơn vị trong một kỳ đánh giá chỉ số chuyển đổi số đã công bố."
        )
        preview_value = {"unit_kind": UnitKind.DEPARTMENT, "limit": 5}

    def get_context(self, value, parent_context=None):
        from dxindex import public

        context = super().get_context(value, parent_context)
        periods = public.published_periods()
        if value.get("year"):
            periods = periods.filter(year=value["year"])
        period = periods.first()
        section = None
        if period is not None:
            sections = public.ranking(period, kind=value.get("unit_kind"))
            section = sections[0] if sections else None
        limit = value.get("limit") or 10
        context.update(
            {
                "period": period,
                "section": section,
                "rows": section.rows[:limit] if section else [],
                "more": max(0, len(section.rows) - limit) if section else 0,
            }
        )
        return context
