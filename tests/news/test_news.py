import datetime
import json
import re

import pytest
from defusedxml import ElementTree as ET
from django.urls import reverse

from documents.models import LegalDocument
from news.models import ArticlePage, BulletinIndexPage, BulletinPage, NewsIndexPage
from tests.factories import ArticlePageFactory, BulletinPageFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news():
    return NewsIndexPage.objects.get()


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_news_index_lists_newest_first(client):
    response = client.get("/tin-tuc/")
    assert response.status_code == 200
    dates = [article.date for article in response.context["articles"]]
    assert dates == sorted(dates, reverse=True) and dates


def test_filter_by_category_and_month(client, news):
    ArticlePageFactory(parent=news, title="Mô hình thử", category="models", date=datetime.date(2031, 5, 2))
    ArticlePageFactory(parent=news, title="Điểm tin thử", category="news", date=datetime.date(2031, 5, 3))
    ArticlePageFactory(parent=news, title="Điểm tin tháng sáu", category="news", date=datetime.date(2031, 6, 1))
    assert titles(client.get("/tin-tuc/", {"nam": 2031, "thang": 5})) == ["Điểm tin thử", "Mô hình thử"]
    assert titles(client.get("/tin-tuc/", {"nam": 2031, "chuyen-muc": "diem-tin"})) == [
        "Điểm tin tháng sáu",
        "Điểm tin thử",
    ]
    everything = client.get("/tin-tuc/", {"chuyen-muc": "khong-co", "thang": "13"})
    assert "không hợp lệ" in everything.content.decode()


def test_news_index_query_count_does_not_grow(client, news, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        ArticlePageFactory(parent=news)
    client.get("/tin-tuc/")
    with CaptureQueriesContext(connection) as few:
        client.get("/tin-tuc/", {"chuyen-muc": "diem-tin"})
    few_count = len(few)  # read now: later requests reset the connection's query log
    for _ in range(40):
        ArticlePageFactory(parent=news).tags.add("thử nghiệm")
    client.get("/tin-tuc/")
    with django_assert_num_queries(few_count):
        client.get("/tin-tuc/", {"chuyen-muc": "diem-tin"})
    assert few_count <= 20


def test_article_page_sharing_metadata_and_documents(client, news):
    decision = LegalDocument.objects.get(number="2393/QĐ-UBND")
    article = ArticlePageFactory(parent=news, title="Bài về Chương trình", intro="Tóm tắt", live=True)
    article.document_links.create(document=decision)
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="http://localhost{article.url}">' in html
    assert '<meta property="og:title" content="Bài về Chương trình">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1))
    assert data["@type"] == "NewsArticle" and data["headline"] == "Bài về Chương trình"
    assert f'href="{decision.url}"' in html
    # The document's page lists the article that concerns it.
    assert f'href="{article.url}"' in client.get(decision.url).content.decode()


def test_event_needs_a_start_and_ends_after_it(news):
    from django.core.exceptions import ValidationError

    event = ArticlePage(title="Hội thảo", slug="hoi-thao", category="events")
    with pytest.raises(ValidationError):
        event.full_clean()


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, ET.fromstring(response.content)


def test_rss_and_atom_feeds_are_valid_with_absolute_links(client, news):
    response, rss = _feed(client, "/tin-tuc/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") and channel.findtext("link").startswith("http://testserver/tin-tuc/")
    items = channel.findall("item")
    assert items
    for item in items:
        assert item.findtext("link").startswith("http://testserver/tin-tuc/")
        assert item.findtext("pubDate") and item.findtext("guid")
    response, atom = _feed(client, "/tin-tuc/atom/")
    assert atom.tag == f"{ATOM}feed"
    assert atom.findtext(f"{ATOM}id") and atom.findtext(f"{ATOM}updated")
    for entry in atom.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")


def test_category_feed_holds_only_its_category(client, news):
    ArticlePageFactory(parent=news, title="Sự kiện trong feed", category="events", event_start="2031-01-01T08:00Z")
    _response, rss = _feed(client, "/tin-tuc/chuyen-muc/su-kien/rss/")
    item_titles = [item.findtext("title") for item in rss.find("channel").findall("item")]
    assert "Sự kiện trong feed" in item_titles
    expected = ArticlePage.objects.live().filter(category="events").count()
    assert len(item_titles) == min(expected, 30)
    assert client.get("/tin-tuc/chuyen-muc/khong-co/rss/").status_code == 404
    _response, atom = _feed(client, "/tin-tuc/chuyen-muc/su-kien/atom/")
    assert atom.tag == f"{ATOM}feed"


def test_bulletin_feed(client):
    _response, rss = _feed(client, "/ban-tin/rss/")
    assert "Số 1 tháng 4/2022" in " ".join(item.findtext("title") for item in rss.find("channel").findall("item"))
    _response, atom = _feed(client, "/ban-tin/atom/")
    assert atom.tag == f"{ATOM}feed"


# --- Bulletins -----------------------------------------------------------------------------------


def test_bulletin_index_lists_issue_1_by_year(client):
    html = client.get("/ban-tin/").content.decode()
    assert "Năm 2022" in html
    assert "Số 1 tháng 4/2022" in html


def test_issue_1_shows_every_section_in_order_with_links_that_resolve(client):
    bulletin = BulletinPage.objects.get(issue_number=1)
    response = client.get(bulletin.url)
    html = response.content.decode()
    order = [
        "Giới thiệu",
        "Điểm tin",
        "Văn bản mới",
        "Tiêu điểm",
        "Hoạt động",
        "Sự kiện sắp diễn ra",
        "Mô hình chuyển đổi số",
    ]
    positions = [
        html.index(f'id="phan-{key}"')
        for key in (
            "gioi-thieu",
            "diem-tin",
            "van-ban-moi",
            "tieu-diem",
            "hoat-dong-lanh-dao",
            "su-kien-sap-dien-ra",
            "mo-hinh-cds",
        )
        if f'id="phan-{key}"' in html
    ]
    assert positions == sorted(positions) and len(positions) >= 6, order
    article = re.search(r'<article class="bulletin-issue.*?</article>', html, re.DOTALL).group(0)
    links = set(re.findall(r'href="(/[^"#]*)"', article))
    assert len(links) >= 15
    for link in links:
        assert client.get(link).status_code == 200, link
    assert 'media="print"' in html and "HEF" in html


def test_bulletin_prev_next(client, django_assert_max_num_queries):
    index = BulletinIndexPage.objects.get()
    second = BulletinPageFactory(parent=index, issue_number=2, year=2022, month=5, title="Bản tin Số 2 tháng 5/2022")
    first = BulletinPage.objects.get(issue_number=1)
    assert f'rel="next" href="{second.url}"' in client.get(first.url).content.decode()
    assert f'rel="prev" href="{first.url}"' in client.get(second.url).content.decode()
    client.get(first.url)
    with django_assert_max_num_queries(40):
        client.get(first.url)


def test_bulletin_reads_the_document_types_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = BulletinPage.objects.get(issue_number=1)
    client.get(first.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(first.url).content.decode()
    assert "document-link" in html  # the bulletin links library documents
    type_queries = [q["sql"] for q in queries.captured_queries if 'FROM "documents_documenttype"' in q["sql"]]
    assert len(type_queries) <= 1, type_queries


def test_home_page_shows_latest_news_and_bulletin(client):
    html = client.get("/").content.decode()
    assert "home-section--news" in html and "home-section--bulletins" in html
    assert "Số 1 tháng 4/2022" in html
    assert html.index('href="/tin-tuc/"') < html.index('href="/ban-tin/"') < html.index('href="/van-ban/"')


# --- Workflow and assembling an issue --------------------------------------------------------


def _bulletin_data(title, action):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": title,
            "slug": "so-99",
            "intro": "",
            "issue_number": 99,
            "month": 5,
            "year": 2031,
            "introduction": rich_text(""),
            "sections": streamfield([]),
            "menu_title": "",
            "seo_title": "",
            "search_description": "",
        }
    )
    data[action] = "1"
    return data


def test_editor_drafts_and_submits_a_bulletin_but_cannot_publish(client, editor, reviewer):
    index = BulletinIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=("news", "bulletinpage", index.pk))
    client.force_login(editor)
    client.post(add, _bulletin_data("Bản tin Số 99", "action-publish"))
    bulletin = BulletinPage.objects.get(slug="so-99")
    assert not bulletin.live
    edit = reverse("wagtailadmin_pages:edit", args=(bulletin.pk,))
    assert client.post(edit, _bulletin_data("Bản tin Số 99", "action-submit")).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.workflow_in_progress and not bulletin.live
    # The editor previews the issue before it goes out.
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=(bulletin.pk,))
    assert client.post(preview, _bulletin_data("Bản tin Số 99 (xem trước)", "action-preview")).json()["is_valid"]
    assert "Bản tin Số 99 (xem trước)" in client.get(preview).content.decode()

    client.force_login(reviewer)
    task_state = bulletin.current_workflow_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=(bulletin.pk, "approve", task_state.pk)), {})
    bulletin.refresh_from_db()
    assert bulletin.live


def test_start_next_issue_fills_a_draft_from_its_month(client, editor):
    news = NewsIndexPage.objects.get()
    ArticlePageFactory(parent=news, title="Tin tháng 5", category="news", date=datetime.date(2022, 5, 10))
    ArticlePageFactory(parent=news, title="Mô hình tháng 5", category="models", date=datetime.date(2022, 5, 12))
    ArticlePageFactory(parent=news, title="Tin tháng 6", category="news", date=datetime.date(2022, 6, 1))
    from tests.factories import LegalDocumentFactory

    document = LegalDocumentFactory(issued_on=datetime.date(2022, 5, 20))
    client.force_login(editor)
    url = reverse("news_start_next_issue")
    form = client.get(url).context["form"]
    assert (form["issue_number"].value(), form["month"].value(), form["year"].value()) == (2, 5, 2022)
    response = client.post(url, {"issue_number": 2, "month": 5, "year": 2022})
    draft = BulletinPage.objects.get(issue_number=2)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    assert not draft.live and (draft.year, draft.month) == (2022, 5)
    sections = {block.value["key"]: block.value["items"] for block in draft.sections}
    assert [item.value["article"].title for item in sections["news"]] == ["Tin tháng 5"]
    assert [item.value["article"].title for item in sections["models"]] == ["Mô hình tháng 5"]
    assert document.pk in [item.value["document"].pk for item in sections["documents"]]
    assert list(sections) == [
        "introduction",
        "news",
        "documents",
        "focus",
        "leaders",
        "upcoming_events",
        "models",
    ]


def test_only_people_who_may_add_bulletins_can_start_one(client, forum_moderator):
    client.force_login(forum_moderator)
    assert client.post(reverse("news_start_next_issue")).status_code in (302, 403)  # Wagtail redirects refusals
    assert not BulletinPage.objects.filter(issue_number=2).exists()
