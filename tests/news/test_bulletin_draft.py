"""Issue 11, item 2: "Soạn bản tin mới" lets the editor pick the issue's month and number, fills the
draft from what the portal published that month, and a draft with empty sections can be saved
and submitted."""

import datetime

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone

from documents.models import LegalDocument
from news.assemble import assemble_sections
from news.models import BulletinIndexPage, BulletinPage, NewsIndexPage
from news.seed import SEED_DIR
from tests.factories import ArticlePageFactory
from tests.news.test_preview import form_data

pytestmark = pytest.mark.django_db
URL = "news_start_next_issue"


def _sections(sections):
    return {block["value"]["key"]: block["value"]["items"] for block in sections}


def _seeded_slugs(category, year, month):
    articles = yaml.safe_load((SEED_DIR / "news.yaml").read_text(encoding="utf-8"))["articles"]
    chosen = [a for a in articles if a["category"] == category and str(a["date"])[:7] == f"{year}-{month:02d}"]
    return sorted(a["slug"] for a in chosen)


def test_assembling_april_2022_on_the_seed_picks_that_months_items():
    from news.models import ArticlePage

    news = NewsIndexPage.objects.get()
    event = ArticlePageFactory(
        parent=news,
        title="Hội thảo tháng 5/2022",
        category="events",
        date=datetime.date(2022, 4, 20),
        event_start=timezone.make_aware(datetime.datetime(2022, 5, 10, 8)),
    )
    ArticlePageFactory(
        parent=news,
        title="Sự kiện năm sau",
        category="events",
        date=datetime.date(2022, 4, 20),
        event_start=timezone.make_aware(datetime.datetime(2023, 5, 10, 8)),
    )
    sections = _sections(assemble_sections(BulletinIndexPage.objects.get(), 2022, 4))
    assert list(sections) == [
        "introduction",
        "news",
        "documents",
        "focus",
        "leaders",
        "upcoming_events",
        "models",
    ]

    def slugs(key):
        ids = [item["value"]["article"] for item in sections[key] if item["type"] == "article"]
        return sorted(ArticlePage.objects.filter(pk__in=ids).values_list("slug", flat=True))

    assert slugs("news") == _seeded_slugs("news", 2022, 4)
    assert len(slugs("news")) == 7  # the two March items of the printed issue are not April's
    assert slugs("focus") == _seeded_slugs("focus", 2022, 4) != []
    assert slugs("leaders") == _seeded_slugs("leaders", 2022, 4) != []
    assert slugs("models") == _seeded_slugs("models", 2022, 4) != []
    assert slugs("upcoming_events") == [event.slug]
    assert sections["introduction"] == []

    documents = LegalDocument.objects.filter(pk__in=[item["value"]["document"] for item in sections["documents"]])
    issued_in_april = LegalDocument.objects.live().filter(issued_on__year=2022, issued_on__month=4)
    assert issued_in_april.exists()
    assert set(documents) == set(issued_in_april)
    # Sections keep the printed bulletin's titles.
    titles = {
        b["value"]["key"]: b["value"]["title"] for b in assemble_sections(BulletinIndexPage.objects.get(), 2022, 4)
    }
    assert titles["documents"] == "Văn bản, chính sách mới"


def test_the_form_proposes_the_next_month_and_number(client, editor):
    client.force_login(editor)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="month"' in html and 'name="year"' in html and 'name="issue_number"' in html
    form = response.context["form"]
    assert (form["issue_number"].value(), form["month"].value(), form["year"].value()) == (2, 5, 2022)


def test_the_editor_picks_another_month_and_number(client, editor):
    news = NewsIndexPage.objects.get()
    ArticlePageFactory(parent=news, title="Tin tháng 3/2023", category="news", date=datetime.date(2023, 3, 9))
    client.force_login(editor)
    response = client.post(reverse(URL), {"month": 3, "year": 2023, "issue_number": 12})
    draft = BulletinPage.objects.get(issue_number=12)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    assert (draft.year, draft.month, draft.live) == (2023, 3, False)
    assert draft.title == "Bản tin Chuyển đổi số Số 12 tháng 3/2023"
    news_items = next(block.value["items"] for block in draft.sections if block.value["key"] == "news")
    assert [item.value["article"].title for item in news_items] == ["Tin tháng 3/2023"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"month": 13, "year": 2031, "issue_number": 40}, "month", "Tháng phải từ 1 đến 12."),
        ({"month": "năm", "year": 2031, "issue_number": 40}, "month", "Tháng phải từ 1 đến 12."),
        ({"month": 5, "year": "hai nghìn", "issue_number": 40}, "year", "Năm phải là một số, ví dụ 2026."),
        ({"month": 5, "year": 1890, "issue_number": 40}, "year", "Năm phải từ 2000 trở đi."),
        ({"month": 5, "year": 2031, "issue_number": 0}, "issue_number", "Số bản tin phải là một số nguyên dương."),
        ({"month": 5, "year": 2031, "issue_number": "²"}, "issue_number", "Số bản tin phải là một số nguyên dương."),
        ({"month": 5, "year": 2031}, "issue_number", None),
        ({"month": 4, "year": 2022, "issue_number": 40}, "month", "Tháng 4/2022 đã có bản tin"),
        ({"month": 5, "year": 2031, "issue_number": 1}, "issue_number", "Đã có bản tin mang số 1"),
    ],
)
def test_the_form_refuses_bad_input_and_creates_nothing(client, editor, data, field, message):
    client.force_login(editor)
    before = BulletinPage.objects.count()
    response = client.post(reverse(URL), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert any(message in error for error in errors[field])
        assert message in response.content.decode()
    assert BulletinPage.objects.count() == before


def test_a_draft_with_empty_sections_can_be_saved_and_submitted(client, editor):
    client.force_login(editor)
    client.post(reverse(URL), {"month": 1, "year": 2031, "issue_number": 31})
    draft = BulletinPage.objects.get(issue_number=31)
    assert all(len(block.value["items"]) == 0 for block in draft.sections)  # nothing was published then
    edit = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    data = form_data(client.get(edit).content.decode(), draft)
    assert data["sections-count"] == ["7"]
    data["action-submit"] = ["1"]
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live
    # An empty section is skipped on the page and in its table of contents.
    draft.sections = [
        {"type": "section", "value": {"key": "news", "title": "Điểm tin", "items": []}},
        {
            "type": "section",
            "value": {
                "key": "introduction",
                "title": "Giới thiệu",
                "items": [{"type": "text", "value": "<p>Chào</p>"}],
            },
        },
    ]
    assert [entry["title"] for entry in draft.table_of_contents] == ["Giới thiệu"]
    html = draft.make_preview_request().content.decode()
    assert 'id="phan-gioi-thieu"' in html and 'id="phan-diem-tin"' not in html
