from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.navigation import connect_signals

        connect_signals()

        from portal.chrome import connect_signals as connect_chrome_signals

        connect_chrome_signals()

        from portal.search.indexing import connect_signals as connect_search_signals

        connect_search_signals()
