"""The forum end to end in Chromium: a citizen signs up and verifies, submits a proposal, a
moderator approves and assigns it in the admin (signing in with a TOTP code), a responder answers,
and the author sees "Đã trả lời" on their page. Screenshots at phone and desktop widths go to
test-artifacts/."""

import re
from pathlib import Path

import pytest
from django.core import mail

from tests.browser.staff import make_staff, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def test_citizen_to_official_answer(browser, seeded_server):
    from forum.models import Proposal
    from portal.models import Organisation

    base = seeded_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    unit = Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")
    moderator, moderator_totp = make_staff("dieuphoi", "Điều phối viên diễn đàn")
    responder, responder_totp = make_staff("traloi", "Đơn vị trả lời", unit=unit)

    citizen = browser.new_context(viewport=PHONE, locale="vi-VN")
    phone = citizen.new_page()
    # Sign up, with consent.
    phone.goto(base + "/tai-khoan/signup/")
    phone.fill("#id_email", "dan@example.vn")
    phone.fill("#id_password1", "Mat-khau-rat-manh-2026")
    phone.fill("#id_password2", "Mat-khau-rat-manh-2026")
    phone.fill("#id_display_name", "Trần Thị Dân")
    phone.select_option("#id_author_type", "business")
    phone.check("#id_accept_terms")
    phone.check("#id_accept_privacy")
    with phone.expect_navigation():
        phone.locator("form button[type=submit]").last.click()
    # Follow the emailed verification link.
    link = re.search(r"https?://\S+/tai-khoan/confirm-email/\S+", mail.outbox[-1].body).group(0)
    phone.goto(base + "/" + link.split("://", 1)[1].split("/", 1)[1])
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").last.click()
    # Submit a proposal.
    phone.goto(base + "/dien-dan/gui-y-kien/")
    phone.select_option("#id_kind", label="Hiến kế")
    phone.select_option("#id_category", label="Kinh tế số")
    phone.fill("#id_title", "Hỗ trợ tiểu thương chợ truyền thống nhận thanh toán QR")
    phone.fill(
        "#id_body",
        "Đề nghị Thành phố hướng dẫn và hỗ trợ tiểu thương các chợ truyền thống dùng mã QR để nhận thanh toán.",
    )
    with phone.expect_navigation():
        phone.locator("form.proposal-form button[type=submit]").click()
    assert "Chờ duyệt" in phone.locator("main").inner_text()
    phone.screenshot(path=str(ARTIFACTS / "forum-1-submitted-phone.png"), full_page=True)
    proposal = Proposal.objects.get()
    assert proposal.author.email == "dan@example.vn" and proposal.status == "pending"

    # The moderator approves and assigns it in the admin.
    staff = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = staff.new_page()
    staff_login(desk, base, moderator, moderator_totp)
    desk.goto(base + "/admin/dien-dan/hang-cho/")
    desk.screenshot(path=str(ARTIFACTS / "forum-2-queue-desktop.png"), full_page=True)
    with desk.expect_navigation():
        desk.get_by_role("link", name=proposal.title).click()
    desk.select_option("#status-select", "approved")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Lưu quyết định").click()
    desk.select_option("#assign-unit", str(unit.pk))
    with desk.expect_navigation():
        desk.get_by_role("button", name="Chuyển đơn vị").click()
    proposal.refresh_from_db()
    assert proposal.status == "assigned" and proposal.unit == unit
    staff.close()

    # The responder answers for the unit.
    answering = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = answering.new_page()
    staff_login(desk, base, responder, responder_totp)
    desk.goto(base + "/admin/dien-dan/duoc-giao/")
    with desk.expect_navigation():
        desk.get_by_role("link", name=proposal.title).click()
    desk.fill("#id_body", "Sở sẽ phối hợp với các ngân hàng hướng dẫn tiểu thương trong quý I năm 2027.")
    desk.fill("#id_signed_by", "Phó Giám đốc Sở")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Công bố trả lời").click()
    desk.screenshot(path=str(ARTIFACTS / "forum-3-answered-admin-desktop.png"), full_page=True)
    answering.close()

    # The author sees the answer on their page, on a phone and on a desktop.
    phone.goto(base + "/tai-khoan/trang-cua-toi/")
    assert "Đã trả lời" in phone.locator("main").inner_text()
    phone.screenshot(path=str(ARTIFACTS / "forum-4-my-page-phone.png"), full_page=True)
    phone.set_viewport_size(DESKTOP)
    with phone.expect_navigation():
        phone.get_by_role("link", name=proposal.title).first.click()
    text = phone.locator("main").inner_text()
    assert "Trả lời chính thức" in text and unit.name in text and "Phó Giám đốc Sở" in text
    phone.screenshot(path=str(ARTIFACTS / "forum-5-answer-desktop.png"), full_page=True)
    citizen.close()


def test_pages_fit_a_phone_screen(page, seeded_server):
    """Nothing is wider than a 390 px screen (a long unbreakable link once pushed the footer out)."""
    from tests.factories import public_proposal

    proposal = public_proposal()
    wide = {}
    for path in [
        "/",
        "/dien-dan/",
        proposal.get_absolute_url(),
        "/tai-khoan/login/",
        "/tai-khoan/signup/",
        "/van-ban/",
    ]:
        page.goto(seeded_server.url + path)
        client_width, scroll_width = page.evaluate(
            "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
        )
        if scroll_width > client_width:
            wide[path] = scroll_width
    assert not wide, wide


def test_moderator_rejects_a_selection_with_a_bulk_action(browser, seeded_server):
    """The queue's checkboxes, Wagtail's bulk action bar, the confirmation with the reason."""
    from forum.models import Proposal
    from tests.factories import ProposalFactory

    base = seeded_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    spam, other, kept = ProposalFactory(), ProposalFactory(), ProposalFactory()
    moderator, moderator_totp = make_staff("dieuphoi", "Điều phối viên diễn đàn")
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = context.new_page()
    staff_login(desk, base, moderator, moderator_totp)
    desk.goto(base + "/admin/dien-dan/hang-cho/")
    for proposal in (spam, other):
        desk.locator(f"input[data-bulk-action-checkbox][data-object-id='{proposal.pk}']").check()
    with desk.expect_navigation():
        desk.locator("[data-bulk-action-footer] a", has_text="Từ chối").click()
    assert spam.reference in desk.locator("main").inner_text()
    desk.fill("#id_reason", "Quảng cáo, không phải góp ý.")
    desk.screenshot(path=str(ARTIFACTS / "forum-6-bulk-reject-desktop.png"), full_page=True)
    with desk.expect_navigation():
        desk.get_by_role("button", name="Xác nhận").click()
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert statuses == {spam.pk: "rejected", other.pk: "rejected", kept.pk: "pending"}
    assert kept.title in desk.locator("main").inner_text()
    context.close()
