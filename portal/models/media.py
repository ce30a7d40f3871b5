"""The portal's image and document models, custom from the first migration, shared by every app
(WAGTAILIMAGES_IMAGE_MODEL and WAGTAILDOCS_DOCUMENT_MODEL name them). Their tables began in home/
and moved here with their rows (portal/migrations/0004_media_models)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PortalImage(AbstractImage):
    """An image in the media library; credit says who made it or where it comes from. Every image
    says what it shows in Vietnamese (Wagtail's `description`, its alt text) unless the editor marks
    it as decorative: the only way to get alt=""."""

    description = models.CharField(
        _("văn bản thay thế"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "Mô tả ngắn nội dung ảnh cho người dùng trình đọc màn hình, ví dụ: “Lãnh đạo Thành phố phát biểu tại hội nghị”."
        ),
    )
    # Not "decorative": Wagtail's AbstractImage.__init__ sets an attribute of that name for ImageBlock.
    is_decorative = models.BooleanField(
        _("ảnh trang trí"),
        default=False,
        help_text=_("Chỉ đánh dấu khi ảnh không mang thông tin; trình đọc màn hình sẽ bỏ qua ảnh."),
    )
    credit = models.CharField(_("nguồn / tác giả"), max_length=200, blank=True)
    admin_form_fields = ("title", "file", "description", "is_decorative", *Image.admin_form_fields[3:], "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        permissions = [("choose_image", "Can choose image")]

    def clean(self):
        super().clean()
        self.description = (self.description or "").strip()
        if not self.is_decorative and not self.description:
            raise ValidationError(
                {"description": _("Hãy nhập văn bản thay thế mô tả ảnh, hoặc đánh dấu đây là ảnh trang trí.")}
            )

    @property
    def alt(self):
        """The alt attribute: empty only for a decorative image; the title for an image stored
        before alt text was asked for."""
        if self.is_decorative:
            return ""
        return self.description or self.title

    @property
    def default_alt_text(self):  # used by Wagtail's {% image %} tag, renditions and rich text
        return self.alt


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class PortalDocument(AbstractDocument):
    """A file (PDF, DOCX...) in the document store: attachments of legal documents and pages."""

    description = models.TextField(_("mô tả"), blank=True)
    admin_form_fields = Document.admin_form_fields + ("description",)

    class Meta(AbstractDocument.Meta):
        verbose_name = _("tệp tài liệu")
        verbose_name_plural = _("tệp tài liệu")
        permissions = [("choose_document", "Can choose document")]
