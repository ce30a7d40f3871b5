"""The library's search source: published legal documents (the DraftStateMixin `live` flag), with
their number as the best-bet key, and issuer and validity as facets."""

from django.utils.translation import gettext_lazy as _

from documents.validity import ValidityStatus
from portal.search import SearchItem, SearchSource
from portal.search.sources import plain_text


class LegalDocumentSource(SearchSource):
    key = "documents"
    types = {"van-ban": _("Văn bản")}

    @property
    def model(self):
        from documents.models import LegalDocument

        return LegalDocument

    @property
    def facet_labels(self):
        from documents.validity import ValidityStatus

        # The search index and its ?hieu-luc= filter hold the public slug, as the library does.
        return {"validity": dict(ValidityStatus.slug_choices())}

    @property
    def watch(self):
        from documents.models import DocumentType
        from portal.models import Organisation

        return {
            Organisation: lambda issuer: issuer.documents.values_list("pk", flat=True),
            DocumentType: lambda document_type: document_type.documents.values_list("pk", flat=True),
        }

    def get_queryset(self):
        return self.model.objects.live().with_validity().for_listing()

    def to_item(self, document):
        heading = f"{document.document_type.name} {document.number}" if document.number else document.document_type.name
        issuer = document.issuer
        return SearchItem(
            type="van-ban",
            title=f"{heading}: {document.title}",
            url=document.get_absolute_url() or "",
            date=document.issued_on,
            body=" ".join(part for part in [plain_text(document.full_text), document.extracted_text] if part),
            extra=" ".join(
                part for part in [issuer.name, issuer.short_name, document.signer, document.signer_title] if part
            ),
            keys=[document.number] if document.number else [],
            issuer=issuer.slug,
            issuer_label=issuer.label,
            validity=ValidityStatus.slug_of(getattr(document, "validity_code", "")),
        )
