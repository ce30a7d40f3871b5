from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.choices import SlugChoices, public_slugs


@public_slugs(
    GOVERNMENT="chinh-quyen-so",
    ECONOMY="kinh-te-so",
    SOCIETY="xa-hoi-so",
    INFRASTRUCTURE="ha-tang-so",
    SECURITY="an-toan-thong-tin",
    THEME="chu-de-nam",
)
class Pillar(SlugChoices):
    """Stored in English (indicators, the KPI block); published under the slugs above (the
    dashboard's anchors #pillar-kinh-te-so, the kpi_indicators tag)."""

    GOVERNMENT = "government", _("Chính quyền số")
    ECONOMY = "economy", _("Kinh tế số")
    SOCIETY = "society", _("Xã hội số")
    INFRASTRUCTURE = "infrastructure", _("Hạ tầng số")
    SECURITY = "security", _("An toàn thông tin")
    THEME = "theme", _("Chủ đề của năm")


class Review(models.TextChoices):
    """A measurement or a task update is public once approved (issue 14, item 3): what a unit's staff
    submit waits for a reviewer (Người duyệt), who approves it or returns it with a note."""

    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")
