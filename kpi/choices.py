from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    GOVERNMENT = "chinh-quyen-so", _("Chính quyền số")
    ECONOMY = "kinh-te-so", _("Kinh tế số")
    SOCIETY = "xa-hoi-so", _("Xã hội số")
    INFRASTRUCTURE = "ha-tang-so", _("Hạ tầng số")
    SECURITY = "an-toan-thong-tin", _("An toàn thông tin")
    THEME = "chu-de-nam", _("Chủ đề của năm")
