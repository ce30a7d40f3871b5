"""A legal document's page keeps what it rendered (portal.fragment_cache): a second reading reads
nothing of the document from the database, and any publication of the document, of a document it
shows, of a page or a consultation, drops what was kept."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from documents.models import DocumentRelation, LegalDocument
from kpi.plan_tasks import TRACKERS_CACHE_KEY
from news.models import NewsIndexPage
from portal import generations
from tests.factories import ArticlePageFactory, LegalDocumentFactory, documents_related_to
from tests.queries import queries_of

pytestmark = pytest.mark.django_db

DOCUMENT_TABLES = ("documents_legaldocument", "documents_documentrelation", "consultations_", "news_article")


def law(number):
    from documents.models import DocumentType

    return LegalDocumentFactory(
        number=number, title="Chuyển đổi số", document_type=DocumentType.objects.get(slug="luat")
    )


def test_a_kept_page_reads_nothing_of_the_document_however_many_relations(client, django_assert_max_num_queries):
    small, large = law("98/2099/QH15"), law("99/2099/QH15")
    documents_related_to(small, 3)
    documents_related_to(large, 200)
    documents_related_to(large, 200, relation_type="implements", incoming=False)
    counts = []
    for document in (small, large):
        client.get(document.url)
        sql = queries_of(client, document.url)
        read = [query for query in sql if any(table in query for table in DOCUMENT_TABLES)]
        assert not read, read
        counts.append(len(sql))
        with django_assert_max_num_queries(9):
            client.get(document.url)
    assert counts[0] == counts[1]


def test_a_page_rendered_afresh_reads_as_many_queries_whatever_its_relations(client):
    small, large = law("98/2099/QH15"), law("99/2099/QH15")
    documents_related_to(small, 3)
    documents_related_to(large, 200)
    documents_related_to(large, 200, relation_type="amends")
    documents_related_to(large, 200, relation_type="implements", incoming=False)
    counts = []
    for document in (small, large):
        client.get(document.url)  # the menu and the page URLs cached
        generations.renew("fragments")
        counts.append(len(queries_of(client, document.url)))
    assert counts[0] == counts[1]


def test_publishing_a_related_document_shows_on_the_page(client):
    document = law("98/2099/QH15")
    (other,) = documents_related_to(document, 1, relation_type="guides", incoming=False)
    assert other.title in client.get(document.url).content.decode()
    other.title = "Trích yếu đã sửa"
    other.save_revision().publish()
    assert "Trích yếu đã sửa" in client.get(document.url).content.decode()


def test_unpublishing_a_related_document_or_the_document_itself(client):
    document = law("98/2099/QH15")
    (other,) = documents_related_to(document, 1)
    assert f'href="{other.url}"' in client.get(document.url).content.decode()
    other.unpublish()
    assert f'href="{other.url}"' not in client.get(document.url).content.decode()
    document.unpublish()
    assert client.get(f"/van-ban/{document.slug}/").status_code == 404


def test_a_new_relation_saved_shows_on_both_pages(client):
    source, target = law("98/2099/QH15"), law("99/2099/QH15")
    client.get(source.url), client.get(target.url)
    DocumentRelation.objects.create(source=source, target=target, relation_type="repeals")
    assert f'href="{target.url}"' in client.get(source.url).content.decode()
    assert "Hết hiệu lực toàn bộ" in client.get(target.url).content.decode()


def test_an_article_published_about_the_document_is_listed(client):
    document = law("98/2099/QH15")
    assert "Tin bài liên quan" not in client.get(document.url).content.decode()
    article = ArticlePageFactory(parent=NewsIndexPage.objects.get(), title="Bài về luật", live=False)
    article.document_links.create(document=document)
    article.save_revision().publish()
    html = client.get(document.url).content.decode()
    assert "Tin bài liên quan" in html and f'href="{article.url}"' in html


def test_validity_is_the_days(client, monkeypatch):
    today = timezone.localdate()
    document = LegalDocumentFactory(
        issued_on=today - datetime.timedelta(days=3), effective_on=today + datetime.timedelta(days=1)
    )
    assert "Chưa có hiệu lực" in client.get(document.url).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    html = client.get(document.url).content.decode()
    assert "Còn hiệu lực" in html and "Chưa có hiệu lực" not in html


def test_the_plans_task_trackers_are_read_on_each_request(client):
    plan = LegalDocument.objects.get(slug="kh-681-kh-ubnd-2021")
    assert "document-tracker" in client.get(plan.url).content.decode()
    cache.set(TRACKERS_CACHE_KEY, {}, None)  # as kpi.plan_tasks leaves it when the plan loses its tasks
    html = client.get(plan.url).content.decode()
    assert "document-tracker" not in html and "<!--document-trackers-->" not in html


def structured_url(html):
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    return json.loads(payload)["url"]


def test_the_structured_data_names_the_requests_host(client):
    document = law("98/2099/QH15")
    assert structured_url(client.get(document.url).content.decode()) == f"http://testserver{document.url}"
    html = client.get(document.url, HTTP_HOST="127.0.0.1").content.decode()
    assert structured_url(html) == f"http://127.0.0.1{document.url}"
