"""What keeps the library's facets and the search cheap on a large library (issue 13): the plans,
not timings (bench/search.py prints those)."""

import pytest
from django.db import connection
from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from documents import library

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def plan(queryset, *settings):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting}")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql
def test_postgresql_does_not_compile_queries_with_jit():
    """JIT compilation cost seconds on the library's facets at 100,000 documents (settings/base.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@postgresql
def test_postgresql_counts_the_facets_from_the_narrow_index_alone():
    query = library.parse({})
    grouped = (
        library.base_queryset(query, ids=None)
        .values(
            group_type=F("document_type_id"),
            group_issuer=F("issuer_id"),
            group_year=ExtractYear("issued_on"),
            group_validity=F("validity_code"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Only an index that holds every column read can answer with the others ruled out.
    text = plan(grouped, "enable_seqscan = off", "enable_bitmapscan = off", "enable_indexscan = off")
    assert "Index Only Scan using document_facets" in text
    assert "documenttype" not in text.split("SubPlan")[0]  # grouped by ids: no join to the types


def test_facets_group_by_ids_and_show_slugs(client):
    """The grouped pass counts by type and issuer ids; the facets still show and compare slugs."""
    response = client.get("/van-ban/", {"loai": "ke-hoach"})
    names = {key: values for key, _label, values in response.context["facets"]}
    assert any(value.value == "ke-hoach" and value.selected for value in names["loai"])
    assert all(isinstance(value.value, str) and not value.value.isdigit() for value in names["co-quan"])
    groups = library._groups(library.parse({}), None, None)
    assert {group["group_type"] for group in groups} >= {"ke-hoach"}


def test_fields_facet_counts_each_document_once_per_field(client):
    from documents.models import LegalDocument, LegalField

    field = LegalField.objects.order_by("pk").first()
    expected = LegalDocument.objects.live().filter(fields=field).count()
    response = client.get("/van-ban/")
    fields = {
        value.value: value.count
        for key, _label, values in response.context["facets"]
        if key == "linh-vuc"
        for value in values
    }
    assert fields.get(field.slug, 0) == expected


def test_keyword_ranking_from_the_word_index_never_lists_a_draft_left_in_the_index(client):
    """With the keyword alone the page is ranked from the word index: an index row that a failed
    update left behind for a document no longer live is skipped, never listed."""
    from documents.models import LegalDocument

    draft = LegalDocument.objects.get(number="681/KH-UBND")
    LegalDocument.objects.filter(pk=draft.pk).update(live=False)  # no signal: its index row stays
    response = client.get("/van-ban/", {"q": "chuong trinh chuyen doi so thanh pho"})
    numbers = [document.number for document in response.context["documents"]]
    assert numbers  # other documents match (the 593/KH-UBND plan among them)
    assert "681/KH-UBND" not in numbers
