from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Every table the dashboard (/chi-tieu/) and the home page's indicators read: the indicators, their
# targets and measurements, the plans with their documents' numbers and types, and the places.
# Database triggers renew the "kpi" generation on any write to one of them (portal/generations.py),
# and what kpi.views keeps is keyed on it.
GENERATION_TABLES = [
    "kpi_indicator",
    "kpi_target",
    "kpi_measurement",
    "kpi_plan",
    "portal_organisation",
    "documents_legaldocument",
    "documents_documenttype",
]


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = _("Chỉ tiêu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kpi.embeds import connect_signals
        from portal import generations

        generations.register("kpi", GENERATION_TABLES)
        # The KPI block of any page body or bulletin shows the same summaries: the pages that keep
        # what they rendered (portal.fragment_cache, the home page) render again when they change.
        generations.register("fragments", GENERATION_TABLES)
        # A change to an indicator, its targets or measurements, a plan or the allowed origins
        # purges the cards for other sites and the pages that show the same numbers.
        connect_signals()
