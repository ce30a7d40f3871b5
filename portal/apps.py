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

        # Every page type's own table too: a bulk update of a page's own fields (an article's date,
        # the home page's hero) writes that table alone.
        from wagtail.models import get_page_models

        from portal import generations

        page_tables = sorted({model._meta.db_table for model in get_page_models() if not model._meta.proxy})
        generations.register("pages", page_tables)
        generations.register("fragments", page_tables)

        from portal.search.indexing import connect_signals as connect_search_signals

        connect_search_signals()
