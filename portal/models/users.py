from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The portal's account: staff in the admin and, later, citizens in the forum."""

    display_name = models.CharField(
        _("tên hiển thị"),
        max_length=80,
        blank=True,
        help_text=_("Tên hiển thị công khai, ví dụ trên diễn đàn."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.display_name or self.get_full_name() or self.get_username()
