"""Issue 14's acceptance, in a real browser: a unit's data officer uploads a sheet with two bad
rows, reads the report, fixes the sheet and saves it; a reviewer approves; then the dashboard, the
indicator's page, the home page's KPI block and a card framed by a page of another origin all show
the new value. Screenshots go to test-artifacts/."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.other_site import allow, card_frame, visit
from tests.browser.staff import make_staff, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SOURCE = "Cục Thống kê TP.HCM, số liệu ước tính tháng 11/2026 (thử nghiệm)"
HEADER = "chi_tieu,nam,gia_tri,tu,den,nguon,ngay_cong_bo,lien_ket,doan_trich\n"
BAD = (
    HEADER
    + f'kinh-te-so-grdp,2025,27.5,,,"{SOURCE}",16/11/2026,https://example.gov.vn/grdp,\n'
    + f'kinh-te-so-grdpp,2025,24,,,"{SOURCE}",16/11/2026,,\n'  # a mistyped code
    + f'thuong-mai-dien-tu-ban-le,2025,"12,4,5",,,"{SOURCE}",16/11/2026,,\n'  # not a number
)
FIXED = (
    HEADER
    + f'kinh-te-so-grdp,2025,27.5,,,"{SOURCE}",16/11/2026,https://example.gov.vn/grdp,\n'
    + f'kinh-te-so-grdp,2023,21.4,,,"{SOURCE}",16/11/2026,,\n'
    + f'thuong-mai-dien-tu-ban-le,2025,12.4,,,"{SOURCE}",16/11/2026,,\n'
)


def sheet(text):
    return {"name": "so-lieu-thang-11.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_a_unit_uploads_a_reviewer_approves_and_every_view_shows_the_figure(browser, seeded_server, other_site):
    from kpi.models import Indicator, Measurement, UnitStaff
    from portal.models import Organisation

    ARTIFACTS.mkdir(exist_ok=True)
    unit = Organisation.objects.get(slug="so-khcn-tphcm")
    Indicator.objects.filter(slug__in=["kinh-te-so-grdp", "thuong-mai-dien-tu-ban-le"]).update(responsible_unit=unit)
    officer, officer_key = make_staff("can-bo-so-lieu", group="Cán bộ số liệu")
    UnitStaff.objects.create(user=officer, unit=unit)
    reviewer, reviewer_key = make_staff("nguoi-duyet-so-lieu", group="Người duyệt")
    allow(other_site.origin)
    base = seeded_server.url

    # The officer: the sheet with two bad rows, the report, nothing saved.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    staff_login(page, base, officer, officer_key)
    page.get_by_role("link", name="Gửi số liệu chỉ tiêu").first.click()
    page.set_input_files("#id_sheet", sheet(BAD))
    with page.expect_navigation():
        page.get_by_role("button", name="Kiểm tra").click()
    alert = page.get_by_role("alert")
    assert "2 dòng có lỗi: chưa lưu dòng nào" in alert.inner_text()
    assert page.locator("tr.kpi-row-error").count() == 2
    assert "không có chỉ tiêu 'kinh-te-so-grdpp'" in page.locator("tr[data-line='3']").inner_text()
    assert "không phải số" in page.locator("tr[data-line='4']").inner_text()
    assert page.get_by_role("button", name="Lưu 1 số đo").count() == 0
    page.screenshot(path=str(ARTIFACTS / "kpi-1-upload-report-desktop.png"), full_page=True)
    assert not Measurement.objects.filter(source=SOURCE).exists()

    # Fixed, checked again, saved: waiting for review, not public.
    page.set_input_files("#id_sheet", sheet(FIXED))
    with page.expect_navigation():
        page.get_by_role("button", name="Kiểm tra").click()
    assert page.locator("tr.kpi-row-error").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu 3 số đo").click()
    assert "Đã gửi 3 số đo từ so-lieu-thang-11.csv" in page.locator("body").inner_text()
    assert "Chờ duyệt" in page.locator("table.kpi-recent").inner_text()
    assert Measurement.objects.filter(source=SOURCE, review="pending").count() == 3
    context.close()
    anonymous = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    view = anonymous.new_page()
    view.goto(base + "/chi-tieu/kinh-te-so-grdp/")
    assert "27,5" not in view.locator("main").inner_text()
    anonymous.close()

    # The reviewer approves the three.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    staff_login(page, base, reviewer, reviewer_key)
    page.goto(base + reverse("kpi_review"))
    assert "3 số đo chờ duyệt" in page.locator("main").inner_text()
    for box in page.locator("input[name=chon]").all():
        box.check()
    page.screenshot(path=str(ARTIFACTS / "kpi-2-review-desktop.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Duyệt các số đo đã chọn").click()
    assert "Đã duyệt 3 số đo" in page.locator("body").inner_text()
    context.close()

    # Everyone sees it: dashboard, indicator page, home block, and the card on another site.
    anonymous = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    view = anonymous.new_page()
    view.goto(base + "/chi-tieu/")
    assert (
        "27,5% GRDP" in view.locator("article.kpi-card", has_text="Tỷ trọng kinh tế số trong GRDP").first.inner_text()
    )
    view.goto(base + "/chi-tieu/kinh-te-so-grdp/")
    assert "27,5% GRDP" in view.locator("main").inner_text() and SOURCE in view.locator("main").inner_text()
    view.screenshot(path=str(ARTIFACTS / "kpi-3-indicator-phone.png"), full_page=True)
    view.goto(base + "/")
    assert "27,5" in view.locator("main").inner_text()
    anonymous.close()
    context, page, refusals = visit(browser, other_site.origin + "/")
    frame = card_frame(page)
    frame.locator("[data-value]").wait_for()
    assert frame.locator("[data-value]").inner_text() == "27,5% GRDP"
    assert not refusals
    context.close()
