"""A document cited by hundreds of others: its page shows each relation group's first few, with a
"Xem tất cả" link to the group's own paginated list (issue 13, item 5)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import DocumentRelation, LegalDocument
from tests.factories import LegalDocumentFactory, documents_related_to

pytestmark = pytest.mark.django_db

PER_GROUP = 10


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.DOCUMENT_RELATIONS_PER_GROUP = PER_GROUP
    settings.DOCUMENTS_PAGE_SIZE = 20


def law(number="98/2099/QH15"):
    from documents.models import DocumentType

    return LegalDocumentFactory(
        number=number, title="Chuyển đổi số", document_type=DocumentType.objects.get(slug="luat")
    )


def group_url(document, kind, incoming=True):
    return f"/van-ban/{document.slug}/{'quan-he-nguoc' if incoming else 'quan-he'}/{kind}/"


def listed_all(html):
    """The document links of a group page's list, in order."""
    items = html.split('<ol class="relations relations--all"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<li><a href="/van-ban/([^/]+)/">', items)


def listed(html):
    """The document links of a relations list, in order."""
    return re.findall(r'<li><span class="relation__type">[^<]*</span> <a href="/van-ban/([^/]+)/">', html)


def test_a_group_beyond_the_limit_shows_its_first_items_and_a_link_to_all(client):
    document = law()
    citing = documents_related_to(document, PER_GROUP + 2)
    guides = documents_related_to(document, 3, relation_type="guides", incoming=False)
    html = client.get(document.url).content.decode()
    shown = listed(html)
    # The incoming group shows its ten newest citing documents, the outgoing group all three.
    assert shown == [other.slug for other in guides] + [other.slug for other in citing[:PER_GROUP]]
    assert citing[-1].slug not in html
    assert html.count('<span class="relation__type">Là căn cứ của</span>') == PER_GROUP
    assert html.count('<span class="relation__type">Hướng dẫn</span>') == 3
    assert f'<a href="{group_url(document, "can-cu")}">Xem tất cả (12): Là căn cứ của</a>' in html
    # No link for a group that shows whole.
    assert group_url(document, "huong-dan", incoming=False) not in html
    assert html.count("Xem tất cả") == 1


def test_no_link_when_a_group_has_exactly_the_limit(client):
    document = law()
    documents_related_to(document, PER_GROUP)
    html = client.get(document.url).content.decode()
    assert len(listed(html)) == PER_GROUP
    assert "Xem tất cả" not in html


def test_validity_still_reads_an_ending_relation_beyond_the_shown_ones(client):
    document = law()
    documents_related_to(document, PER_GROUP + 5, relation_type="amends")
    html = client.get(document.url).content.decode()
    assert "Hết hiệu lực một phần" in html
    assert html.count('<span class="relation__type">Bị sửa đổi, bổ sung bởi</span>') == PER_GROUP


def test_document_page_stays_the_same_in_queries_and_size_with_hundreds_of_relations(client):
    small, large = law(), law("99/2099/QH15")
    documents_related_to(small, 5)
    documents_related_to(large, 300)
    documents_related_to(large, 300, relation_type="implements", incoming=False)
    sizes, counts = [], []
    for document in (small, large):
        client.get(document.url)  # the caches (menu, page URLs) warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(document.url)
        assert response.status_code == 200
        counts.append(len(queries))
        sizes.append(len(response.content))
    assert counts[0] == counts[1] <= 17  # 17: the consultation a draft or an adopted text links to
    # 2 groups of 10 against 1 group of 5: bounded, nowhere near 600 relations' worth.
    assert sizes[1] < sizes[0] + 15 * 600


def test_the_group_page_paginates_with_title_breadcrumb_and_canonical(client):
    document = law()
    citing = documents_related_to(document, 45)
    url = group_url(document, "can-cu")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    heading = "Luật 98/2099/QH15 là căn cứ của 45 văn bản"
    assert f"<h1>{heading}</h1>" in html
    assert f"<title>{heading} | " in html
    assert f'<li><a href="{document.url}">98/2099/QH15</a></li><li aria-current="page">Là căn cứ của</li>' in html
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert listed_all(html) == [d.slug for d in citing[:20]]

    html = client.get(url, {"trang": "3"}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{url}?trang=3">' in html
    assert f"<title>{heading} (trang 3) | " in html
    assert 'start="41"' in html
    assert listed_all(html) == [d.slug for d in citing[40:]]
    assert "Trang 3 / 3" in html and 'rel="prev"' in html and 'rel="next"' not in html


@pytest.mark.parametrize(
    ("page", "number"), [("99", 3), ("0", 1), ("-1", 1), ("abc", 1), ("2.5", 1), ("1e3", 1), ("²", 1), ("", 1)]
)
def test_a_page_number_that_is_not_one_is_handled_like_the_library(client, page, number):
    document = law()
    documents_related_to(document, 45)
    response = client.get(group_url(document, "can-cu"), {"trang": page})
    assert response.status_code == 200
    assert f"Trang {number} / 3" in response.content.decode()


def test_unknown_type_empty_group_unknown_or_unpublished_document_are_not_found(client):
    document = law()
    documents_related_to(document, 3)
    assert client.get(group_url(document, "khong-co")).status_code == 404
    assert client.get(group_url(document, "based_on")).status_code == 404  # the stored value is not public
    assert client.get(group_url(document, "huong-dan")).status_code == 404  # no such relation
    assert client.get(group_url(document, "can-cu", incoming=False)).status_code == 404  # wrong direction
    assert client.get("/van-ban/khong-ton-tai/quan-he-nguoc/can-cu/").status_code == 404
    LegalDocument.objects.filter(pk=document.pk).update(live=False)
    assert client.get(group_url(document, "can-cu")).status_code == 404


def test_unpublished_related_documents_are_neither_listed_nor_counted(client):
    document = law()
    citing = documents_related_to(document, PER_GROUP + 1)
    LegalDocument.objects.filter(pk=citing[0].pk).update(live=False)
    html = client.get(document.url).content.decode()
    assert "Xem tất cả" not in html and citing[0].slug not in html
    html = client.get(group_url(document, "can-cu")).content.decode()
    assert "là căn cứ của 10 văn bản" in html and citing[0].slug not in html


def test_outgoing_group_page_keeps_the_editors_order(client):
    document = law()
    targets = documents_related_to(document, 25, relation_type="implements", incoming=False)
    DocumentRelation.objects.filter(source=document, target=targets[0]).update(sort_order=99)
    html = client.get(document.url).content.decode()
    assert f'<a href="{group_url(document, "thuc-hien", incoming=False)}">Xem tất cả (25): Thực hiện</a>' in html
    html = client.get(group_url(document, "thuc-hien", incoming=False), {"trang": 2}).content.decode()
    assert "Luật 98/2099/QH15 thực hiện 25 văn bản" in html
    assert listed_all(html) == [d.slug for d in targets[21:]] + [targets[0].slug]


@pytest.mark.parametrize("count", [5, 300])
def test_group_page_query_budget(client, django_assert_max_num_queries, count):
    document = law()
    documents_related_to(document, count)
    url = group_url(document, "can-cu")
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url, {"trang": 2 if count > 20 else 1}).status_code == 200
