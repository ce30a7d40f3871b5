from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Public consultation on draft documents (lấy ý kiến dự thảo) and its published synthesis."""

    name = "consultations"
    verbose_name = _("Lấy ý kiến dự thảo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from consultations.models import Consultation
        from portal import generations

        # A legal document's page names the consultation on its draft (wagtail_hooks): what the
        # pages keep of themselves (portal.fragment_cache) goes when one changes.
        generations.register("fragments", [Consultation._meta.db_table])
