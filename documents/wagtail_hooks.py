import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from documents import validity
from documents.citations import link_citations
from documents.models import DocumentLibraryPage, DocumentType, LegalDocument, LegalField
from portal.models import Organisation
from portal.navigation import singleton_page_base_url


class LegalDocumentFilterSet(WagtailFilterSet):
    year = django_filters.NumberFilter(field_name="issued_on", lookup_expr="year", label=_("Năm ban hành"))
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng hiệu lực"), choices=validity.STATUS_CHOICES, method="filter_status"
    )
    # Only the bodies that issued a document, not the whole registry of public bodies.
    issuer = django_filters.ModelChoiceFilter(
        label=_("Cơ quan ban hành"), queryset=Organisation.objects.filter(documents__isnull=False).distinct()
    )

    class Meta:
        model = LegalDocument
        fields = ["document_type", "issuer", "fields", "live"]

    def filter_status(self, queryset, name, value):
        return validity.annotate_validity(queryset).filter(validity_code=value)


class LegalDocumentViewSet(SnippetViewSet):
    model = LegalDocument
    icon = "doc-full"
    menu_label = _("Văn bản")
    menu_name = "legal-documents"
    add_to_admin_menu = False
    # The issuer by its short name, as the listing showed it before issuers joined the registry.
    list_display = [
        "number",
        "title",
        "document_type",
        Column("issuer", label=_("cơ quan ban hành"), accessor="issuer.label"),
        "issued_on",
    ]
    list_per_page = 50
    filterset_class = LegalDocumentFilterSet
    # Searched in the database rather than the search index, so that imported documents are found at
    # once and queries without diacritics match the folded text.
    search_backend_name = None
    search_fields = ["number", "title", "search_text"]
    ordering = ["-issued_on", "-pk"]
    list_export = ["number", "document_type", "issuer", "title", "issued_on", "effective_on", "signer", "slug"]
    export_filename = "van-ban"

    def get_queryset(self, request):
        return LegalDocument.objects.select_related("document_type", "issuer")


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "tag"
    list_display = ["name", "abbreviation", "sort_order"]


class LegalFieldViewSet(SnippetViewSet):
    model = LegalField
    icon = "list-ul"
    list_display = ["name", "slug"]


class LibraryGroup(SnippetViewSetGroup):
    menu_label = _("Thư viện văn bản")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (LegalDocumentViewSet, DocumentTypeViewSet, LegalFieldViewSet)


register_snippet(LibraryGroup)


@hooks.register("portal_text_filters")
def cite_documents(html):
    return link_citations(html)


@hooks.register("portal_home_sections")
def latest_documents(request, page):
    documents = list(LegalDocument.objects.live().for_listing().order_by("-issued_on", "-pk")[:5])
    if not documents:
        return None
    return {
        "key": "documents",
        "order": 30,
        "template": "documents/home_section.html",
        "documents": documents,
        "library_url": singleton_page_base_url(DocumentLibraryPage),
    }


# What the home page keeps of the section is renewed with these (home.models.HomePage.content).
latest_documents.generations = ("library", "fragments", "pages")


@hooks.register("register_search_sources")
def document_search_sources():
    from documents.search import LegalDocumentSource

    return [LegalDocumentSource()]


@hooks.register("register_seed_content", order=20)
def seed_content():
    """Documents' seed content: the library's documents come before the news and indicators that cite them."""
    from documents import seed

    return seed


@hooks.register("register_styleguide_badges")
def validity_badges():
    from documents.validity import ValidityStatus

    return (_("Hiệu lực văn bản"), "status", ValidityStatus.choices)
