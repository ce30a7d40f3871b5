from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DxIndexConfig(AppConfig):
    """The DX-index assessment of KH 305/KH-UBND: index versions, periods, self-assessment,
    appraisal and the published ranking."""

    name = "dxindex"
    verbose_name = _("Chỉ số chuyển đổi số")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The public side: the ranking card in kpi's embed registry (kpi never imports dxindex),
        # the purge on publication, and the hooks for search, page bodies and the sitemap.
        from dxindex import embeds, public_hooks
        from dxindex.models import IndexVersion, Period, PublishedResult, PublishedScore, UnitType
        from portal import generations

        # The ranking block any page body may hold (the home page's, a bulletin's): the pages that
        # keep what they rendered (portal.fragment_cache) render again when a ranking changes.
        published = (IndexVersion, Period, PublishedResult, PublishedScore, UnitType)
        generations.register("fragments", [model._meta.db_table for model in published])
        embeds.connect_signals()
        public_hooks.register_search_sources()
