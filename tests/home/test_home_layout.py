"""Issue 16, the home page's layout: the hero's pillars and measured headline figures (each with
its source), the latest bulletin as a cover, news with thumbnails, the newest documents, the forum's
call to action with live counts, the KPI highlights; and a constant number of queries."""

import re

import pytest
from django.db import connection
from django.utils import timezone

from kpi.models import Indicator, Measurement
from news.models import BulletinPage, NewsIndexPage
from tests.factories import (
    ArticlePageFactory,
    BulletinPageFactory,
    ImageFactory,
    LegalDocumentFactory,
    public_proposal,
)

pytestmark = pytest.mark.django_db


def _home(client):
    return client.get("/").content.decode()


def _section(html, key):
    start = html.index(f'class="home-section home-section--{key}"')
    return html[start : html.index("</section>", start)]


def _hero(html):
    start = html.index('<section class="hero"')
    return html[start : html.index('<div class="container home-grid">', start)]


def test_the_hero_links_the_three_pillars_to_their_goals(client, home_page):
    html = _home(client)
    hero = _hero(html)
    for block in home_page.pillars:
        assert f'<a href="#pillar-{block.value["key"]}">{block.value["title"]}</a>' in hero
        assert f'id="pillar-{block.value["key"]}"' in html


def test_the_hero_figures_are_the_latest_measurements_with_their_sources(client):
    hero = _hero(_home(client))
    shown = re.findall(r'<p class="hero-figure__value">([^<]+)</p>', hero)
    assert shown, "the seeded city indicators have measurements"
    measured = [
        indicator.latest_measurement()
        for indicator in Indicator.objects.filter(measurements__isnull=False)
        .distinct()
        .prefetch_related("measurements")
    ]
    by_value = {m.display_with_unit: m for m in measured}
    for value in shown:
        measurement = by_value[value]  # every figure is a measurement from the database ...
        assert measurement.source in hero  # ... shown with its source
        if measurement.source_url:
            assert f'href="{measurement.source_url}"' in hero


def test_without_measurements_the_hero_shows_no_figures(client):
    Measurement.objects.all().delete()
    html = _home(client)
    assert "hero-figure" not in html
    assert "hero__figures" not in html


def test_the_latest_bulletin_is_shown_as_a_cover_with_its_sections(client):
    bulletin = BulletinPage.objects.live().get()
    section = _section(_home(client), "bulletins")
    assert f"Số {bulletin.issue_number} tháng {bulletin.month}/{bulletin.year}" in section
    assert f'href="{bulletin.url}"' in section
    assert "<time datetime=" in section
    titles = [item["title"] for item in bulletin.table_of_contents]
    assert titles
    for item in bulletin.table_of_contents[:5]:
        assert f'href="{bulletin.url}#{item["anchor"]}">{item["title"]}</a>' in section
    assert "dang-ky/" in section  # subscribe by e-mail


def test_news_show_a_thumbnail_from_the_cover_image_or_a_placeholder(client):
    news = NewsIndexPage.objects.get()
    image = ImageFactory(width=1600, height=900)
    with_image = ArticlePageFactory(parent=news, title="Tin có ảnh bìa", cover_image=image, date=timezone.localdate())
    section = _section(_home(client), "news")
    item = section[section.index("news-card") : section.index(with_image.title)]
    img = re.search(r"<img [^>]+>", item).group(0)
    for attribute in ('alt=""', 'loading="lazy"', "srcset=", "sizes=", "width=", "height="):
        assert attribute in img, attribute
    assert "news-card__thumb--placeholder" in section  # the seeded articles have no image


def test_the_documents_section_lists_the_newest_with_a_link_to_the_library(client):
    newest = LegalDocumentFactory(title="Văn bản mới nhất thử nghiệm", issued_on=timezone.localdate())
    section = _section(_home(client), "documents")
    assert newest.number in section and f'href="{newest.url}"' in section
    assert 'href="/van-ban/"' in section


def test_the_forum_call_to_action_counts_public_and_answered_proposals(client):
    def counts():
        section = _section(_home(client), "forum")
        return [int(n) for n in re.findall(r"<dd>(\d+)</dd>", section)]

    assert counts() == [0, 0]
    public_proposal()
    public_proposal()
    public_proposal(status="answered", answered_at=timezone.now())
    public_proposal(status="pending", published_at=None)  # not public yet: not counted
    assert counts() == [3, 1]


def test_the_sections_follow_the_home_layout(client):
    html = _home(client)
    positions = [html.index(f"home-section--{key}") for key in ("news", "bulletins", "kpi", "documents", "forum")]
    assert positions == sorted(positions)
    assert html.index("home-section--forum") < html.index('id="pillars-title"')


def _count_queries(client):
    """The queries one request of the home page makes (counted by a wrapper, which, unlike the
    debug cursor's log, has no upper bound)."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        assert client.get("/").status_code == 200
    return count


def test_the_home_page_answers_in_a_constant_number_of_queries(client, home_page, django_assert_max_num_queries):
    # One article with a picture and a bulletin with a cover: their renditions are one query each.
    news = NewsIndexPage.objects.get()
    ArticlePageFactory(parent=news, cover_image=ImageFactory(), date=timezone.localdate(), title="Tin ảnh")
    BulletinPageFactory(parent=BulletinPage.objects.get().get_parent(), cover_image=ImageFactory())
    client.get("/")  # warm the menu, URL and rendition caches
    baseline = _count_queries(client)
    assert baseline <= 24

    # Then every list full: the count stays.
    for n in range(6):
        ArticlePageFactory(parent=news, cover_image=ImageFactory(), date=timezone.localdate(), title=f"Tin ảnh {n}")
    for _ in range(6):
        LegalDocumentFactory(issued_on=timezone.localdate())
    for _ in range(6):
        public_proposal()
    public_proposal(status="answered", answered_at=timezone.now())
    client.get("/")  # renditions are made on the first view
    with django_assert_max_num_queries(baseline):
        response = client.get("/")
    html = response.content.decode()
    assert html.count("<img ") >= 7  # the thumbnails and the bulletin's cover
