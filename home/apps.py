from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang chủ và nội dung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import generations

        # The header's operator name and the footer (portal.chrome) come from the site settings.
        generations.register("pages", ["home_sitesettings"])
