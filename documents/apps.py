from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Văn bản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, post_page_move, published, unpublished

        from documents.citations import clear_citation_map
        from documents.models import DocumentRelation, LegalDocument

        # The map holds URLs under the library page: a change of that page's URL clears it too.
        for signal in (page_published, post_page_move):
            signal.connect(clear_citation_map, dispatch_uid=f"documents-citations-pages-{id(signal)}")
        for signal in (published, unpublished):
            signal.connect(clear_citation_map, sender=LegalDocument, dispatch_uid=f"documents-citations-{id(signal)}")
        for signal in (post_save, post_delete):
            signal.connect(
                clear_citation_map, sender=LegalDocument, dispatch_uid=f"documents-citations-db-{id(signal)}"
            )
            signal.connect(clear_citation_map, sender=DocumentRelation, dispatch_uid=f"documents-rel-{id(signal)}")
