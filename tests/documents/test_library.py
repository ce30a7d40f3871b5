import csv
import io
import json

import pytest

from documents import validity
from documents.models import DocumentType, LegalDocument
from portal.models import Organisation, SearchEntry
from tests.factories import IssuerFactory

pytestmark = pytest.mark.django_db
URL = "/van-ban/"


def listed_numbers(response):
    return [document.number for document in response.context["documents"]]


def facet(response, name):
    return {
        value.value: value.count
        for key, _label, values in response.context["facets"]
        if key == name
        for value in values
    }


def test_library_lists_the_seeded_documents(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["documents"].paginator.count == LegalDocument.objects.live().count() >= 25
    assert "305/KH-UBND" in response.content.decode()  # newest first
    second = client.get(URL, {"trang": 2}).content.decode()
    assert "681/KH-UBND" in second and "2393/QĐ-UBND" in second


def test_library_is_in_the_main_menu_before_the_handbook(client):
    html = client.get("/").content.decode()
    assert html.index('href="/van-ban/"') < html.index('href="/cam-nang/"')


def test_facet_counts_match_the_database(client):
    response = client.get(URL)
    live = LegalDocument.objects.live()
    for document_type in DocumentType.objects.all():
        count = live.filter(document_type=document_type).count()
        assert facet(response, "loai").get(document_type.slug, 0) == count
    for issuer in Organisation.objects.all():
        assert facet(response, "co-quan").get(issuer.slug, 0) == live.filter(issuer=issuer).count()
    assert facet(response, "nam")["2022"] == live.filter(issued_on__year=2022).count()
    statuses = facet(response, "hieu-luc")
    annotated = LegalDocument.objects.live().with_validity()
    # The facet shows each status under its public slug (?hieu-luc=con-hieu-luc).
    for status in validity.ValidityStatus:
        assert statuses.get(status.slug, 0) == annotated.filter(validity_code=status).count()


def test_two_filters_narrow_the_list_and_stay_in_the_url(client):
    all_decisions = client.get(URL, {"loai": "quyet-dinh"})
    both = client.get(URL, {"loai": "quyet-dinh", "nam": "2022"})
    expected = LegalDocument.objects.live().filter(document_type__slug="quyet-dinh", issued_on__year=2022).count()
    assert (
        0 < both.context["documents"].paginator.count == expected < all_decisions.context["documents"].paginator.count
    )
    html = both.content.decode()
    # The selected value links to the URL without it; others keep both filters.
    assert 'aria-current="true"' in html
    assert "loai=quyet-dinh&amp;nam=2022" in html or "nam=2022&amp;loai=quyet-dinh" in html


def test_keyword_without_diacritics_finds_the_words_with_them(client):
    response = client.get(URL, {"q": "chuyen doi so"})
    numbers = listed_numbers(response)
    assert "681/KH-UBND" in numbers
    for document in response.context["documents"]:
        assert "chuyen doi so" in document.search_text


@pytest.mark.parametrize("keyword", ["681", "681/KH-UBND", "681 KH UBND", "681-kh-ubnd", "kh 681"])
def test_number_in_any_written_form(client, keyword):
    numbers = listed_numbers(client.get(URL, {"q": keyword}))
    assert "681/KH-UBND" in numbers
    if keyword != "kh 681":
        assert numbers[0] == "681/KH-UBND", "the number match ranks first"


def test_d_for_đ_and_mixed_case(client):
    numbers = listed_numbers(client.get(URL, {"q": "QUYET DINH 2393 qd-ubnd"}))
    assert numbers[0] == "2393/QĐ-UBND"


def test_unknown_filters_are_ignored_with_a_message(client):
    response = client.get(URL, {"loai": "khong-co", "nam": "abc", "sap-xep": "x"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()
    assert response.context["documents"].paginator.count == LegalDocument.objects.live().count()


def test_no_match_says_what_to_do(client):
    html = client.get(URL, {"q": "khongtontaitukhoanay"}).content.decode()
    assert "Không có văn bản nào khớp" in html


def test_sort_oldest_first(client):
    numbers = listed_numbers(client.get(URL, {"sap-xep": "cu-nhat"}))
    dated = list(LegalDocument.objects.live().exclude(issued_on=None).order_by("issued_on"))
    assert numbers[0] == dated[0].number


def test_drafts_are_never_listed_or_shown(client):
    draft = LegalDocument.objects.get(number="681/KH-UBND")
    draft.live = False
    draft.save()
    assert "681/KH-UBND" not in listed_numbers(client.get(URL, {"q": "681"}))
    assert client.get(f"{URL}{draft.slug}/").status_code == 404
    assert "681/KH-UBND" not in client.get("/van-ban/du-lieu-mo/csv/").content.decode()


def _make_documents(count):
    issuer = IssuerFactory()
    document_type = DocumentType.objects.get(slug="cong-van")
    documents = [
        LegalDocument(
            number=f"{n}/TN-{issuer.pk}",
            document_type=document_type,
            issuer=issuer,
            title=f"Văn bản thử nghiệm về chuyển đổi số {n}",
            live=True,
            slug=f"tn-{issuer.pk}-{n}",
        )
        for n in range(count)
    ]
    for document in documents:
        document.number_key = f"{document.number}".lower().replace("/", "").replace("-", "")
        document.search_text = document.title
    LegalDocument.objects.bulk_create(documents, batch_size=1000)


LISTINGS = [{}, {"q": "chuyen doi so", "loai": "cong-van"}, {"hieu-luc": "chua-xac-dinh"}]


def test_query_count_does_not_grow_with_the_library(client, django_assert_num_queries, settings):
    """The unfiltered, the searched and faceted, and the validity-filtered listing each make as
    many queries with 10,000 more documents as with 10 (one library grown once for the three).
    Every count computed: the cache of counts is off (tests/documents/test_library_cache.py)."""
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": 0}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _make_documents(10)
    small_counts = []
    for params in LISTINGS:
        client.get(URL, params)  # warm the menu and URL caches, as any visitor's second request finds them
        with CaptureQueriesContext(connection) as small:
            client.get(URL, params)
        small_counts.append(len(small))  # read now: later requests reset the connection's query log
    _make_documents(10_000)
    for params, small_count in zip(LISTINGS, small_counts, strict=True):
        with django_assert_num_queries(small_count):
            response = client.get(URL, params)
        assert response.status_code == 200
        assert response.context["documents"].paginator.count > 10_000 or params.get("hieu-luc") or params.get("q")


def test_exports_follow_the_filters(client):
    response = client.get("/van-ban/du-lieu-mo/csv/", {"loai": "ke-hoach"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = LegalDocument.objects.live().filter(document_type__slug="ke-hoach").count()
    assert len(rows) == expected
    assert {row["loai"] for row in rows} == {"Kế hoạch"}
    plan = next(row for row in rows if row["so_hieu"] == "681/KH-UBND")
    assert "Thực hiện 2393/QĐ-UBND" in plan["quan_he"]
    assert plan["ngay_ban_hanh"] == "2021-03-10"

    data = json.loads(client.get("/van-ban/du-lieu-mo/json/", {"q": "2393"}).content)
    numbers = [item["so_hieu"] for item in data["documents"]]
    assert "2393/QĐ-UBND" in numbers and data["count"] == len(numbers)
    decision = next(item for item in data["documents"] if item["so_hieu"] == "2393/QĐ-UBND")
    assert {"quan_he": "Được thực hiện bởi", "so_hieu": "681/KH-UBND"}.items() <= dict(
        next(r for r in decision["quan_he"] if r["so_hieu"] == "681/KH-UBND").items()
    ).items()
    assert client.get("/van-ban/export.xml").status_code == 404


def test_the_keyword_is_matched_once_and_the_facets_follow_it(client, settings):
    """The word index answers the keyword once; the total, the facets and the page reuse the ids
    (every request computed: the cache of answers is off)."""
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": 0}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.search.fulltext import FTS_TABLE

    client.get(URL, {"q": "chuyen doi so"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "chuyen doi so", "linh-vuc": "chuyen-doi-so"})
    marker = "to_tsvector" if connection.vendor == "postgresql" else f"{FTS_TABLE} MATCH"
    assert sum(marker in query["sql"] for query in queries.captured_queries) == 1
    rows = SearchEntry.objects.filter(source="documents")
    for word in ("chuyen", "doi", "so"):
        rows = rows.filter(text_folded__contains=f" {word} ")
    matched = LegalDocument.objects.live().filter(pk__in=rows.values("object_id"))
    in_field = matched.filter(fields__slug="chuyen-doi-so")
    assert response.context["documents"].paginator.count == in_field.count() > 0
    for document_type in DocumentType.objects.all():
        expected = in_field.filter(document_type=document_type).count()
        assert facet(response, "loai").get(document_type.slug, 0) == expected
    assert facet(response, "linh-vuc")["chuyen-doi-so"] == in_field.count()
    assert facet(response, "linh-vuc").get("kinh-te-so", 0) == matched.filter(fields__slug="kinh-te-so").count()
    numbers = listed_numbers(response)
    assert len(numbers) == min(in_field.count(), len(numbers)) and numbers


def test_each_facet_counts_under_the_other_filters(client):
    response = client.get(URL, {"loai": "quyet-dinh", "nam": "2022", "hieu-luc": "con-hieu-luc"})
    live = LegalDocument.objects.live().with_validity()
    decisions_2022 = live.filter(document_type__slug="quyet-dinh", issued_on__year=2022)
    for document_type in DocumentType.objects.all():
        expected = live.filter(document_type=document_type, issued_on__year=2022, validity_code=validity.IN_FORCE)
        assert facet(response, "loai").get(document_type.slug, 0) == expected.count()
    in_force_decisions = live.filter(document_type__slug="quyet-dinh", validity_code=validity.IN_FORCE)
    assert facet(response, "nam")["2022"] == in_force_decisions.filter(issued_on__year=2022).count() > 0
    assert sum(facet(response, "nam").values()) == in_force_decisions.exclude(issued_on=None).count()
    for code in validity.STATUS_LABELS:
        slug = validity.ValidityStatus.slug_of(code)
        assert facet(response, "hieu-luc").get(slug, 0) == decisions_2022.filter(validity_code=code).count()
    assert (
        response.context["documents"].paginator.count == decisions_2022.filter(validity_code=validity.IN_FORCE).count()
    )
