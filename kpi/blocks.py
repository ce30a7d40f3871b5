"""The embeddable KPI block: one indicator, a plan's, a pillar's, or a hand-picked list.
Models are named by string so that any app's StreamField can use it without importing kpi."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from kpi.choices import Pillar


class KpiBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề"), required=False, max_length=200)
    indicators = blocks.ListBlock(
        SnippetChooserBlock("kpi.Indicator"), label=_("Chọn chỉ tiêu"), required=False, min_num=0
    )
    plan = SnippetChooserBlock("kpi.Plan", label=_("Hoặc mọi chỉ tiêu của kế hoạch"), required=False)
    pillar = blocks.ChoiceBlock(
        choices=[("", "---"), *Pillar.choices], label=_("Hoặc mọi chỉ tiêu của trụ cột"), required=False
    )
    limit = blocks.IntegerBlock(label=_("Số chỉ tiêu tối đa"), default=6, min_value=1, max_value=30)

    class Meta:
        icon = "table"
        template = "kpi/blocks/kpi_block.html"
        label = _("Chỉ tiêu chuyển đổi số")
        description = _("Mục tiêu, số đo mới nhất, thanh tiến độ và tình trạng của một hay nhiều chỉ tiêu.")
        # A new block starts with no indicator row (a ListBlock otherwise starts with one empty,
        # required row, and choosing only a plan or a pillar could not be saved).
        default = {"indicators": []}

    def clean(self, value):
        # Rows left empty in the indicator list mean "no indicator": drop them before the child
        # blocks validate, so that a plan or a pillar alone is a complete choice.
        indicators = value.get("indicators")
        if indicators is not None:
            rows = indicators.bound_blocks if isinstance(indicators, ListValue) else None
            if rows is not None:
                value["indicators"] = ListValue(
                    indicators.list_block, bound_blocks=[row for row in rows if row.value is not None]
                )
            else:
                value["indicators"] = [row for row in indicators if row is not None]
        value = super().clean(value)
        if not (value.get("indicators") or value.get("plan") or value.get("pillar")):
            raise StructBlockValidationError(
                non_block_errors=[ValidationError(_("Hãy chọn chỉ tiêu, một kế hoạch hoặc một trụ cột."))]
            )
        return value

    def get_context(self, value, parent_context=None):
        from kpi.embed import rows_for

        context = super().get_context(value, parent_context)
        picked = [indicator.pk for indicator in value.get("indicators") or [] if indicator]
        context["rows"] = rows_for(picked or None, value.get("plan"), value.get("pillar") or None, value.get("limit"))
        return context
