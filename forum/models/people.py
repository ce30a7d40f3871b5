"""Who answers and who writes: responders (a unit's accounts) and citizens' forum profiles."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from portal.choices import SlugChoices, public_slugs


def responding_units(on=None):
    """The bodies a proposal may be assigned to on `on` (today): the active sở, ngành, phường, xã
    and đặc khu of the registry, and any other active body that has a responder account. Past
    answers keep the unit that gave them, whatever happened to it since."""
    from portal.models import Level, Organisation

    return Organisation.objects.active_on(on).filter(
        Q(level__in=[Level.DEPARTMENT, Level.COMMUNE]) | Q(pk__in=Responder.objects.values("unit_id"))
    )


class Responder(models.Model):
    """An Đơn vị trả lời account and the unit (an Organisation: a sở, a phường...) it answers for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responder")
    unit = models.ForeignKey(
        "portal.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="responders"
    )

    panels = [FieldPanel("user"), FieldPanel("unit")]

    class Meta:
        verbose_name = _("cán bộ trả lời")
        verbose_name_plural = _("cán bộ trả lời")

    def __str__(self):
        return f"{self.user} ({self.unit})"


class Profile(models.Model):
    """What the forum keeps about a person, and nothing more: how they write, their consent
    (which version, when) and whether they want email. Political opinions expressed in proposals
    are sensitive data under Law 91/2025/QH15, so no other personal detail is collected."""

    @public_slugs(CITIZEN="cong_dan", BUSINESS="doanh_nghiep", ORGANISATION="to_chuc")
    class AuthorType(SlugChoices):
        CITIZEN = "citizen", _("Người dân")
        BUSINESS = "business", _("Doanh nghiệp")
        ORGANISATION = "organisation", _("Tổ chức")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile")
    author_type = models.CharField(
        _("viết với tư cách"), max_length=16, choices=AuthorType.choices, default=AuthorType.CITIZEN
    )
    terms_version = models.CharField(_("phiên bản điều khoản đã đồng ý"), max_length=20, blank=True)
    privacy_version = models.CharField(_("phiên bản thông báo bảo vệ dữ liệu đã đồng ý"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("thời điểm đồng ý"), null=True, blank=True)
    email_notifications = models.BooleanField(_("nhận thông báo qua thư điện tử"), default=True)
    suspended_at = models.DateTimeField(_("tạm khoá từ"), null=True, blank=True)
    suspended_reason = models.TextField(_("lý do tạm khoá"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ diễn đàn")
        verbose_name_plural = _("hồ sơ diễn đàn")

    def __str__(self):
        return str(self.user)

    @property
    def is_suspended(self):
        return self.suspended_at is not None
