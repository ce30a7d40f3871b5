"""The library's facet counts are cached under the "library" generation (documents/library.py,
portal/generations.py): database triggers on the documents, their relations and their fields renew
it, so the counts are recomputed after any change to them, whatever wrote it, and a new day counts
again (validity depends on the day)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents import library
from documents.models import LegalDocument, LegalField
from portal import generations
from tests.factories import DocumentRelationFactory, LegalDocumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_cache")]
URL = "/van-ban/"


def counts(params=None, on=None):
    query = library.parse(params or {})
    _page, facets = library.page(query, 1, 20, on=on)
    return {name: {value.value: value.count for value in values} for name, _label, values in facets}


def grouped_queries(params=None):
    with CaptureQueriesContext(connection) as captured:
        counts(params)
    return [
        query["sql"]
        for query in captured.captured_queries
        if "GROUP BY" in query["sql"] and "documents_legaldocument" in query["sql"]
    ]


def test_the_counts_are_read_once_until_the_library_changes():
    assert grouped_queries()  # the grouped pass and the fields' counts
    assert grouped_queries() == []
    assert grouped_queries({"q": "chuyển đổi số"})
    assert grouped_queries({"q": "chuyển đổi số"}) == []
    # The keyword's matches and their ranked page come from the search index's cache too.
    with CaptureQueriesContext(connection) as captured:
        counts({"q": "chuyển đổi số"})
    assert not [query for query in captured.captured_queries if "portal_searchentry" in query["sql"]]


def test_every_change_to_documents_relations_and_fields_is_counted_at_once():
    before = counts()
    # A new document (the ORM's save), then one unpublished behind the admin's back (an update).
    document = LegalDocumentFactory(issued_on=datetime.date(2021, 6, 15))
    after_add = counts()
    assert after_add["nam"]["2021"] == before["nam"].get("2021", 0) + 1
    LegalDocument.objects.filter(pk=document.pk).update(live=False)
    assert counts()["nam"].get("2021", 0) == before["nam"].get("2021", 0)
    LegalDocument.objects.filter(pk=document.pk).update(live=True)
    # A relation that repeals it ends its validity.
    in_force = counts()["hieu-luc"]
    repealing = LegalDocumentFactory(issued_on=datetime.date(2022, 3, 20), effective_on=datetime.date(2022, 4, 1))
    DocumentRelationFactory(source=repealing, target=document, relation_type="repeals")
    ended = counts()["hieu-luc"]
    assert ended.get("het-hieu-luc-toan-bo", 0) == in_force.get("het-hieu-luc-toan-bo", 0) + 1
    # Its fields.
    field = LegalField.objects.first()
    fields_before = counts()["linh-vuc"].get(field.slug, 0)
    LegalDocument.fields.through.objects.create(legaldocument=document, legalfield=field)
    assert counts()["linh-vuc"][field.slug] == fields_before + 1


def test_a_new_day_counts_again():
    """A document that takes effect tomorrow is "not yet in force" today and in force tomorrow."""
    today = datetime.date(2026, 11, 29)
    LegalDocumentFactory(issued_on=datetime.date(2026, 11, 20), effective_on=datetime.date(2026, 11, 30))
    not_yet = counts(on=today)["hieu-luc"]["chua-co-hieu-luc"]
    assert counts(on=today + datetime.timedelta(days=1))["hieu-luc"].get("chua-co-hieu-luc", 0) == not_yet - 1


def test_filters_have_their_own_counts():
    everything = counts()
    decisions = counts({"loai": "quyet-dinh", "nam": "2022"})
    assert decisions != everything
    assert counts({"loai": "quyet-dinh", "nam": "2022"}) == decisions
    assert counts() == everything


def test_the_library_generation_is_kept_by_the_triggers():
    value = generations.current("library")
    assert value is not None
    LegalDocumentFactory()
    assert generations.current("library") != value


def rows(params=None, on=None):
    query = library.parse(params or {})
    listing, _facets = library.page(query, 1, 20, on=on)
    return [(document.pk, document.title, document.document_type.name, document.validity_code) for document in listing]


@pytest.mark.parametrize(
    "params", [{}, {"loai": "quyet-dinh"}, {"loai": "quyet-dinh", "nam": "2022"}, {"q": "chuyển đổi số"}]
)
def test_the_kept_page_is_the_page_computed_afresh(params, settings):
    kept = rows(params)
    assert rows(params) == kept  # read back
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": 0}
    assert rows(params) == kept  # computed


def test_the_kept_page_follows_its_documents_and_their_types_whatever_writes_them():
    """A title changed and a type renamed by bulk updates (no signal) show on the next listing."""
    first = rows()[0]
    LegalDocument.objects.filter(pk=first[0]).update(title="Trích yếu đổi bằng một câu lệnh")
    assert rows()[0][1] == "Trích yếu đổi bằng một câu lệnh"
    document = LegalDocument.objects.select_related("document_type").get(pk=first[0])
    type(document.document_type).objects.filter(pk=document.document_type.pk).update(name="Loại đã đổi tên")
    assert rows()[0][2] == "Loại đã đổi tên"
    names = {
        value.label
        for name, _label, values in library.page(library.parse({}), 1, 20)[1]
        if name == "loai"
        for value in values
    }
    assert "Loại đã đổi tên" in names
