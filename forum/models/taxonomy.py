"""What a proposal is about and what kind of text it is: the categories and kinds editors keep."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from portal.text import slugify_vi


def proposal_slug(title):
    return slugify_vi(title)[:80] or "y-kien"


class ProposalCategory(models.Model):
    """A forum category (chuyên mục); not news.Category, the articles' categories."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("chuyên mục diễn đàn")
        verbose_name_plural = _("chuyên mục diễn đàn")

    def __str__(self):
        return self.name


class ProposalKind(models.Model):
    """Góp ý, hiến kế, phản ánh khó khăn vướng mắc, câu hỏi. The prefix starts reference codes. The
    only meaning of `loai` in the forum's public URLs (not kpi.Kind, the kinds of indicator)."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    prefix = models.CharField(
        _("tiền tố mã"), max_length=4, unique=True, help_text=_("Hai chữ cái in hoa, ví dụ GY cho góp ý.")
    )
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("prefix"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại ý kiến")
        verbose_name_plural = _("loại ý kiến")

    def __str__(self):
        return self.name
