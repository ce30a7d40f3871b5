"""The public pages: the list, a consultation with its draft by structure and per-article counts,
the comment form (whole draft or one article, with a quoted passage), supports and flags, the
report and its print view, the open-data exports, search and the sitemap."""

import datetime
import json

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from consultations.models import ConsultationComment
from tests.consultations.factories import ConsultationCommentFactory, ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _article(consultation, number):
    return consultation.sections.get(kind="article", number=str(number))


def test_listing_shows_public_consultations_only(client, consultation):
    hidden = ConsultationFactory(published=False, title="Đợt chưa công bố")
    response = client.get(consultation.get_absolute_url().rsplit("/", 2)[0] + "/")
    html = response.content.decode()
    assert response.status_code == 200
    assert consultation.title in html and hidden.title not in html
    assert "Đang lấy ý kiến" in html
    response = client.get(consultation.get_absolute_url())
    assert response.status_code == 200
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_listing_filters_by_phase_in_constant_queries(client, consultation, django_assert_max_num_queries):
    now = timezone.now()
    upcoming = ConsultationFactory(
        title="Đợt sắp mở", opens_at=now + datetime.timedelta(days=5), closes_at=now + datetime.timedelta(days=40)
    )
    ended = ConsultationFactory(
        title="Đợt đã kết thúc", opens_at=now - datetime.timedelta(days=40), closes_at=now - datetime.timedelta(days=5)
    )
    listing = consultation.get_absolute_url().rsplit("/", 2)[0] + "/"
    client.get(listing)
    with django_assert_max_num_queries(12):
        html = client.get(listing).content.decode()
    assert all(c.title in html for c in (consultation, upcoming, ended))
    html = client.get(listing + "?trang_thai=dang-lay-y-kien").content.decode()
    assert consultation.title in html and upcoming.title not in html and ended.title not in html
    html = client.get(listing + "?trang_thai=da-ket-thuc").content.decode()
    assert ended.title in html and consultation.title not in html
    html = client.get(listing + "?trang_thai=sap-lay-y-kien").content.decode()
    assert upcoming.title in html and consultation.title not in html


def test_detail_shows_the_draft_by_structure_with_counts(client, consultation):
    QuestionFactory(consultation=consultation, text="Phạm vi điều chỉnh có phù hợp không?")
    article = _article(consultation, 2)
    ConsultationCommentFactory.create_batch(2, consultation=consultation, section=article)
    ConsultationCommentFactory(consultation=consultation, section=article, status="pending")
    ConsultationCommentFactory(consultation=consultation, section=None)
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "Điều 2. Đối tượng áp dụng" in html and "Chương I" in html and "QUY ĐỊNH CHUNG" in html
    assert "2 góp ý cho Điều 2" in html
    assert "Chưa có góp ý cho Điều 1" in html
    assert "3 góp ý đã công khai" in html
    assert "Phạm vi điều chỉnh có phù hợp không?" in html
    assert 'data-countdown="' in html and "Còn " in html


def test_the_draft_renders_in_a_constant_number_of_queries(client, consultation, django_assert_max_num_queries):
    article = _article(consultation, 2)
    ConsultationCommentFactory.create_batch(3, consultation=consultation, section=article)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(consultation.get_absolute_url()).status_code == 200
        return len(captured)

    count()  # the site, the menu and the page's route are cached from here on
    few = count()
    clauses = list(consultation.sections.filter(kind="clause"))
    for section in [*clauses, _article(consultation, 1), _article(consultation, 3)]:
        ConsultationCommentFactory.create_batch(6, consultation=consultation, section=section)
    assert count() == few
    with django_assert_max_num_queries(20):
        client.get(consultation.get_absolute_url())


def test_a_citizen_comments_on_an_article_with_a_quote(client, consultation, citizen):
    client.force_login(citizen)
    article = _article(consultation, 2)
    response = client.post(
        consultation.route_url("comment"),
        {
            "section": article.pk,
            "quote": "Người dân,  doanh nghiệp góp ý",
            "body": "Đề nghị bổ sung <script>alert(1)</script> **tổ chức xã hội**.",
            "author_type": "citizen",
            "submission_key": "6f1c1f9e-0000-4000-8000-000000000001",
        },
    )
    assert response.status_code == 302
    comment = ConsultationComment.objects.get()
    assert comment.status == "pending" and comment.section == article
    assert comment.quote == "Người dân, doanh nghiệp góp ý"
    assert "<script>" not in comment.body and "<strong>tổ chức xã hội</strong>" in comment.body
    # Pending: not public, but its author sees it waiting.
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "Góp ý của bạn chưa công khai" in html and "Chờ duyệt" in html
    assert "1 góp ý cho Điều 2" not in html


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"quote": "đoạn không có trong dự thảo"}, "quote", "Không tìm thấy đoạn trích dẫn"),
        ({"author_type": "business", "organisation_name": ""}, "organisation_name", "Hãy ghi tên doanh nghiệp"),
        ({"body": "ngắn"}, "body", "ít nhất 10 ký tự"),
        ({"section": "999999"}, "section", 'class="field field--error" id="field-section"'),
    ],
)
def test_bad_comments_are_refused_with_the_error_shown(client, consultation, citizen, data, field, message):
    client.force_login(citizen)
    article = _article(consultation, 2)
    payload = {
        "section": article.pk,
        "body": "Một góp ý đủ dài cho dự thảo.",
        "author_type": "citizen",
        "submission_key": "6f1c1f9e-0000-4000-8000-000000000002",
        **data,
    }
    response = client.post(consultation.route_url("comment"), payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_an_organisation_states_its_name(client, consultation, citizen):
    client.force_login(citizen)
    client.post(
        consultation.route_url("comment"),
        {
            "body": "Hiệp hội đề nghị kéo dài thời gian chuyển tiếp.",
            "author_type": "organisation",
            "organisation_name": "Hiệp hội Thử nghiệm",
            "submission_key": "6f1c1f9e-0000-4000-8000-000000000003",
        },
    )
    comment = ConsultationComment.objects.get()
    assert comment.section is None and comment.display_name == "Hiệp hội Thử nghiệm"


def test_the_same_form_sent_twice_makes_one_comment(client, consultation, citizen):
    client.force_login(citizen)
    data = {"body": "Góp ý gửi hai lần do bấm đúp.", "author_type": "citizen"}
    data["submission_key"] = "6f1c1f9e-0000-4000-8000-000000000004"
    client.post(consultation.route_url("comment"), data)
    client.post(consultation.route_url("comment"), data)
    assert ConsultationComment.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, consultation):
    response = client.post(consultation.route_url("comment"), {"body": "x"})
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]
    assert "Đăng nhập để góp ý" in client.get(consultation.get_absolute_url()).content.decode()


def test_comments_close_by_themselves_on_the_closing_date(client, closed_consultation, citizen):
    client.force_login(citizen)
    html = client.get(closed_consultation.get_absolute_url()).content.decode()
    assert "Đã hết hạn góp ý" in html and 'action="' + closed_consultation.route_url("comment") not in html
    response = client.post(
        closed_consultation.route_url("comment"),
        {
            "body": "Góp ý gửi sau hạn chót.",
            "author_type": "citizen",
            "submission_key": "6f1c1f9e-0000-4000-8000-000000000005",
        },
    )
    assert response.status_code == 302
    assert not ConsultationComment.objects.exists()


def test_upcoming_consultations_take_no_comments(client, citizen):
    upcoming = ConsultationFactory(
        opens_at=timezone.now() + datetime.timedelta(days=2), closes_at=timezone.now() + datetime.timedelta(days=30)
    )
    assert upcoming.phase == "upcoming"
    client.force_login(citizen)
    client.post(
        upcoming.route_url("comment"),
        {
            "body": "Góp ý gửi trước khi mở.",
            "author_type": "citizen",
            "submission_key": "6f1c1f9e-0000-4000-8000-000000000006",
        },
    )
    assert not ConsultationComment.objects.exists()


@override_settings(FORUM_RATE_LIMITS={"comment": {"user": "1/h"}, "support": {}, "flag": {}, "proposal": {}})
def test_comments_are_rate_limited_as_in_the_forum(client, consultation, citizen):
    client.force_login(citizen)
    first = {
        "body": "Góp ý thứ nhất cho dự thảo.",
        "author_type": "citizen",
        "submission_key": "6f1c1f9e-0000-4000-8000-000000000007",
    }
    second = {**first, "submission_key": "6f1c1f9e-0000-4000-8000-000000000008"}
    assert client.post(consultation.route_url("comment"), first).status_code == 302
    assert client.post(consultation.route_url("comment"), second).status_code == 429
    assert ConsultationComment.objects.count() == 1


def test_supports_once_per_account_and_flags_hide(client, consultation, citizen, settings):
    settings.FORUM_FLAG_THRESHOLD = 1
    comment = ConsultationCommentFactory(consultation=consultation)
    client.force_login(citizen)
    url = consultation.route_url("comment_action", pk=comment.pk, action="ung-ho")
    client.post(url)
    client.post(url)
    comment.refresh_from_db()
    assert comment.support_count == 1
    client.post(consultation.route_url("comment_action", pk=comment.pk, action="bo-ung-ho"))
    comment.refresh_from_db()
    assert comment.support_count == 0
    client.post(consultation.route_url("comment_action", pk=comment.pk, action="bao-cao"), {"reason": "spam"})
    comment.refresh_from_db()
    assert comment.hidden and comment.flag_count == 1
    assert "Góp ý thử nghiệm" not in client.get(consultation.get_absolute_url()).content.decode()


def test_the_report_is_public_once_published(client, closed_consultation):
    from consultations.models import Handling

    comment = ConsultationCommentFactory(consultation=closed_consultation, section=_article(closed_consultation, 2))
    handling = Handling.objects.create(
        consultation=closed_consultation, decision="explained", reason="Đã có quy định tại luật."
    )
    comment.handling = handling
    comment.save()
    assert client.get(closed_consultation.report_url).status_code == 404
    closed_consultation.report_published_at = timezone.now()
    closed_consultation.save()
    html = client.get(closed_consultation.report_url).content.decode()
    assert "Giải trình" in html and "Đã có quy định tại luật." in html and "Điều 2" in html
    printable = client.get(closed_consultation.route_url("report_print"))
    assert printable.status_code == 200 and "consultation-print.css" in printable.content.decode()
    assert "Giải trình:" in client.get(closed_consultation.get_absolute_url()).content.decode()


def test_exports_hold_no_personal_data(client, consultation):
    comment = ConsultationCommentFactory(
        consultation=consultation, section=_article(consultation, 2), quote="Người dân"
    )
    ConsultationCommentFactory(consultation=consultation, status="pending", body="<p>Chưa duyệt</p>")
    csv_text = client.get(consultation.route_url("export", fmt="csv")).content.decode("utf-8-sig")
    assert comment.author.display_name in csv_text and "Điều 2" in csv_text
    assert comment.author.email not in csv_text and "Chưa duyệt" not in csv_text
    data = json.loads(client.get(consultation.route_url("export", fmt="json")).content)
    assert [row["id"] for row in data["comments"]] == [comment.pk]
    assert "email" not in json.dumps(data)
    assert client.get(consultation.route_url("export", fmt="xml")).status_code == 404


def test_sitemap_and_search_find_consultations(client, consultation):
    from portal.search import search
    from portal.search.indexing import update

    assert consultation.get_absolute_url() in client.get("/sitemap.xml").content.decode()
    update("consultations", [consultation.pk])
    assert consultation.get_absolute_url() in {hit.url for hit in search("quy che thu nghiem").hits}


def test_the_draft_and_the_adopted_document_link_to_the_consultation(client, consultation):
    from tests.factories import LegalDocumentFactory

    adopted = LegalDocumentFactory()
    consultation.adopted_document = adopted
    consultation.report_published_at = timezone.now()
    consultation.save()
    draft_html = client.get(consultation.draft.url).content.decode()
    assert consultation.get_absolute_url() in draft_html
    adopted_html = client.get(adopted.url).content.decode()
    assert consultation.get_absolute_url() in adopted_html and consultation.report_url in adopted_html


def test_the_main_menu_leads_to_the_consultations(client):
    """Citizens reach the drafts open for comment from every page's main menu."""
    html = client.get("/").content.decode()
    menu = html[html.index('id="main-nav-list"') :]
    menu = menu[: menu.index("</ul>")]
    assert 'href="/lay-y-kien/"' in menu and "Góp ý dự thảo" in menu
