from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DxIndexConfig(AppConfig):
    """The DX-index assessment of KH 305/KH-UBND: index versions, periods, self-assessment,
    appraisal and the published ranking."""

    name = "dxindex"
    verbose_name = _("Chỉ số chuyển đổi số")
    default_auto_field = "django.db.models.BigAutoField"
