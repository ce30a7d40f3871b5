from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import BaseStreamBlock, ExtensibleStreamBlock, ParagraphBlock
from portal.choices import SlugChoices, public_slugs

# The extension point of a bulletin section's items: the KPI block joins them through the
# register_stream_blocks hook (kpi/wagtail_hooks.py), after the bulletin's own blocks.
BULLETIN_ITEMS = "bulletin_items"


class LegalDocumentChooserBlock(SnippetChooserBlock):
    """The library's documents, with their type fetched once for every link of the page."""

    def bulk_to_python(self, values):
        documents = super().bulk_to_python(values)
        prefetch_related_objects([document for document in documents if document is not None], "document_type")
        return documents


class DocumentLinkBlock(blocks.StructBlock):
    document = LegalDocumentChooserBlock("documents.LegalDocument", label=_("Văn bản"))
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


@public_slugs(
    INTRODUCTION="gioi-thieu",
    NEWS="diem-tin",
    DOCUMENTS="van-ban-moi",
    FOCUS="tieu-diem",
    LEADERS="hoat-dong-lanh-dao",
    UPCOMING_EVENTS="su-kien-sap-dien-ra",
    MODELS="mo-hinh-cds",
)
class BulletinSection(SlugChoices):
    """A bulletin section's key, stored in English; its public slug names the section's anchor
    (#phan-diem-tin), so that links into published issues keep working."""

    INTRODUCTION = "introduction", _("Giới thiệu")
    NEWS = "news", _("Điểm tin")
    DOCUMENTS = "documents", _("Văn bản mới")
    FOCUS = "focus", _("Tiêu điểm trong tháng")
    LEADERS = "leaders", _("Hoạt động của lãnh đạo")
    UPCOMING_EVENTS = "upcoming_events", _("Sự kiện sắp diễn ra")
    MODELS = "models", _("Mô hình chuyển đổi số")


class BulletinSectionValue(blocks.StructValue):
    @property
    def slug(self):
        return BulletinSection.slug_of(self.get("key")) or self.get("key") or ""

    @property
    def anchor(self):
        return f"phan-{self.slug}"


class BulletinSectionBlock(blocks.StructBlock):
    key = blocks.ChoiceBlock(choices=BulletinSection.choices, label=_("Phần"))
    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=200)
    # Not required: a section with nothing in it this month stays empty (the page skips it) or is removed.
    items = BulletinItemsBlock(label=_("Nội dung"), required=False)

    class Meta:
        icon = "list-ul"
        template = "news/blocks/bulletin_section_block.html"
        label = _("Phần của bản tin")
        value_class = BulletinSectionValue
        description = _("Một phần của bản tin: bài viết, văn bản hoặc đoạn văn, theo thứ tự.")
