"""/tin-tuc/ keeps what it shows below its header (news.views.news_index) under the pages' and
fragments' generations: a second reading of an address reads only the upcoming events, and every
change to what it shows, whoever writes it, shows on the next request; the upcoming events follow
the clock."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from news import models as news_models
from news.models import ArticlePage, NewsIndexPage
from portal import generations
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    return NewsIndexPage.objects.get()


def main(html):
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("params", [{}, {"chuyen-muc": "diem-tin"}, {"nam": "2022"}, {"trang": "2"}, {"the": "x"}])
def test_a_kept_listing_is_the_listing_rendered_afresh(client, params):
    kept = main(client.get("/tin-tuc/", params).content.decode())
    assert main(client.get("/tin-tuc/", params).content.decode()) == kept
    generations.renew("fragments")
    assert main(client.get("/tin-tuc/", params).content.decode()) == kept


def test_a_second_reading_reads_the_upcoming_events_alone(client):
    client.get("/tin-tuc/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/tin-tuc/")
    news_queries = [query["sql"] for query in captured.captured_queries if "news_" in query["sql"]]
    assert len(news_queries) == 1 and "event_start" in news_queries[0], news_queries


def test_changes_behind_the_signals_back_show_on_the_next_request(client, news):
    article = ArticlePageFactory(
        parent=news, title="Tin về dữ liệu mở", category="news", date=datetime.date(2031, 5, 2)
    )
    article.tags.add("du-lieu-mo-thu")
    article.save()
    assert "Tin về dữ liệu mở" in client.get("/tin-tuc/", {"chuyen-muc": "diem-tin"}).content.decode()
    # The article's own table alone (its category), then the tag's name alone.
    ArticlePage.objects.filter(pk=article.pk).update(category="models")
    assert "Tin về dữ liệu mở" not in client.get("/tin-tuc/", {"chuyen-muc": "diem-tin"}).content.decode()
    Tag.objects.filter(name="du-lieu-mo-thu").update(name="Dữ liệu mở (thử)")
    assert "Dữ liệu mở (thử)" in client.get("/tin-tuc/").content.decode()


def test_an_event_that_has_begun_leaves_the_upcoming_list(client, news, monkeypatch):
    start = timezone.now() + datetime.timedelta(hours=2)
    ArticlePageFactory(parent=news, title="Hội thảo chuyển đổi số sắp tới", category="events", event_start=start)
    html = client.get("/tin-tuc/").content.decode()
    assert re.search(r"Sự kiện sắp diễn ra.*Hội thảo chuyển đổi số sắp tới", html, re.S)
    later = start + datetime.timedelta(minutes=1)
    monkeypatch.setattr(news_models.timezone, "now", lambda: later)
    html = client.get("/tin-tuc/").content.decode()
    assert not re.search(r"Sự kiện sắp diễn ra.*Hội thảo chuyển đổi số sắp tới", html, re.S)


def test_an_article_keeps_its_body_and_follows_what_it_shows(client, news):
    """An article's page below the header (ArticlePage.rendered_body): the same when kept, and a
    linked document's title or a tag renamed behind the signals' back shows on the next request."""
    from documents.models import LegalDocument
    from news.models import ArticleDocument

    article = ArticlePageFactory(parent=news, title="Bài có văn bản liên quan", date=datetime.date(2031, 7, 15))
    document = LegalDocument.objects.live().first()
    ArticleDocument.objects.create(page=article, document=document)
    article.tags.add("the-bai-thu")
    article.save_revision().publish()
    url = ArticlePage.objects.get(pk=article.pk).url
    kept = main(client.get(url).content.decode())
    assert document.number in kept and "the-bai-thu" in kept
    with CaptureQueriesContext(connection) as captured:
        assert main(client.get(url).content.decode()) == kept
    assert not [
        query for query in captured.captured_queries if re.search(r"\b(news_|documents_|taggit_)", query["sql"])
    ]
    generations.renew("fragments")
    assert main(client.get(url).content.decode()) == kept
    LegalDocument.objects.filter(pk=document.pk).update(number="999/QĐ-THU")
    assert "999/QĐ-THU" in client.get(url).content.decode()
    Tag.objects.filter(name="the-bai-thu").update(name="Thẻ đã đổi tên")
    assert "Thẻ đã đổi tên" in client.get(url).content.decode()
