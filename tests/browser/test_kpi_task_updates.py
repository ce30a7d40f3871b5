"""A unit's staff report on their unit's plan task in a real browser: a bad submission (a số hiệu
the library lacks) is refused with the reason and nothing saved; the fixed one waits for review; a
reviewer approves it; the plan's public tracker shows the new status with its evidence."""

import pytest

from tests.browser.staff import make_staff, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_unit_reports_a_task_a_reviewer_approves_and_the_tracker_shows_it(browser, seeded_server):
    from kpi.models import UnitStaff
    from kpi.plan_tasks import PlanTask, TaskUpdate
    from portal.models import Organisation

    task = PlanTask.objects.get(plan__slug="kh-305", key="ii-1")  # led by Sở TT&TT, succeeded by Sở KH&CN
    officer, officer_key = make_staff("can-bo-nhiem-vu", group="Cán bộ số liệu")
    UnitStaff.objects.create(user=officer, unit=Organisation.objects.get(slug="so-khcn-tphcm"))
    reviewer, reviewer_key = make_staff("nguoi-duyet-nhiem-vu", group="Người duyệt")
    base = seeded_server.url

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    staff_login(page, base, officer, officer_key)
    page.goto(base + "/admin/chi-tieu/nhiem-vu/don-vi/")
    row = page.locator(f"#nhiem-vu-{task.pk}")
    assert "Sở Thông tin và Truyền thông" in row.inner_text()
    row.get_by_role("link", name="Gửi cập nhật").click()
    assert page.locator("#id_task").input_value() == str(task.pk)
    page.locator("#id_date").fill("16/11/2026")
    page.locator("#id_status").select_option("done")
    page.locator("#id_note").fill("Hệ thống đánh giá chỉ số đã vận hành từ quý 2/2023.")
    page.locator("#id_evidence_number").fill("9999/KH-KHONGCO")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi đi duyệt").click()
    assert "Không có văn bản số hiệu “9999/KH-KHONGCO” trong thư viện." in page.locator("body").inner_text()
    assert not TaskUpdate.objects.filter(task=task).exists()
    # What was typed is still there; only the số hiệu changes.
    assert page.locator("#id_note").input_value() == "Hệ thống đánh giá chỉ số đã vận hành từ quý 2/2023."
    page.locator("#id_evidence_number").fill("305 kh ubnd")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi đi duyệt").click()
    assert "chỉ công khai sau khi được duyệt" in page.locator("body").inner_text()
    assert "Chờ duyệt" in page.locator("table.kpi-sent-updates").inner_text()
    context.close()

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    staff_login(page, base, reviewer, reviewer_key)
    page.goto(base + "/admin/chi-tieu/nhiem-vu/duyet/")
    update = TaskUpdate.objects.get(task=task)
    page.locator(f"#chon-{update.pk}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Duyệt các cập nhật đã chọn").click()
    assert "Đã duyệt 1 cập nhật" in page.locator("body").inner_text()
    context.close()

    anonymous = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    view = anonymous.new_page()
    view.goto(base + "/chi-tieu/ke-hoach/kh-305/nhiem-vu/")
    item = view.locator(f"#nhiem-vu-{task.pk}")
    assert "Hoàn thành" in item.inner_text()
    item.locator("summary").click()
    history = item.locator(".task__history").inner_text()
    assert "16/11/2026" in history and "Hệ thống đánh giá chỉ số đã vận hành" in history and "305/KH-UBND" in history
    anonymous.close()
