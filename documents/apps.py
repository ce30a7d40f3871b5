from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Văn bản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import published, unpublished

        from documents.models import LegalDocument
        from portal import generations

        # The library's facet counts are cached under this generation (documents/library.py): the
        # documents, their relations (validity) and their fields, whatever writes them.
        library = ["documents_legaldocument", "documents_documentrelation", "documents_legaldocument_fields"]
        generations.register("library", library)
        # What the pages' rendered fragments (portal/fragment_cache.py) and the citations' links
        # (documents/citations.py) show of the library.
        generations.register(
            "fragments", [*library, "documents_documentattachment", "documents_documenttype", "documents_legalfield"]
        )
        # A document's page, the library's listing and the home page show a published document:
        # publishing or unpublishing one purges them from the page caches.
        for signal in (published, unpublished):
            signal.connect(purge_document_pages, sender=LegalDocument, dispatch_uid=f"documents-purge-{id(signal)}")


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
