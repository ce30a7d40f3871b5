from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.navigation import connect_signals

        connect_signals()

        from django.db.models.signals import post_migrate

        from portal.generations import ensure_after_migrate

        post_migrate.connect(ensure_after_migrate, sender=self, dispatch_uid="portal_generations")

        from portal.search.indexing import connect_signals as connect_search_signals

        connect_search_signals()
