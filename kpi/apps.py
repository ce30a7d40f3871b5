from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = _("Chỉ tiêu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kpi.embeds import connect_signals

        # A change to an indicator, its targets or measurements, a plan or the allowed origins
        # purges the cards for other sites and the pages that show the same numbers.
        connect_signals()
