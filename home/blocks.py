"""Home's own blocks: the programme's pillars, quick links, and an album's images and videos. The
blocks every app shares live in portal/blocks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.blocks import CaptionedImageBlock, VideoBlock


class PillarBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_("Mã"), max_length=40, help_text=_("Ví dụ: chinh-quyen-so"))
    title = blocks.CharBlock(label=_("Tên trụ cột"), max_length=80)
    summary = blocks.TextBlock(label=_("Tóm tắt"))
    goals_title = blocks.CharBlock(label=_("Tiêu đề phần mục tiêu"), max_length=120, default="Mục tiêu đến năm 2025")
    goals = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Mục tiêu"))
    source = blocks.CharBlock(label=_("Văn bản nguồn"), max_length=300, required=False)

    class Meta:
        icon = "pick"
        template = "blocks/pillar_block.html"
        label = _("Trụ cột")
        description = _("Một trụ cột của chương trình với các mục tiêu và văn bản nguồn.")


class QuickLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Trang"))
    title = blocks.CharBlock(label=_("Tên liên kết"), max_length=80, required=False)
    description = blocks.CharBlock(label=_("Mô tả"), max_length=200, required=False)

    class Meta:
        icon = "link"
        template = "blocks/quick_link_block.html"
        label = _("Liên kết nhanh")


class GalleryItemsBlock(blocks.StreamBlock):
    image = CaptionedImageBlock()
    video = VideoBlock()

    class Meta:
        label = _("Ảnh và video")
