from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = _("Chỉ tiêu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kpi.embeds import connect_signals
        from kpi.models import Indicator, Measurement, Plan, Target
        from portal import generations

        # What an indicator's summary reads (kpi.embed.rows_for: the home page's figures, the KPI
        # block of any page body or bulletin): the indicators, their targets and measurements, the
        # plans and their documents, the places. Pages that keep what they rendered key on them.
        shown = [model._meta.db_table for model in (Indicator, Target, Measurement, Plan)]
        shown += ["portal_organisation", "documents_legaldocument", "documents_documenttype"]
        generations.register("kpi", shown)
        generations.register("fragments", shown)

        # A change to an indicator, its targets or measurements, a plan or the allowed origins
        # purges the cards for other sites and the pages that show the same numbers.
        connect_signals()
