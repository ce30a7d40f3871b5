from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import BaseStreamBlock, ExtensibleStreamBlock, ParagraphBlock

# The extension point of a bulletin section's items: the KPI block joins them through the
# register_stream_blocks hook (kpi/wagtail_hooks.py), after the bulletin's own blocks.
BULLETIN_ITEMS = "bulletin_items"


class DocumentLinkBlock(blocks.StructBlock):
    document = SnippetChooserBlock("documents.LegalDocument", label=_("Văn bản"))
    summary = blocks.CharBlock(label=_("Tóm tắt một dòng"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "news/blocks/document_link_block.html"
        label = _("Liên kết văn bản")
        description = _("Một văn bản trong thư viện, với số hiệu, trích yếu và tình trạng.")


class ArticleStreamBlock(BaseStreamBlock):
    document = DocumentLinkBlock()


class BulletinArticleItem(blocks.StructBlock):
    article = blocks.PageChooserBlock(page_type="news.ArticlePage", label=_("Bài viết"))
    summary = blocks.CharBlock(label=_("Tóm tắt một dòng"), required=False, max_length=300)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Bài viết")


class BulletinItemsBlock(ExtensibleStreamBlock):
    extension_point = BULLETIN_ITEMS

    article = BulletinArticleItem()
    document = DocumentLinkBlock()
    text = ParagraphBlock()


SECTION_CHOICES = [
    ("gioi-thieu", _("Giới thiệu")),
    ("diem-tin", _("Điểm tin")),
    ("van-ban-moi", _("Văn bản mới")),
    ("tieu-diem", _("Tiêu điểm trong tháng")),
    ("hoat-dong-lanh-dao", _("Hoạt động của lãnh đạo")),
    ("su-kien-sap-dien-ra", _("Sự kiện sắp diễn ra")),
    ("mo-hinh-cds", _("Mô hình chuyển đổi số")),
]


class BulletinSectionBlock(blocks.StructBlock):
    key = blocks.ChoiceBlock(choices=SECTION_CHOICES, label=_("Phần"))
    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    # Not required: a section with nothing in it this month stays empty (the page skips it) or is removed.
    items = BulletinItemsBlock(label=_("Nội dung"), required=False)

    class Meta:
        icon = "list-ul"
        template = "news/blocks/bulletin_section_block.html"
        label = _("Phần của bản tin")
        description = _("Một phần của bản tin: bài viết, văn bản hoặc đoạn văn, theo thứ tự.")
