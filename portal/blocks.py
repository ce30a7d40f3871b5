"""StreamField blocks every app shares, and the way apps add their own blocks to shared streams.

Each block describes itself for editors (icon, template, label, description, preview value).

Blocks from apps
================
The kernel knows no app, yet a page body offers the KPI block (kpi/) and a bulletin section offers
it too (news/). A stream that apps may extend is an `ExtensibleStreamBlock` with an
`extension_point` name; apps contribute blocks to it through the Wagtail hook
`register_stream_blocks`, in their `wagtail_hooks.py`, as the search sources do::

    # kpi/wagtail_hooks.py
    @hooks.register("register_stream_blocks")
    def stream_blocks():
        from kpi.blocks import KpiBlock
        return [StreamBlockContribution("kpi", KpiBlock, extension_points=[PAGE_BODY, "bulletin_items"])]

A model's StreamField is built when its class is created, before any app's `wagtail_hooks` can
load, so an extensible stream collects its contributions later: the first time its child blocks
are read (rendering, a form, `manage.py check`, `makemigrations`), after every app's models are
loaded. The contributed blocks go where the stream says (`contributions_before`, or at the end),
by the contribution's `order` and then its name, so the block order (what editors see and what
migrations record) does not depend on the order apps are installed. The block name is what the
StreamField JSON stores: a contribution keeps its name for good.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from portal.richtext import RICH_TEXT_FEATURES
from portal.text import slugify_vi

STREAM_BLOCKS_HOOK = "register_stream_blocks"
PAGE_BODY = "page_body"  # the body of every content page (BaseStreamBlock and its subclasses)


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


@dataclass(frozen=True)
class StreamBlockContribution:
    """A block an app adds to the extensible streams named in `extension_points`.

    `block` is a block class (or any callable returning a new block): every stream gets its own
    instance. `name` is the block type stored in the StreamField JSON."""

    name: str
    block: object
    extension_points: tuple = (PAGE_BODY,)
    order: int = 100

    def __post_init__(self):
        object.__setattr__(self, "extension_points", tuple(self.extension_points))


def stream_block_contributions(extension_point):
    """The apps' contributions to `extension_point`, by order then name; names are unique."""
    if not apps.models_ready:
        raise ImproperlyConfigured(
            f"The blocks of the stream {extension_point!r} were read before the apps were loaded: they "
            f"come from the {STREAM_BLOCKS_HOOK!r} hook, so read them only once the app registry is ready "
            "(not while a models module is being imported)."
        )
    found = {}
    for hook in hooks.get_hooks(STREAM_BLOCKS_HOOK):
        for contribution in hook():
            if extension_point not in contribution.extension_points:
                continue
            if contribution.name in found:
                raise ImproperlyConfigured(
                    f"Two apps contribute a block named {contribution.name!r} to {extension_point!r}."
                )
            found[contribution.name] = contribution
    return sorted(found.values(), key=lambda contribution: (contribution.order, contribution.name))


class ExtensibleStreamBlock(blocks.StreamBlock):
    """A StreamBlock to which apps add blocks through the `register_stream_blocks` hook.

    Subclasses name their `extension_point` and may say before which declared block the
    contributions go (`contributions_before`; at the end when None). A declared block keeps its
    name: a contribution of the same name is ignored for this stream."""

    extension_point = None
    contributions_before = None

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(**kwargs)
        for name, block in local_blocks or ():
            block.set_name(name)
            self._declared_child_blocks[name] = block

    @property
    def child_blocks(self):
        if self._child_blocks is None:
            self._child_blocks = self._with_contributions()
        return self._child_blocks

    @child_blocks.setter
    def child_blocks(self, value):
        # Wagtail's StreamBlock.__init__ sets the declared blocks; the contributions join on first read.
        self._declared_child_blocks = value
        self._child_blocks = None

    def _with_contributions(self):
        declared = self._declared_child_blocks
        if self.extension_point is None:
            return declared
        added = []
        for contribution in stream_block_contributions(self.extension_point):
            if contribution.name in declared:
                continue
            block = contribution.block()
            block.set_name(contribution.name)
            added.append((contribution.name, block))
        names = list(declared)
        at = names.index(self.contributions_before) if self.contributions_before in declared else len(names)
        ordered = [(name, declared[name]) for name in names[:at]] + added
        ordered += [(name, declared[name]) for name in names[at:]]
        return dict(ordered)


class BaseStreamBlock(ExtensibleStreamBlock):
    """Every content block an editor may use in a page body: the kernel's own, and those the apps
    contribute to PAGE_BODY (the KPI block), before the table."""

    extension_point = PAGE_BODY
    contributions_before = "table"

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    table = TableBlock(
        label=_("Bảng"),
        template="blocks/table_block.html",
        table_options={"contextMenu": ["row_above", "row_below", "col_left", "col_right", "remove_row", "remove_col"]},
    )

    class Meta:
        label = _("Nội dung")
