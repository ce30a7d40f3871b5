from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Văn bản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.documents import get_document_model
        from wagtail.signals import page_published, post_page_move, published, unpublished

        from documents.citations import clear_citation_map
        from documents.models import DocumentAttachment, DocumentRelation, DocumentType, LegalDocument, LegalField
        from portal import generations
        from portal.fragment_cache import new_generation

        # The library's facet counts are cached under this generation (documents/library.py): the
        # documents, their relations (validity) and their fields, whatever writes them.
        library = ["documents_legaldocument", "documents_documentrelation", "documents_legaldocument_fields"]
        generations.register("library", library)
        # What the pages' rendered fragments show of the library (portal/fragment_cache.py).
        generations.register(
            "fragments", [*library, "documents_documentattachment", "documents_documenttype", "documents_legalfield"]
        )
        from portal.models import Organisation

        # The map holds URLs under the library page: a change of that page's URL clears it too.
        for signal in (page_published, post_page_move):
            signal.connect(clear_citation_map, dispatch_uid=f"documents-citations-pages-{id(signal)}")
        for signal in (published, unpublished):
            signal.connect(clear_citation_map, sender=LegalDocument, dispatch_uid=f"documents-citations-{id(signal)}")
        # A document's page, the library's listing and the home page show a published document:
        # publishing or unpublishing one purges them from the page caches.
        for signal in (published, unpublished):
            signal.connect(purge_document_pages, sender=LegalDocument, dispatch_uid=f"documents-purge-{id(signal)}")
        for signal in (post_save, post_delete):
            signal.connect(
                clear_citation_map, sender=LegalDocument, dispatch_uid=f"documents-citations-db-{id(signal)}"
            )
            signal.connect(clear_citation_map, sender=DocumentRelation, dispatch_uid=f"documents-rel-{id(signal)}")
        # The pages that show documents keep what they rendered (portal.fragment_cache): a document
        # published, unpublished, saved or deleted, or what they show with it (relations,
        # attachments and their files, types, fields, issuers), drops it.
        for signal in (published, unpublished, post_save, post_delete):
            signal.connect(new_generation, sender=LegalDocument, dispatch_uid=f"documents-fragments-{id(signal)}")
        shown = (DocumentRelation, DocumentAttachment, get_document_model(), DocumentType, LegalField, Organisation)
        for signal in (post_save, post_delete):
            for model in shown:
                signal.connect(new_generation, sender=model, dispatch_uid=f"fragments-{model.__name__}-{id(signal)}")


def purge_document_pages(instance, **kwargs):
    """The document's page (a route of the library page), the library and the home page."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from documents.models import DocumentLibraryPage
    from portal import page_cache

    if not page_cache.purging():
        return
    library = DocumentLibraryPage.objects.live().first()
    if library is None:
        return
    batch = PurgeBatch()
    batch.add_page(library)
    base = library.get_full_url(batch)
    if base is not None and instance.slug:
        batch.add_url(base.rstrip("/") + "/" + library.reverse_subpage("document", kwargs={"slug": instance.slug}))
    site = library.get_site()
    if site is not None:
        batch.add_page(site.root_page)
    page_cache.purge(batch.urls)
