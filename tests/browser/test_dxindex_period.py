"""Issue 15's admin side of a whole period, in a real browser: the council imports a small component
list and opens the period; two units' staff enter values with evidence (one cites a library document
by its số hiệu); the heads submit; the appraiser adjusts one score with a reason and returns one
component; the unit answers; the council signs off and publishes. Test data only (made-up units and
components). Screenshots go to test-artifacts/."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from portal import roles
from tests.browser.staff import make_staff, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SHEET = (
    "khoi,chi_so_chinh,ma,ten,diem_toi_da,cach_tinh,tham_so,thu_tu,tai_lieu_kiem_chung,co_quan_cung_cap\n"
    "department,1,1.1,Chỉ số thử nghiệm có/không,5,yes_no,,1,Văn bản ban hành,\n"
    'department,1,1.2,Chỉ số thử nghiệm tỷ lệ,10,ratio,"{""target"": 100}",2,Báo cáo số liệu,\n'
    "department,2,2.1,Chỉ số thử nghiệm thẩm định,4,appraiser,,1,Hồ sơ,\n"
)


def _setup():
    from django.utils import timezone

    from dxindex.models import IndexVersion, MainIndex, Period, UnitType
    from kpi.models import UnitStaff
    from tests import factories

    city = factories.OrganisationFactory(slug="tp-thu-nghiem-trinh-duyet", name="Thành phố thử nghiệm", level="city")
    units = [
        factories.OrganisationFactory(
            slug=f"so-tn-{n}", name=f"Sở thử nghiệm {n.upper()}", level="department", parent=city
        )
        for n in ("a", "b")
    ]
    version = IndexVersion.objects.create(year=2095, key="thu-nghiem-2095", name="Bộ chỉ số thử nghiệm", city=city)
    unit_type = UnitType.objects.create(version=version, kind="department", name="Sở, ban, ngành")
    MainIndex.objects.create(unit_type=unit_type, order=1, name="Chỉ số chính thử nghiệm một")
    MainIndex.objects.create(unit_type=unit_type, order=2, name="Chỉ số chính thử nghiệm hai")
    today = timezone.localdate()
    period = Period.objects.create(
        year=2095,
        version=version,
        self_opens=today - datetime.timedelta(days=3),
        self_closes=today + datetime.timedelta(days=30),
    )
    people = {
        "council": make_staff("hoi-dong-tn", group=roles.DX_COUNCIL),
        "appraiser": make_staff("tham-dinh-tn", group=roles.DX_APPRAISERS),
    }
    for n, unit in zip("ab", units, strict=True):
        for who, role in (("staff", roles.DX_UNIT_STAFF), ("head", roles.DX_UNIT_HEAD)):
            user, key = make_staff(f"{who}-{n}-tn", group=role)
            UnitStaff.objects.create(user=user, unit=unit)
            people[f"{who}_{n}"] = (user, key)
    return version, period, units, people


def _as(browser, base, person):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    staff_login(page, base, *person)
    return context, page


def _entry_row(page, code):
    return page.locator(f"tr.dx-entry[data-code='{code}']")


def _enter(page, base, assessment, values):
    page.goto(f"{base}/admin/chi-so-cds/danh-gia/{assessment.pk}/")
    for code, value in values.items():
        _entry_row(page, code).locator("input[name^='value-']").fill(value)
    preview = _entry_row(page, "1.1").locator(".dx-self-score").inner_text()
    assert preview.startswith("5,00" if values["1.1"] == "1" else "0,00"), preview  # the live preview
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu bản nháp").click()
    assert "Đã lưu bản nháp" in page.locator("body").inner_text()


def _evidence(page, entry_id, fields):
    page.locator(f"#tools-{entry_id} summary").click()
    form = page.locator(f"#tools-{entry_id} form.dx-evidence-form")
    form.locator("select[name=kind]").select_option(fields.pop("kind"))
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    with page.expect_navigation():
        form.get_by_role("button", name="Thêm tài liệu").click()
    assert "Đã thêm tài liệu kiểm chứng" in page.locator("body").inner_text()


def _submit(browser, base, person, assessment):
    context, page = _as(browser, base, person)
    page.goto(f"{base}/admin/chi-so-cds/danh-gia/{assessment.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Lãnh đạo đơn vị gửi đi thẩm định").click()
    assert "Đã gửi bản tự đánh giá đi thẩm định" in page.locator("body").inner_text()
    context.close()


def _decide(page, entry_id, decision, score="", reason=""):
    form = page.locator(f"#decide-{entry_id}")
    form.locator(f"input[name=decision][value={decision}]").check()
    if score:
        form.locator("input[name=score]").fill(score)
    if reason:
        form.locator("input[name=reason]").fill(reason)
    with page.expect_navigation():
        form.get_by_role("button", name="Ghi").click()
    assert "Đã ghi kết quả thẩm định" in page.locator("body").inner_text()


def test_a_whole_period_in_the_admin(browser, seeded_server):
    from dxindex.models import Assessment, PublishedResult

    ARTIFACTS.mkdir(exist_ok=True)
    version, period, units, people = _setup()
    base = seeded_server.url

    # The council imports the component list (report, then save) and opens the period.
    context, page = _as(browser, base, people["council"])
    page.goto(f"{base}/admin/chi-so-cds/bo-chi-so/{version.pk}/nhap/")
    page.set_input_files("#id_sheet", {"name": "danh-muc.csv", "mimeType": "text/csv", "buffer": SHEET.encode("utf-8")})
    with page.expect_navigation():
        page.get_by_role("button", name="Kiểm tra").click()
    assert page.locator("tr.dx-row-error").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu 3 chỉ số").click()
    assert "Đã lưu 3 chỉ số thành phần" in page.locator("body").inner_text()
    page.goto(f"{base}/admin/chi-so-cds/ky/{period.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Mở kỳ đánh giá").click()
    assert "Đã mở kỳ đánh giá" in page.locator("body").inner_text()
    context.close()
    a, b = (Assessment.objects.get(period=period, unit=unit) for unit in units)
    entries_a = {e.component.code: e.pk for e in a.entries.select_related("component")}
    entries_b = {e.component.code: e.pk for e in b.entries.select_related("component")}

    # Unit A's staff: values, a library document cited by its số hiệu, an uploaded file.
    context, page = _as(browser, base, people["staff_a"])
    page.get_by_role("link", name="Tự đánh giá chỉ số CĐS").first.click()
    _enter(page, base, a, {"1.1": "1", "1.2": "80", "2.1": "3"})
    assert _entry_row(page, "1.2").locator(".dx-self-score").inner_text().strip() == "8,00"
    _evidence(page, entries_a["1.1"], {"kind": "document", "document_number": "305/KH-UBND"})
    _evidence(
        page,
        entries_a["1.2"],
        {"kind": "link", "url": "https://so-a.example.gov.vn/bao-cao-2095", "summary": "Báo cáo số liệu năm 2095"},
    )
    assert "305/KH-UBND" in _entry_row(page, "1.1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "dxindex-1-self-assessment.png"), full_page=True)
    context.close()

    # Unit B's staff: values and a link.
    context, page = _as(browser, base, people["staff_b"])
    _enter(page, base, b, {"1.1": "0", "1.2": "120", "2.1": "2"})
    _evidence(
        page, entries_b["1.2"], {"kind": "link", "url": "https://so-b.example.gov.vn/so-lieu", "summary": "Số liệu"}
    )
    context.close()

    # The heads submit.
    _submit(browser, base, people["head_a"], a)
    _submit(browser, base, people["head_b"], b)

    # The appraiser: the queue, then adjust one score with a reason and return one component.
    context, page = _as(browser, base, people["appraiser"])
    page.get_by_role("link", name="Thẩm định chỉ số CĐS").first.click()
    assert "Sở thử nghiệm A" in page.locator("table.dx-queue").inner_text()
    page.goto(f"{base}/admin/chi-so-cds/danh-gia/{a.pk}/")
    _decide(page, entries_a["1.1"], "accept")
    _decide(page, entries_a["1.2"], "adjust", "6", "Số liệu chỉ đạt 60% theo báo cáo đính kèm")
    _decide(page, entries_a["2.1"], "return", reason="Bổ sung hồ sơ chứng minh")
    page.goto(f"{base}/admin/chi-so-cds/danh-gia/{b.pk}/")
    for code in ("1.1", "1.2", "2.1"):
        _decide(page, entries_b[code], "accept")
    context.close()

    # Unit A sees the reason and answers the return, once.
    context, page = _as(browser, base, people["staff_a"])
    page.goto(f"{base}/admin/chi-so-cds/danh-gia/{a.pk}/")
    assert "Số liệu chỉ đạt 60% theo báo cáo đính kèm" in _entry_row(page, "1.2").inner_text()
    page.locator(f"#tools-{entries_a['2.1']} summary").click()
    page.locator(f"#answer-{entries_a['2.1']}").fill("Đã bổ sung hồ sơ theo yêu cầu")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi giải trình").click()
    assert "Đã gửi giải trình" in page.locator("body").inner_text()
    assert page.locator(f"#answer-{entries_a['2.1']}").count() == 0  # once per return
    page.screenshot(path=str(ARTIFACTS / "dxindex-2-answer.png"), full_page=True)
    context.close()

    context, page = _as(browser, base, people["appraiser"])
    page.goto(f"{base}/admin/chi-so-cds/danh-gia/{a.pk}/")
    _decide(page, entries_a["2.1"], "accept")
    context.close()

    # The council signs off and publishes.
    context, page = _as(browser, base, people["council"])
    page.goto(f"{base}/admin/chi-so-cds/ky/{period.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Hội đồng thông qua, đóng kỳ").click()
    assert "Hội đồng đã thông qua" in page.locator("body").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Công bố kết quả").click()
    assert "Đã công bố kết quả" in page.locator("body").inner_text()
    page.screenshot(path=str(ARTIFACTS / "dxindex-3-published.png"), full_page=True)
    context.close()

    results = {r.unit_id: r for r in PublishedResult.objects.filter(period=period)}
    assert results[units[0].pk].total == Decimal("14.00") and results[units[0].pk].rank == 1  # 5 + 6 + 3
    assert results[units[1].pk].total == Decimal("12.00") and results[units[1].pk].rank == 2  # 0 + 10 + 2

    # The public side: the ranking, the site search and a standard page's block show the result.
    from wagtail.models import Site

    from dxindex.blocks import BLOCK_NAME
    from tests.factories import StandardPageFactory

    anonymous = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    view = anonymous.new_page()
    view.goto(f"{base}/chi-tieu/chi-so-cds/{period.year}/")
    names = [name.strip() for name in view.locator("table.dx-ranking").first.locator("tbody th").all_inner_texts()]
    assert names == ["Sở thử nghiệm A", "Sở thử nghiệm B"]
    view.goto(f"{base}/tim-kiem/?q=S%E1%BB%9F+th%E1%BB%AD+nghi%E1%BB%87m+A")
    titles = view.locator(".search-hit__title").all_inner_texts()
    assert any("Sở thử nghiệm A" in title and str(period.year) in title for title in titles), titles
    home = Site.objects.get(is_default_site=True).root_page.specific
    standard = StandardPageFactory(
        parent=home,
        title="Kết quả chỉ số chuyển đổi số",
        body=[{"type": BLOCK_NAME, "value": {"heading": "Xếp hạng các sở", "unit_kind": "department", "limit": 5}}],
    )
    view.goto(base + standard.url)
    block = view.locator(".block-dx-ranking")
    assert [name.strip() for name in block.locator("tbody th").all_inner_texts()] == names
    view.screenshot(path=str(ARTIFACTS / "dxindex-4-public-block.png"), full_page=True)
    anonymous.close()
