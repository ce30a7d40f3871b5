"""Each role's whole day on a fresh seeded site, in Chromium and in Vietnamese.

The editor writes an article with an image and a date after the 12th, schedules it, drafts the
month's bulletin and submits both; the reviewer previews and publishes; the forum moderator
approves, assigns and decides; the responder answers; the citizen sees the answer. Each step
asserts on what that person sees and what was saved, and leaves screenshots in test-artifacts/.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.staff import close_date_pickers, make_staff, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

TITLE = "Hội thảo “Đô thị thông minh và dữ liệu mở” tại phường Sài Gòn"
ALT = "Đại biểu trao đổi tại hội thảo về dữ liệu mở, ngày 15 tháng 12 năm 2026"
PARAGRAPH = "Sáng 15/12/2026, Sở Khoa học và Công nghệ tổ chức hội thảo về đô thị thông minh và dữ liệu mở."


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"day-{name}.png"), full_page=True)


def _png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), (0, 94, 184)).save(buffer, "PNG")
    return buffer.getvalue()


def _visible_text(page):
    return page.locator("body").inner_text()


def _quiet(desk):
    """Leave the admin page (and its background requests) before the test reads the database: on
    SQLite the live server and the test share one connection."""
    desk.goto("about:blank")


def _open_chooser(desk, name):
    """Open a chooser modal. On a slow run the first click can land before the admin has bound the
    chooser button (nothing is requested then), so click again until the modal shows."""
    button = desk.get_by_role("button", name=name)
    for _attempt in range(3):
        button.click()
        try:
            desk.locator(".modal").first.wait_for(state="visible", timeout=5000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"the chooser {name!r} never opened")


def _schedule(desk, when):
    desk.locator("[data-side-panel-toggle='status']").click()
    desk.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").first.click()
    desk.fill("#id_go_live_at", when)
    dialog = desk.locator("#schedule-publishing-dialog")
    dialog.locator("h2, [id$='-title']").first.click()  # close the date picker, as a person clicks beside it
    close_date_pickers(desk)
    with desk.expect_navigation():
        dialog.locator("button.action-save, button[type=submit]").first.click()


def _open_actions(desk):
    desk.locator("footer").get_by_role("button", name="Thao tác khác").click()


def _submit_for_review(desk):
    _open_actions(desk)
    submit = desk.locator("footer button[name=action-submit]")
    submit.wait_for(state="visible")
    with desk.expect_navigation():
        submit.click()
    assert "đã được gửi" in _visible_text(desk) or "Đã gửi" in _visible_text(desk), _visible_text(desk)[:1500]


def _editor_writes_and_schedules_an_article(browser, base, editor, totp, news_index):
    from news.models import ArticlePage
    from portal.models import PortalImage

    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = context.new_page()
    staff_login(desk, base, editor, totp)

    # Upload the photo with its alt text.
    desk.goto(base + "/admin/images/add/")
    desk.set_input_files("#id_file", files=[{"name": "hoi-thao.png", "mimeType": "image/png", "buffer": _png_bytes()}])
    # The admin fills the title from the file name once it has read the file; the editor then types hers.
    desk.wait_for_function("document.querySelector('#id_title').value !== ''")
    desk.fill("#id_title", "Hội thảo dữ liệu mở")
    desk.fill("#id_description", ALT)
    with desk.expect_navigation():
        desk.locator("form:has(#id_file) button[type=submit]").click()
    _quiet(desk)
    image = PortalImage.objects.filter(title="Hội thảo dữ liệu mở").first()
    assert image is not None, (desk.url, _visible_text(desk)[:1500])
    assert image.alt == ALT

    # Write the article: an event on 15/12/2026, with the photo as its cover.
    desk.goto(base + f"/admin/pages/add/news/articlepage/{news_index.pk}/")
    desk.fill("#id_title", TITLE)
    desk.fill("#id_intro", PARAGRAPH)
    desk.fill("#id_date", "15/12/2026")
    desk.select_option("#id_category", "events")
    desk.fill("#id_event_start", "15/12/2026 08:30")
    desk.fill("#id_event_place", "Hội trường Sở Khoa học và Công nghệ, 244 Điện Biên Phủ")
    desk.fill("#id_source", "Sở Khoa học và Công nghệ TP.HCM")
    close_date_pickers(desk)
    _open_chooser(desk, "Chọn một hình ảnh")
    desk.locator(".modal a").filter(has_text="Hội thảo dữ liệu mở").first.click()
    desk.locator(".modal").first.wait_for(state="hidden")
    with desk.expect_navigation():
        desk.locator("button.action-save:visible").first.click()
    assert "/edit/" in desk.url, [
        text.strip()
        for text in desk.locator(".messages, .w-field__errors, .error-message, [role=alert]").all_inner_texts()
        if text.strip()
    ]
    # Schedule it for 20/12/2026 at 08:30, from the status side panel (that saves the draft again).
    _schedule(desk, "20/12/2026 08:30")
    _shot(desk, "1-editor-article-desktop")
    _submit_for_review(desk)
    _shot(desk, "2-editor-submitted-desktop")
    _quiet(desk)
    article = ArticlePage.objects.get(title=TITLE)
    draft = article.get_latest_revision_as_object()
    assert draft.date == datetime.date(2026, 12, 15)
    assert timezone.localtime(draft.event_start).replace(tzinfo=None) == datetime.datetime(2026, 12, 15, 8, 30)
    assert draft.cover_image_id == image.pk
    assert timezone.localtime(draft.go_live_at).replace(tzinfo=None) == datetime.datetime(2026, 12, 20, 8, 30)
    state = article.current_workflow_state
    assert state is not None and state.status == "in_progress", (desk.url, _visible_text(desk)[:2000])
    assert article.slug.isascii() and article.slug.startswith("hoi-thao-do-thi-thong-minh")

    # Draft the month's bulletin: the editor picks the month and number.
    desk.goto(base + "/admin/ban-tin/so-moi/")
    desk.select_option("#id_month", "11")
    desk.fill("#id_year", "2026")
    number = desk.input_value("#id_issue_number")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Tạo bản nháp").click()
    assert "Đã tạo bản nháp" in _visible_text(desk)
    _submit_for_review(desk)
    _shot(desk, "3-editor-bulletin-submitted-desktop")
    context.close()
    return article, int(number)


def _reviewer_previews_and_publishes(browser, base, reviewer, totp, article, bulletin):
    tasks = {page.pk: page.current_workflow_task.pk for page in (article, bulletin)}
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = context.new_page()
    staff_login(desk, base, reviewer, totp)
    # The dashboard lists both pages awaiting review.
    dashboard = _visible_text(desk)
    assert TITLE in dashboard and bulletin.title in dashboard
    _shot(desk, "4-reviewer-dashboard-desktop")
    for page in (article, bulletin):
        # The preview of the revision under review, as the dashboard's review panel links it.
        desk.goto(base + reverse("wagtailadmin_pages:workflow_preview", args=(page.pk, tasks[page.pk])))
        if page is article:
            assert TITLE in _visible_text(desk) and PARAGRAPH in _visible_text(desk)
            assert desk.locator(f'img[alt="{ALT}"]').count() >= 1
            _shot(desk, "5-reviewer-preview-desktop")
        desk.goto(base + f"/admin/pages/{page.pk}/edit/")
        approve = desk.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
        if not approve.first.is_visible():
            _open_actions(desk)
        assert "Phê duyệt và xuất bản" in approve.first.inner_text()
        with desk.expect_navigation():
            approve.first.click()
    _shot(desk, "6-reviewer-published-desktop")
    context.close()


def _moderator_approves_assigns_and_decides(browser, base, moderator, totp, proposal, spam, unit):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = context.new_page()
    staff_login(desk, base, moderator, totp)
    desk.goto(base + "/admin/dien-dan/hang-cho/")
    queue = _visible_text(desk)
    assert proposal.title in queue and spam.title in queue
    _shot(desk, "7-moderator-queue-desktop")
    # Approve the proposal, then assign it to the unit.
    with desk.expect_navigation():
        desk.get_by_role("link", name=proposal.title).click()
    assert desk.input_value("#status-select") == ""  # no decision preselected
    desk.select_option("#status-select", "approved")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Lưu quyết định").click()
    desk.select_option("#assign-unit", str(unit.pk))
    with desk.expect_navigation():
        desk.get_by_role("button", name="Chuyển đơn vị").click()
    assert unit.name in _visible_text(desk)
    # Reject the other one, with the reason the author will read.
    desk.goto(base + "/admin/dien-dan/hang-cho/")
    with desk.expect_navigation():
        desk.get_by_role("link", name=spam.title).click()
    desk.select_option("#status-select", "rejected")
    desk.fill("#status-reason", "Nội dung quảng cáo, không phải ý kiến góp ý về chuyển đổi số.")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Lưu quyết định").click()
    _shot(desk, "8-moderator-decided-desktop")
    context.close()


def _responder_answers(browser, base, responder, totp, proposal):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    desk = context.new_page()
    staff_login(desk, base, responder, totp)
    desk.goto(base + "/admin/dien-dan/duoc-giao/")
    with desk.expect_navigation():
        desk.get_by_role("link", name=proposal.title).click()
    desk.fill("#id_body", ANSWER)
    desk.fill("#id_signed_by", "Phó Giám đốc Sở")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Công bố trả lời").click()
    _shot(desk, "9-responder-answered-desktop")
    context.close()


ANSWER = "Sở sẽ phối hợp với các ngân hàng hướng dẫn tiểu thương nhận thanh toán QR từ ngày 15/01/2027."


@pytest.mark.slow
def test_a_day_of_every_role(browser, seeded_server):
    from django.contrib.auth.models import Group

    from forum.models import Proposal
    from news.models import ArticlePage, BulletinPage, NewsIndexPage
    from portal.models import Organisation
    from tests.factories import ProposalFactory, verified_citizen

    base = seeded_server.url
    editor, editor_totp = make_staff("bientap", "Biên tập viên")
    reviewer, reviewer_totp = make_staff("nguoiduyet", "Người duyệt")
    unit = Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")
    moderator, moderator_totp = make_staff("dieuphoi", "Điều phối viên diễn đàn")
    responder, responder_totp = make_staff("traloi", "Đơn vị trả lời", unit=unit)
    assert set(Group.objects.values_list("name", flat=True)) >= {"Biên tập viên", "Người duyệt"}
    citizen = verified_citizen(username="dan", email="dan@example.vn")
    proposal = ProposalFactory(
        author=citizen,
        title="Hỗ trợ tiểu thương chợ Bến Thành nhận thanh toán bằng mã QR",
        body="<p>Đề nghị Thành phố hướng dẫn tiểu thương các chợ truyền thống dùng mã QR.</p>",
    )
    spam = ProposalFactory(title="Mua bán tài khoản giá rẻ, liên hệ ngay hôm nay")

    article, number = _editor_writes_and_schedules_an_article(
        browser, base, editor, editor_totp, NewsIndexPage.objects.get()
    )
    bulletin = BulletinPage.objects.get(issue_number=number)
    assert (bulletin.month, bulletin.year) == (11, 2026)

    _reviewer_previews_and_publishes(browser, base, reviewer, reviewer_totp, article, bulletin)
    article = ArticlePage.objects.get(pk=article.pk)
    bulletin = BulletinPage.objects.get(pk=bulletin.pk)
    assert bulletin.live
    # The article waits for its scheduled time, unchanged by the review.
    assert not article.live
    scheduled = article.scheduled_revision
    assert scheduled is not None
    assert timezone.localtime(scheduled.approved_go_live_at).replace(tzinfo=None) == datetime.datetime(
        2026, 12, 20, 8, 30
    )
    assert scheduled.as_object().date == datetime.date(2026, 12, 15)

    _moderator_approves_assigns_and_decides(browser, base, moderator, moderator_totp, proposal, spam, unit)
    proposal.refresh_from_db()
    spam.refresh_from_db()
    assert proposal.status == "assigned" and proposal.unit == unit
    assert spam.status == "rejected"

    _responder_answers(browser, base, responder, responder_totp, proposal)
    proposal.refresh_from_db()
    assert proposal.is_answered

    # The citizen signs in on a phone and reads the answer.
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    phone = context.new_page()
    phone.goto(base + "/tai-khoan/login/")
    phone.fill("#id_login", "dan@example.vn")
    phone.fill("#id_password", "mat-khau-thu-nghiem")
    with phone.expect_navigation():
        phone.locator("form:has(#id_password) button[type=submit]").first.click()
    phone.goto(base + "/tai-khoan/trang-cua-toi/")
    assert "Đã trả lời" in phone.locator("main").inner_text()
    _shot(phone, "10-citizen-my-page-phone")
    with phone.expect_navigation():
        phone.get_by_role("link", name=proposal.title).first.click()
    text = phone.locator("main").inner_text()
    assert "Trả lời chính thức" in text and ANSWER in text and unit.name in text
    _shot(phone, "11-citizen-answer-phone")
    # The bulletin the reviewer published is public.
    phone.goto(base + bulletin.url)
    assert f"Số {number}" in phone.locator("main").inner_text()
    context.close()
    assert Proposal.objects.get(pk=spam.pk).status == "rejected"
