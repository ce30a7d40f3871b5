import json
import re

import pytest
from django.urls import reverse

from documents.citations import link_citations
from documents.models import LegalDocument
from tests.factories import LegalDocumentFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def page_of(number):
    document = LegalDocument.objects.get(number=number)
    return document, f"/van-ban/{document.slug}/"


def test_plan_681_shows_attributes_full_text_and_relations(client):
    _document, url = page_of("681/KH-UBND")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("681/KH-UBND", "Kế hoạch", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "Dương Anh Đức", "10/3/2021"):
        assert text in html
    assert "Toàn văn" in html and 'class="toc"' in html
    assert "MỤC ĐÍCH, YÊU CẦU" in html
    _decision, decision_url = page_of("2393/QĐ-UBND")
    _ministry, ministry_url = page_of("1726/QĐ-BTTTT")
    assert f'<span class="relation__type">Thực hiện</span> <a href="{decision_url}">' in html
    assert f'<span class="relation__type">Thực hiện</span> <a href="{ministry_url}">' in html
    # The page cites itself nowhere, but links other held documents in its full text.
    assert f'class="citation" href="{decision_url}"' in html
    assert f'class="citation" href="{url}"' not in html


def test_decision_2393_shows_the_inverse(client):
    _plan, plan_url = page_of("681/KH-UBND")
    _decision, url = page_of("2393/QĐ-UBND")
    html = client.get(url).content.decode()
    assert f'<span class="relation__type">Được thực hiện bởi</span> <a href="{plan_url}">' in html


def test_structured_data_and_citation_line(client):
    _document, url = page_of("681/KH-UBND")
    html = client.get(url).content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    data = json.loads(payload)
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "681/KH-UBND"
    assert data["legislationDate"] == "2021-03-10"
    assert data["legislationLegalForce"] == "InForce"
    assert "Kế hoạch số 681/KH-UBND ngày 10/3/2021 của Ủy ban nhân dân Thành phố Hồ Chí Minh về triển khai" in html


def test_unknown_fields_are_shown_as_unknown_not_invented(client):
    _document, url = page_of("98/2023/QH15")
    html = client.get(url).content.decode()
    assert "Chưa có thông tin" in html
    assert "Chưa xác định" in html


def test_replaced_document_shows_status_and_event(client):
    _old, url = page_of("414/QĐ-UBQGCPĐT")
    _new, new_url = page_of("24/QĐ-UBQGCĐS")
    html = client.get(url).content.decode()
    assert "Hết hiệu lực toàn bộ" in html
    assert f'<a href="{new_url}">Bị thay thế bởi 24/QĐ-UBQGCĐS</a>' in html


def test_document_page_query_budget(client, django_assert_max_num_queries):
    _document, url = page_of("681/KH-UBND")
    client.get(url)
    # 17 since a document page links to the consultation on its draft (consultations' hook).
    with django_assert_max_num_queries(17):
        client.get(url)


def test_sitemap_lists_documents(client):
    _document, url = page_of("681/KH-UBND")
    assert url in client.get("/sitemap.xml").content.decode()


# --- Citation linking ------------------------------------------------------------------------


def test_rich_text_mention_of_a_held_document_becomes_a_link(client, home_page):
    _decision, decision_url = page_of("2393/QĐ-UBND")
    page = StandardPageFactory(
        parent=home_page,
        body=[
            {
                "type": "paragraph",
                "value": "<p>Theo Quyết định số 2393/QĐ-UBND ngày 03/7/2020 và Quyết định số 9999/QĐ-XYZ.</p>",
            }
        ],
    )
    html = client.get(page.url).content.decode()
    assert f'<a class="citation" href="{decision_url}"' in html
    assert ">2393/QĐ-UBND</a>" in html
    assert "9999/QĐ-XYZ" in html and "9999/QĐ-XYZ</a>" not in html


def test_links_and_attributes_are_left_alone():
    _decision, decision_url = page_of("2393/QĐ-UBND")
    html = '<p><a href="/x/">2393/QĐ-UBND</a> <img alt="2393/QĐ-UBND" src="/a.png"> 2393/QĐ-UBND</p>'
    linked = str(link_citations(html))
    assert linked.count("citation") == 1
    assert '<a href="/x/">2393/QĐ-UBND</a>' in linked
    assert 'alt="2393/QĐ-UBND"' in linked
    assert f'class="citation" href="{decision_url}"' in linked
    assert linked.endswith(">2393/QĐ-UBND</a></p>")


def test_unpublished_and_ambiguous_documents_are_not_linked():
    draft = LegalDocumentFactory(number="777/KH-NHAP", live=False)
    LegalDocumentFactory(number="888/QĐ-TRUNG")
    LegalDocumentFactory(number="888/QĐ-TRUNG")
    linked = str(link_citations(f"<p>{draft.number} và 888/QĐ-TRUNG</p>"))
    assert "citation" not in linked


def test_publishing_a_document_updates_the_links():
    document = LegalDocumentFactory(number="555/KH-MOI", live=False)
    assert "citation" not in str(link_citations("<p>Kế hoạch 555/KH-MOI</p>"))
    document.save_revision().publish()
    assert "citation" in str(link_citations("<p>Kế hoạch 555/KH-MOI</p>"))


def test_number_forms_are_recognised():
    from documents.text import find_numbers, number_key

    text = "Nghị quyết số 52-NQ/TW, Luật 98/2023/QH15, Chương trình 41-CTr/TU, Quyết định số 2393/ QĐ-UBND."
    keys = [key for _start, _end, key in find_numbers(text)]
    assert keys == ["52nqtw", "982023qh15", "41ctrtu", "2393qdubnd"]
    assert number_key("681 KH UBND") == number_key("681/KH-UBND") == number_key("681-kh-ubnd") == "681khubnd"


def _edit_data(document, action):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    data = nested_form_data(
        {
            "number": document.number,
            "document_type": document.document_type_id,
            "issuer": document.issuer_id,
            "title": "Trích yếu đã sửa",
            "signer": "",
            "signer_title": "",
            "issued_on": document.issued_on.isoformat(),
            "effective_on": "",
            "expires_on": "",
            "fields": [],
            "slug": document.slug,
            "status_override": "",
            "status_reason": "",
            "full_text": rich_text(""),
            "attachments": inline_formset([]),
            "relations": inline_formset([]),
        }
    )
    data[action] = "1"
    return data


def test_admin_listing_filters_by_status(client, editor):
    client.force_login(editor)
    index = reverse("wagtailsnippets_documents_legaldocument:list")
    response = client.get(index, {"status": "ended"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "414/QĐ-UBQGCPĐT" in html
    assert "681/KH-UBND" not in html


def test_editor_cannot_publish_a_document_but_can_submit_it(client, editor, reviewer):
    from wagtail.snippets.permissions import get_permission_name

    assert editor.has_perm(get_permission_name("change", LegalDocument))
    assert not editor.has_perm(get_permission_name("publish", LegalDocument))
    assert reviewer.has_perm(get_permission_name("publish", LegalDocument))
    document = LegalDocumentFactory(live=False)
    document.save_revision()
    assert document.get_workflow().name == "Biên tập và duyệt"
    edit = reverse("wagtailsnippets_documents_legaldocument:edit", args=(document.pk,))

    client.force_login(editor)
    client.post(edit, _edit_data(document, "action-publish"))
    document.refresh_from_db()
    assert not document.live
    response = client.post(edit, _edit_data(document, "action-submit"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.workflow_in_progress
    assert not document.live

    client.force_login(reviewer)
    client.post(edit, _edit_data(document, "action-publish"))
    document.refresh_from_db()
    assert document.live
    assert document.title == "Trích yếu đã sửa"


REQUIRED_SEED_NUMBERS = [
    "2393/QĐ-UBND", "1726/QĐ-BTTTT", "681/KH-UBND", "994/QĐ-UBND", "593/KH-UBND", "505/QĐ-TTg",
    "411/QĐ-TTg", "24/QĐ-UBQGCĐS", "414/QĐ-UBQGCPĐT", "186/QĐ-BTTTT", "797/BTTTT-THH", "819/UBND-VX",
    "503/QĐ-UBND", "749/QĐ-TTg", "52-NQ/TW", "4328/QĐ-UBND", "1790/QĐ-UBND", "1008/KH-UBND",
    "5086/QĐ-UBND", "79/QĐ-UBND", "305/KH-UBND", "98/2023/QH15", "59/KH-UBND", "04-NQ/TU", "41-CTr/TU",
]  # fmt: skip


def test_every_document_the_issue_names_is_seeded_and_published():
    held = set(LegalDocument.objects.live().values_list("number", flat=True))
    assert set(REQUIRED_SEED_NUMBERS) <= held
    assert LegalDocument.objects.get(number="305/KH-UBND").full_text
    assert LegalDocument.objects.get(number="681/KH-UBND").full_text


def test_admin_search_finds_documents_with_or_without_diacritics(client, editor):
    client.force_login(editor)
    index = reverse("wagtailsnippets_documents_legaldocument:list")
    for query in ("681", "chuyển đổi số", "chuyen doi so"):
        html = client.get(index, {"q": query}).content.decode()
        assert "681/KH-UBND" in html, query


def test_a_plan_without_a_known_number_is_held_and_never_given_one(client):
    plan = LegalDocument.objects.get(slug="kh-cds-tphcm-2024")
    assert plan.number == "" and plan.issued_on is None
    html = client.get(plan.url).content.decode()
    assert "(chưa rõ số hiệu)" in html and "Chưa có thông tin" in html
    assert '"legislationIdentifier"' not in html
    from kpi.models import Plan

    assert Plan.objects.get(slug="kh-cds-2024").document == plan
    # Two documents without a number do not clash; one number per issuer still holds.
    LegalDocumentFactory(number="", issuer=plan.issuer, title="Một kế hoạch khác chưa rõ số hiệu")
    from django.core.exceptions import ValidationError

    duplicate = LegalDocumentFactory.build(number="681/KH-UBND", issuer=plan.issuer, document_type=plan.document_type)
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_document_urls_follow_the_library_page(client):
    from documents.models import DocumentLibraryPage

    document = LegalDocument.objects.get(number="681/KH-UBND")
    assert document.url == f"/van-ban/{document.slug}/"
    library = DocumentLibraryPage.objects.get()
    library.slug = "thu-vien-van-ban"
    library.save_revision().publish()
    assert LegalDocument.objects.get(pk=document.pk).url == f"/thu-vien-van-ban/{document.slug}/"
    assert f'href="/thu-vien-van-ban/{document.slug}/"' in str(link_citations("<p>681/KH-UBND</p>"))


def test_a_text_reads_only_the_numbers_it_cites(django_assert_num_queries):
    """Citation linking looks up the numbers a text cites, in one query, then from the cache: never
    a map of the whole library (a second per page at 100,000 documents)."""
    from portal import generations

    _decision, decision_url = page_of("2393/QĐ-UBND")
    _plan, plan_url = page_of("681/KH-UBND")
    link_citations("<p>681/KH-UBND</p>")  # the library page's URL, kept by portal.navigation
    generations.renew("fragments")  # what the cache held of the numbers: forgotten
    html = "<p>Theo 2393/QĐ-UBND, 681/KH-UBND và 12345/QĐ-KHONGCO.</p><p>Xem lại 2393/QĐ-UBND.</p>"
    with generations.read_once():  # as in a request: the generations read once, in one query
        with django_assert_num_queries(2):  # the generations, then the numbers cited
            linked = str(link_citations(html))
        assert linked.count(f'href="{decision_url}"') == 2 and linked.count(f'href="{plan_url}"') == 1
        assert "12345/QĐ-KHONGCO</a>" not in linked
        with django_assert_num_queries(0):  # every number from the cache, the missing one too
            assert str(link_citations(html)) == linked
        with django_assert_num_queries(0):
            assert "citation" not in str(link_citations("<p>Năm 2026, 15 đơn vị</p>"))
