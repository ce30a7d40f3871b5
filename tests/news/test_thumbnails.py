"""News and bulletin lists with thumbnails: an image's renditions (srcset, width and height, lazy)
or the generated cover, at a constant number of queries."""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import BulletinIndexPage, NewsIndexPage
from tests.factories import ArticlePageFactory, BulletinPageFactory, ImageFactory, RelatedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    return NewsIndexPage.objects.get()


def _item(html, title):
    """The list item of the article (or issue) with this title."""
    for item in re.findall(r"<li class=\"(?:article-item|card card--cover)\">.*?</li>", html, re.DOTALL):
        if title in item:
            return item
    raise AssertionError(f"{title} not listed")


def test_news_card_shows_the_image_through_renditions(client, news):
    image = ImageFactory(file__width=1600, file__height=900)
    ArticlePageFactory(parent=news, title="Tin có ảnh 2099", cover_image=image, date="2099-01-02")
    ArticlePageFactory(parent=news, title="Tin không ảnh", category="models", date="2099-01-01")
    html = client.get("/tin-tuc/").content.decode()
    card = _item(html, "Tin có ảnh 2099")
    img = re.search(r"<img [^>]*>", card).group(0)
    assert 'width="320" height="180"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img and 'alt=""' in img
    srcset = re.search(r'srcset="([^"]*)"', img).group(1)
    assert re.fullmatch(r"\S+\.webp 320w, \S+\.webp 640w", srcset), srcset
    assert 'sizes="' in img
    for url in re.findall(r"(\S+) \d+w", srcset):
        assert url.startswith("/media/images/")
    plain = _item(html, "Tin không ảnh")
    assert "<img" not in plain and '<svg xmlns="http://www.w3.org/2000/svg"' in plain
    assert 'aria-hidden="true"' in plain and ">Mô hình</tspan>" in plain  # no figure: the category


def test_article_page_shows_its_image_large_and_not_lazily(client, news):
    image = ImageFactory(file__width=1600, file__height=900)
    article = ArticlePageFactory(parent=news, title="Tin lớn", cover_image=image)
    html = client.get(article.url).content.decode()
    img = re.search(r'<img class="cover-img cover-img--hero"[^>]*>', html).group(0)
    assert re.search(r'srcset="\S+ 640w, \S+ 960w, \S+ 1280w"', img)
    assert 'width="640" height="360"' in img and 'loading="lazy"' not in img
    assert f'alt="{image.alt}"' in img and image.alt


def test_article_without_image_shows_its_generated_cover(client, news):
    article = ArticlePageFactory(parent=news, title="Đạt 100% hồ sơ trực tuyến", category="focus")
    html = client.get(article.url).content.decode()
    assert 'class="cover-art cover-art--hero"' in html and ">100%</tspan>" in html


def test_related_articles_show_thumbnails(client, news):
    article = ArticlePageFactory(parent=news, title="Bài chính")
    other = ArticlePageFactory(
        parent=news, title="Bài có ảnh", cover_image=ImageFactory(file__width=800, file__height=600)
    )
    RelatedArticleFactory(page=article, article=other)
    html = client.get(article.url).content.decode()
    related = html.split('id="article-related"', 1)[1]
    assert "Bài có ảnh" in related and 'class="cover-img cover-img--card"' in related


def _cold_renditions():
    """Forget the renditions' cache: the lists must find the renditions with one query, the
    prefetch, rather than one per image."""
    caches["renditions"].clear()


def _queries(client, url):
    client.get(url)  # creates the renditions and warms what is cached per process (the site root)
    _cold_renditions()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_news_index_with_images_stays_at_a_constant_number_of_queries(client, news, django_assert_max_num_queries):
    for _ in range(2):
        ArticlePageFactory(parent=news, cover_image=ImageFactory(file__width=640, file__height=480), date="2099-01-01")
    few = _queries(client, "/tin-tuc/")
    for _ in range(12):
        ArticlePageFactory(parent=news, cover_image=ImageFactory(file__width=640, file__height=480), date="2099-01-01")
    client.get("/tin-tuc/")
    _cold_renditions()
    with django_assert_max_num_queries(few):
        html = client.get("/tin-tuc/").content.decode()
    assert html.count('class="cover-img cover-img--card"') == settings.PORTAL_PAGE_SIZE
    # A category listing too.
    few = _queries(client, "/tin-tuc/?chuyen-muc=diem-tin")
    ArticlePageFactory(parent=news, cover_image=ImageFactory(file__width=640, file__height=480), date="2099-01-01")
    client.get("/tin-tuc/?chuyen-muc=diem-tin")
    _cold_renditions()
    with django_assert_max_num_queries(few):
        client.get("/tin-tuc/?chuyen-muc=diem-tin")


def test_bulletin_index_with_covers_stays_at_a_constant_number_of_queries(client, django_assert_max_num_queries):
    index = BulletinIndexPage.objects.get()
    BulletinPageFactory(parent=index, cover_image=ImageFactory(file__width=800, file__height=1100))
    few = _queries(client, index.url)
    for _ in range(8):
        BulletinPageFactory(parent=index, cover_image=ImageFactory(file__width=800, file__height=1100))
    BulletinPageFactory(parent=index)
    client.get(index.url)
    _cold_renditions()
    with django_assert_max_num_queries(few):
        html = client.get(index.url).content.decode()
    assert html.count('class="cover-img cover-img--card"') == 9
    assert ">Số 1 · 4/2022</tspan>" in html  # the seeded issue has no image: its generated cover


def test_a_small_image_is_not_listed_twice_in_its_srcset(client, news):
    article = ArticlePageFactory(
        parent=news, title="Ảnh nhỏ", cover_image=ImageFactory(file__width=300, file__height=200)
    )
    img = re.search(r'<img class="cover-img cover-img--hero"[^>]*>', client.get(article.url).content.decode()).group(0)
    assert re.search(r'srcset="\S+ 300w"', img) and 'width="300" height="200"' in img
