"""StreamField blocks shared by every page type. Each block describes itself for editors."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from kpi.blocks import KpiBlock
from portal.text import slugify_vi

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Cấp"),
        choices=[("h2", _("Tiêu đề mục (H2)")), ("h3", _("Tiêu đề phụ (H3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Tiêu đề")
        description = _("Một tiêu đề mục; các tiêu đề H2 tạo nên mục lục của trang.")
        preview_value = {"text": "Chính quyền số", "level": "h2"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify_vi(value["text"])
        return context


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Đoạn văn")
        description = _("Văn bản có định dạng: đậm, nghiêng, danh sách, liên kết.")
        preview_value = "<p>Chuyển đổi số là quá trình thay đổi tổng thể và toàn diện.</p>"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=300)
    alt_text = blocks.CharBlock(
        label=_("Văn bản thay thế"),
        required=False,
        max_length=300,
        help_text=_("Mô tả ảnh cho người dùng trình đọc màn hình; để trống sẽ dùng tiêu đề ảnh."),
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Ảnh có chú thích")
        description = _("Một ảnh từ thư viện ảnh, hiển thị bằng bản sao kích thước phù hợp.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Nguồn"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Trích dẫn")
        description = _("Một câu trích dẫn và người hoặc văn bản được trích.")
        preview_value = {"text": "Chuyển đổi số là nhiệm vụ trọng tâm.", "attribution": "QĐ 2393/QĐ-UBND"}


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Địa chỉ video"), help_text=_("Liên kết YouTube hoặc Vimeo."))
    title = blocks.CharBlock(label=_("Tên video"), max_length=200)
    caption = blocks.CharBlock(label=_("Mô tả"), required=False, max_length=300)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("Video")
        description = _("Một video nhúng từ YouTube hoặc Vimeo, kèm tên và mô tả.")


class BaseStreamBlock(blocks.StreamBlock):
    """Every content block an editor may use in a page body."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    kpi = KpiBlock()
    table = TableBlock(
        label=_("Bảng"),
        template="blocks/table_block.html",
        table_options={"contextMenu": ["row_above", "row_below", "col_left", "col_right", "remove_row", "remove_col"]},
    )

    class Meta:
        label = _("Nội dung")


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
