"""Issue 17 end to end in Chromium: a consultation on a draft the test makes (a made-up text
shaped like a real one), two citizens comment (one on Điều 2 quoting a passage selected in the
text), a moderator approves both in the admin, the period closes by its date alone, the drafting
unit records the handling of each and publishes the report, and each citizen sees how their
comment was handled and gets the mail. Screenshots go to test-artifacts/."""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.staff import PASSWORD, make_staff, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def citizen_login(browser, base, user):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(base + "/tai-khoan/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(#id_password) button[type=submit]").first.click()
    return context, page


def select_text(page, selector, text):
    """Select `text` inside the element, as a reader dragging over it would."""
    page.evaluate(
        """([selector, text]) => {
            const element = document.querySelector(selector);
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const start = node.textContent.indexOf(text);
                if (start >= 0) {
                    const range = document.createRange();
                    range.setStart(node, start);
                    range.setEnd(node, start + text.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return;
                }
            }
            throw new Error("text not found");
        }""",
        [selector, text],
    )


def test_consultation_from_comment_to_published_report(browser, seeded_server):
    from consultations.models import Consultation, ConsultationComment, DraftingStaff
    from portal.models import Organisation
    from tests.consultations.factories import ConsultationFactory, QuestionFactory
    from tests.factories import verified_citizen

    base = seeded_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    unit = Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")
    consultation = ConsultationFactory(unit=unit, draft__issuer=unit, title="Lấy ý kiến dự thảo Quy chế thử nghiệm")
    QuestionFactory(consultation=consultation, text="Đối tượng áp dụng đã đủ chưa?")
    article = consultation.sections.get(kind="article", number="2")
    moderator, moderator_totp = make_staff("dieuphoi", "Điều phối viên diễn đàn")
    drafter, drafter_totp = make_staff("soanthao", "Cán bộ soạn thảo")
    DraftingStaff.objects.create(user=drafter, unit=unit)
    an = verified_citizen(username="an", email="an@example.vn", display_name="Nguyễn Văn An")
    binh = verified_citizen(username="binh", email="binh@example.vn", display_name="Trần Thị Bình")

    # Citizen An comments on Điều 2, quoting a passage selected in the text.
    an_context, phone = citizen_login(browser, base, an)
    phone.goto(base + consultation.get_absolute_url())
    text = phone.locator("main").inner_text()
    assert "Điều 2. Đối tượng áp dụng" in text and "Đối tượng áp dụng đã đủ chưa?" in text
    assert "Chưa có góp ý cho Điều 2" in text
    assert "phút để góp ý" in phone.locator(".countdown").inner_text()  # the live countdown
    width = phone.evaluate("[document.documentElement.clientWidth, document.documentElement.scrollWidth]")
    assert width[1] <= width[0], width  # nothing wider than the phone's screen
    select_text(
        phone, f"#{article.anchor} ~ .draft-section--clause + .draft-section--clause", "Người dân, doanh nghiệp"
    )
    phone.get_by_role("button", name="Trích dẫn đoạn đã chọn").click()
    assert phone.input_value("#id_quote") == "Người dân, doanh nghiệp"
    phone.select_option("#id_section", label="Điều 2")
    phone.fill("#id_body", "Đề nghị bổ sung tổ chức xã hội - nghề nghiệp vào đối tượng áp dụng.")
    phone.screenshot(path=str(ARTIFACTS / "consultation-1-comment-phone.png"), full_page=True)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Gửi góp ý").click()
    assert "Góp ý của bạn chưa công khai" in phone.locator("main").inner_text()

    # Citizen Bình comments on the whole draft, for a business.
    binh_context, other = citizen_login(browser, base, binh)
    other.goto(base + consultation.get_absolute_url())
    other.select_option("#id_author_type", "business")
    other.fill("#id_organisation_name", "Công ty Thử nghiệm")
    other.fill("#id_body", "Đề nghị kéo dài thời gian chuyển tiếp thêm sáu tháng.")
    with other.expect_navigation():
        other.get_by_role("button", name="Gửi góp ý").click()
    first = ConsultationComment.objects.get(author=an)
    second = ConsultationComment.objects.get(author=binh)
    assert first.section == article and first.quote == "Người dân, doanh nghiệp" and first.status == "pending"
    assert second.section is None and second.display_name == "Công ty Thử nghiệm"

    # The moderator approves both in the admin.
    staff = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = staff.new_page()
    staff_login(desk, base, moderator, moderator_totp)
    for comment in (first, second):
        desk.goto(base + "/admin/lay-y-kien/kiem-duyet/")
        with desk.expect_navigation():
            desk.locator(f'a[href$="/kiem-duyet/{comment.pk}/"]').first.click()
        desk.select_option("#id_action", "approve")
        with desk.expect_navigation():
            desk.get_by_role("button", name="Lưu quyết định").click()
    assert set(ConsultationComment.objects.values_list("status", flat=True)) == {"approved"}
    staff.close()
    phone.goto(base + consultation.get_absolute_url())
    assert "1 góp ý cho Điều 2" in phone.locator("main").inner_text()

    # The period closes by its date: nothing runs, the page and the form simply close.
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(minutes=1)
    )
    phone.goto(base + consultation.get_absolute_url())
    assert "Đã hết hạn góp ý" in phone.locator("main").inner_text()
    assert phone.locator("#id_body").count() == 0

    # The drafting unit records the handling of each comment and publishes the report.
    unit_context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = unit_context.new_page()
    staff_login(desk, base, drafter, drafter_totp)
    desk.goto(base + "/admin/lay-y-kien/")
    with desk.expect_navigation():
        desk.get_by_role("link", name="Tổng hợp, tiếp thu").click()
    for comment, decision, reason in [
        (first, "partly_accepted", "Bổ sung tổ chức xã hội - nghề nghiệp tại khoản 2 Điều 2."),
        (second, "explained", "Thời gian chuyển tiếp theo quy định của luật, không thể kéo dài."),
    ]:
        desk.check(f"#comment-{comment.pk}")
        desk.select_option("#id_decision", decision)
        desk.fill("#id_reason", reason)
        with desk.expect_navigation():
            desk.get_by_role("button", name="Ghi tiếp thu, giải trình").click()
    desk.fill("#id_intro", "Sở đã nhận 2 góp ý và tiếp thu, giải trình như sau.")
    desk.fill("#id_signed_by", "Giám đốc Sở")
    mail.outbox.clear()
    with desk.expect_navigation():
        desk.get_by_role("button", name="Công bố báo cáo").click()
    desk.screenshot(path=str(ARTIFACTS / "consultation-2-synthesis-desktop.png"), full_page=True)
    unit_context.close()
    consultation.refresh_from_db()
    assert consultation.report_published_at is not None

    # Each citizen sees their comment's handling, and got the mail.
    phone.goto(base + consultation.get_absolute_url())
    text = phone.locator(f"#gop-y-{first.pk}").inner_text()
    assert "Tiếp thu một phần" in text and "khoản 2 Điều 2" in text
    with phone.expect_navigation():
        phone.get_by_role("link", name="Xem báo cáo tổng hợp, tiếp thu, giải trình").click()
    report = phone.locator("main").inner_text()
    assert "Tiếp thu một phần" in report and "Giải trình" in report and "Công ty Thử nghiệm" in report
    phone.screenshot(path=str(ARTIFACTS / "consultation-3-report-phone.png"), full_page=True)
    other.goto(base + consultation.get_absolute_url())
    assert "Thời gian chuyển tiếp theo quy định của luật" in other.locator(f"#gop-y-{second.pk}").inner_text()
    recipients = {message.to[0]: message.body for message in mail.outbox}
    assert {"an@example.vn", "binh@example.vn"} <= set(recipients)
    assert consultation.report_url in recipients["an@example.vn"]
    # The print view of the report.
    phone.goto(base + consultation.route_url("report_print"))
    assert "Báo cáo tổng hợp, tiếp thu, giải trình" in phone.locator("h1").text_content()
    an_context.close()
    binh_context.close()
