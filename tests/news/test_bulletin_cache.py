"""A bulletin's page keeps its rendered sections (portal.fragment_cache): a second reading reads
neither the articles nor the documents it links, however many, and publishing the bulletin or
anything it shows drops what was kept; a preview renders its own."""

import pytest

from documents.models import LegalDocument
from news.models import ArticlePage, BulletinIndexPage, BulletinPage, NewsIndexPage
from portal import generations
from tests.factories import ArticlePageFactory, BulletinPageFactory, LegalDocumentFactory
from tests.queries import queries_of

pytestmark = pytest.mark.django_db


def bulletin_with(count, issue_number):
    """A published bulletin whose one section links `count` new articles and `count` new documents."""
    news = NewsIndexPage.objects.get()
    items = []
    for n in range(count):
        article = ArticlePageFactory(parent=news, title=f"Tin {issue_number}-{n}")
        document = LegalDocumentFactory()
        items.append({"type": "article", "value": {"article": article.pk, "summary": f"Tóm tắt {n}"}})
        items.append({"type": "document", "value": {"document": document.pk, "summary": ""}})
        items.append({"type": "text", "value": f"<p>Đoạn {n} theo Quyết định số 2393/QĐ-UBND.</p>"})
    sections = [{"type": "section", "value": {"key": "news", "title": "Điểm tin", "items": items}}]
    return BulletinPageFactory(
        parent=BulletinIndexPage.objects.get(), issue_number=issue_number, year=2031, month=issue_number % 12 + 1,
        sections=sections,
    )  # fmt: skip


def test_a_kept_bulletin_reads_nothing_it_links_however_many(client, django_assert_max_num_queries):
    counts = []
    for bulletin in (bulletin_with(2, 201), bulletin_with(20, 202)):
        client.get(bulletin.url)
        sql = queries_of(client, bulletin.url)
        assert not [query for query in sql if "documents_" in query or "news_articlepage" in query], sql
        counts.append(len(sql))
        with django_assert_max_num_queries(11):
            client.get(bulletin.url)
    assert counts[0] == counts[1]


def test_a_bulletin_rendered_afresh_reads_as_many_queries_whatever_it_links(client):
    counts = []
    for bulletin in (bulletin_with(2, 201), bulletin_with(20, 202)):
        client.get(bulletin.url)
        generations.renew("fragments")
        counts.append(len(queries_of(client, bulletin.url)))
    assert counts[0] == counts[1]


def test_publishing_an_article_or_a_document_it_links_shows_on_the_bulletin(client):
    bulletin = bulletin_with(1, 201)
    html = client.get(bulletin.url).content.decode()
    article = ArticlePage.objects.get(title="Tin 201-0")
    assert f'href="{article.url}"' in html
    article.title = "Tin đã sửa"
    article.save_revision().publish()
    assert "Tin đã sửa" in client.get(bulletin.url).content.decode()
    document = LegalDocument.objects.get(pk=bulletin.sections[0].value["items"][1].value["document"].pk)
    assert f'href="{document.url}"' in client.get(bulletin.url).content.decode()
    document.unpublish()
    assert 'class="document-link"' not in client.get(bulletin.url).content.decode()
    article.unpublish()
    assert "Tin đã sửa" not in client.get(bulletin.url).content.decode()


def test_publishing_the_bulletin_and_its_neighbours_shows(client):
    first = BulletinPage.objects.get(issue_number=1)
    html = client.get(first.url).content.decode()
    assert 'rel="next"' not in html
    first.introduction = "<p>Lời giới thiệu mới.</p>"
    first.save_revision().publish()
    assert "Lời giới thiệu mới." in client.get(first.url).content.decode()
    second = BulletinPageFactory(parent=BulletinIndexPage.objects.get(), issue_number=2, year=2022, month=5)
    second.save_revision().publish()
    assert f'rel="next" href="{second.url}"' in client.get(first.url).content.decode()


def test_a_preview_is_not_served_from_nor_kept_in_the_cache(client, superuser):
    from django.urls import reverse

    bulletin = BulletinPage.objects.get(issue_number=1)
    client.get(bulletin.url)
    bulletin.introduction = "<p>Bản nháp chưa đăng.</p>"
    revision = bulletin.save_revision()
    client.force_login(superuser)
    preview = client.get(reverse("wagtailadmin_pages:revisions_view", args=[bulletin.pk, revision.pk]))
    assert "Bản nháp chưa đăng." in preview.content.decode()
    client.logout()
    assert "Bản nháp chưa đăng." not in client.get(bulletin.url).content.decode()
