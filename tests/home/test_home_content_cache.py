"""The home page keeps what it shows below the header (home.models.HomePage.content) under the
generations of what its sections read: a second reading runs no section's query, and every
change to what it shows, whoever writes it (a bulk update sends no signal), shows on the next
request."""

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from documents.models import LegalDocument
from forum.models import Proposal
from kpi.models import Measurement, Review
from news.models import ArticlePage
from tests.factories import public_proposal

pytestmark = pytest.mark.django_db


def section_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if re.search(r"\b(kpi_|forum_|news_|documents_)", query["sql"])
    ]


def main(html):
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_a_second_reading_runs_no_section_query_and_shows_the_same(client):
    first = client.get("/").content.decode()
    assert section_queries(client) == []
    assert main(client.get("/").content.decode()) == main(first)


def test_the_kept_content_is_the_content_rendered_afresh(client):
    kept = main(client.get("/").content.decode())
    client.get("/")
    from portal import generations

    generations.renew("fragments")
    assert main(client.get("/").content.decode()) == kept


def test_each_language_keeps_its_own(client, settings):
    vietnamese = client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/").content.decode()
    assert "Số liệu nổi bật" in vietnamese and "Số liệu nổi bật" not in english


def test_changes_behind_the_signals_back_show_on_the_next_request(client):
    client.get("/")
    article = ArticlePage.objects.live().order_by("-date", "-first_published_at").first()
    ArticlePage.objects.filter(pk=article.pk).update(title="Tin đổi bằng một câu lệnh")
    assert "Tin đổi bằng một câu lệnh" in client.get("/").content.decode()

    document = LegalDocument.objects.live().order_by("-issued_on", "-pk").first()
    LegalDocument.objects.filter(pk=document.pk).update(title="Văn bản đổi bằng một câu lệnh")
    assert "Văn bản đổi bằng một câu lệnh" in client.get("/").content.decode()

    public_proposal(title="Ý kiến mới về số hoá thủ tục")
    assert Proposal.objects.public().filter(title="Ý kiến mới về số hoá thủ tục").exists()
    assert "Ý kiến mới về số hoá thủ tục" in client.get("/").content.decode()

    before = main(client.get("/").content.decode())
    approved = Measurement.objects.filter(review=Review.APPROVED, value__isnull=False)
    assert approved.exists()
    approved.update(value=F("value") + 1234)
    assert main(client.get("/").content.decode()) != before


def test_a_section_that_names_no_generation_is_rendered_every_time(client):
    calls = []

    def counted(request, page):
        calls.append(1)
        return {"key": "news", "order": 10, "template": "tests/home_section.html", "items": ["Tin thử nghiệm"]}

    with hooks.register_temporarily("portal_home_sections", counted):
        client.get("/")
        client.get("/")
    assert len(calls) == 2


def test_a_signed_in_visitor_sees_the_same_content_and_their_own_header(client, superuser):
    anonymous = client.get("/").content.decode()
    client.force_login(superuser)
    signed_in = client.get("/").content.decode()
    assert main(signed_in) == main(anonymous)
    assert superuser.get_username() not in main(signed_in)
