"""Issue 14, item 3: a unit's staff upload measurements (CSV or XLSX), see a report per row before
anything is saved, save all or nothing; a reviewer approves before a value is public; history kept."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from kpi import data_entry
from kpi.models import Indicator, Measurement, Review, UnitStaff
from portal.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "chi_tieu,nam,gia_tri,tu,den,nguon,ngay_cong_bo,lien_ket,doan_trich\n"
SOURCE = "Sở Thông tin và Truyền thông TP.HCM - báo cáo tháng 11/2026"


@pytest.fixture
def unit():
    return Organisation.objects.get(slug="so-tttt-tphcm")


@pytest.fixture
def staff(unit):
    user = factories.UserFactory(username="can-bo-so-lieu")
    user.groups.add(Group.objects.get(name="Cán bộ số liệu"))
    UnitStaff.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def own(unit):
    """Two indicators of the staff's unit."""
    indicators = list(Indicator.objects.filter(slug__in=["chu-ky-so", "thu-dien-tu-cong-vu"]).order_by("slug"))
    Indicator.objects.filter(pk__in=[i.pk for i in indicators]).update(responsible_unit=unit)
    return indicators


def csv_file(text, name="so-lieu-thang-11.csv"):
    return SimpleUploadedFile(name, (HEADER + text).encode("utf-8"), content_type="text/csv")


def upload(client, file):
    return client.post(reverse("kpi_upload"), {"sheet": file})


def test_a_sheet_with_bad_rows_is_reported_row_by_row_and_nothing_is_saved(client, staff, own):
    client.force_login(staff)
    before = Measurement.objects.count()
    response = upload(
        client,
        csv_file(
            f"chu-ky-so,2026,97.5,,,{SOURCE},15/11/2026,,\n"
            f"thu-dien-tu-cong-vu,20x6,90,,,{SOURCE},,,\n"  # line 3: a bad year
            f"kinh-te-so-grdp,2026,25,,,{SOURCE},,,\n"  # line 4: another unit's indicator
            f"thu-dien-tu-cong-vu,2026,99,,,{SOURCE},,,\n"
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    reports = {report.line: report for report in response.context["reports"]}
    assert [line for line, report in reports.items() if not report.ok] == [3, 4]
    assert "năm không hợp lệ" in html and "không thuộc đơn vị của bạn" in html
    assert "2 dòng có lỗi: chưa lưu dòng nào" in html
    assert response.context["payload"] == "" and "kpi_upload_confirm" not in html
    assert Measurement.objects.count() == before


def test_a_valid_sheet_is_saved_whole_then_public_only_once_approved(client, staff, own, reviewer):
    client.force_login(staff)
    response = upload(
        client,
        csv_file(
            f'chu-ky-so,2026,97.5,,,{SOURCE},15/11/2026,https://sokhcn.hochiminhcity.gov.vn/,"“đạt 97,5%”"\n'
            f"thu-dien-tu-cong-vu,2026,,88,92,{SOURCE},,,\n"
        ),
    )
    assert response.context["to_save"] == 2 and not response.context["bad"]
    payload = response.context["payload"]
    saved = client.post(reverse("kpi_upload_confirm"), {"payload": payload}, follow=True)
    assert "Đã gửi 2 số đo" in saved.content.decode()
    pending = Measurement.objects.filter(review=Review.PENDING, entered_by=staff)
    assert pending.count() == 2
    # Sent but not public: the indicator page does not show it.
    assert "97,5" not in client.get("/chi-tieu/chu-ky-so/").content.decode()
    # The staff cannot approve their own figures.
    assert client.get(reverse("kpi_review")).status_code in (302, 403)  # Wagtail sends a refusal home

    client.force_login(reviewer)
    queue = client.get(reverse("kpi_review"))
    assert queue.context["total"] == 2
    done = client.post(reverse("kpi_review"), {"chon": [m.pk for m in pending], "quyet_dinh": "duyet"}, follow=True)
    assert "Đã duyệt 2 số đo" in done.content.decode()
    page = client.get("/chi-tieu/chu-ky-so/").content.decode()
    assert "97,5" in page
    assert Measurement.objects.get(indicator__slug="thu-dien-tu-cong-vu", year=2026).display == "88–92"
    # The history: who sent, who approved, and a revision of the indicator.
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(own[0].pk)).order_by("timestamp").values_list("action", flat=True)
    )
    assert actions[-3:] in (
        ["kpi.measurement.submit", "kpi.measurement.approve", "wagtail.edit"],
        ["kpi.measurement.submit", "kpi.measurement.approve"],
    ) or actions[-2:] == ["kpi.measurement.submit", "kpi.measurement.approve"]
    assert own[0].revisions.count() >= 1


def test_an_xlsx_sheet_reads_like_a_csv(client, staff, own):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["chu-ky-so", 2026, 97.5, None, None, SOURCE, "2026-11-15", None, None])
    sheet.append([None] * 9)  # an empty row is skipped
    sheet.append(["thu-dien-tu-cong-vu", "2026", 90, None, None, "", None, None, None])  # no source
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(staff)
    response = upload(client, SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue()))
    reports = response.context["reports"]
    assert [(r.line, r.ok) for r in reports] == [(2, True), (4, False)]
    assert reports[0].measurement.value == pytest.approx(97.5) and reports[0].row["nam"] == "2026"
    assert "thiếu nguồn" in response.content.decode()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("so-lieu.pdf", b"%PDF-1.4", "Chỉ nhận tệp .csv hoặc .xlsx."),
        ("so-lieu.csv", "chi_tieu,nam\n".encode("utf-16"), "Tệp CSV phải mã hoá UTF-8."),
        ("so-lieu.csv", b"ma,gia\n1,2\n", "Dòng đầu phải có tên cột, ít nhất chi_tieu và nam."),
        ("so-lieu.csv", HEADER.encode(), "Tệp không có dòng số liệu nào dưới dòng tên cột."),
        ("so-lieu.xlsx", b"not a zip", "Không đọc được tệp .xlsx"),
    ],
)
def test_unreadable_files_get_a_clear_error(client, staff, name, content, message):
    client.force_login(staff)
    response = upload(client, SimpleUploadedFile(name, content))
    assert message in response.content.decode()
    assert not response.context["reports"]


def test_a_tampered_or_stale_payload_saves_nothing(client, staff, own):
    client.force_login(staff)
    forged = signing.dumps({"file": "x.csv", "rows": [[2, {"chi_tieu": "chu-ky-so"}]]}, salt="other")
    response = client.post(reverse("kpi_upload_confirm"), {"payload": forged}, follow=True)
    assert "Phiên tải lên không hợp lệ" in response.content.decode()
    # Valid then, invalid now (the indicator moved to another unit): nothing is saved.
    response = upload(client, csv_file(f"chu-ky-so,2026,97.5,,,{SOURCE},,,\n"))
    payload = response.context["payload"]
    Indicator.objects.filter(slug="chu-ky-so").update(responsible_unit=None)
    response = client.post(reverse("kpi_upload_confirm"), {"payload": payload})
    assert "chưa lưu dòng nào" in response.content.decode()
    assert not Measurement.objects.filter(entered_by=staff).exists()


def test_returning_needs_a_note_which_the_staff_then_reads(client, staff, own, reviewer):
    measurement = factories.MeasurementFactory(
        indicator=own[0], year=2026, review=Review.PENDING, entered_by=staff, source=SOURCE
    )
    client.force_login(reviewer)
    response = client.post(reverse("kpi_review"), {"chon": [measurement.pk], "quyet_dinh": "tra_lai"}, follow=True)
    assert "hãy ghi lý do" in response.content.decode()
    measurement.refresh_from_db()
    assert measurement.review == Review.PENDING
    client.post(
        reverse("kpi_review"), {"chon": [measurement.pk], "quyet_dinh": "tra_lai", "ghi_chu": "Thiếu liên kết nguồn"}
    )
    measurement.refresh_from_db()
    assert (measurement.review, measurement.reviewed_by) == (Review.RETURNED, reviewer)
    client.force_login(staff)
    assert "Thiếu liên kết nguồn" in client.get(reverse("kpi_upload")).content.decode()


def test_approving_replaces_the_public_figure_of_the_same_year_and_source(reviewer, own):
    old = factories.MeasurementFactory(indicator=own[0], year=2026, value=90, source=SOURCE)
    new = factories.MeasurementFactory(indicator=own[0], year=2026, value=95, source=SOURCE, review=Review.PENDING)
    data_entry.approve(new, reviewer)
    assert list(Measurement.objects.filter(indicator=own[0], year=2026).values_list("value", flat=True)) == [95]
    entry = ModelLogEntry.objects.filter(action="kpi.measurement.approve").latest("timestamp")
    assert entry.data["replaced"] == ["90"] and entry.user == reviewer
    assert not Measurement.objects.filter(pk=old.pk).exists()


def test_a_row_identical_to_the_public_figure_changes_nothing(client, staff, own):
    factories.MeasurementFactory(indicator=own[0], year=2026, value=97, source=SOURCE)
    client.force_login(staff)
    response = upload(client, csv_file(f"chu-ky-so,2026,97,,,{SOURCE},,,\nchu-ky-so,2026,98,,,{SOURCE},,,\n"))
    first, second = response.context["reports"]
    assert first.action == data_entry.SAME and first.ok
    assert not second.ok and "Trùng dòng 2" in second.errors[0][1]


def test_who_may_do_what(client, staff, editor, reviewer, responder):
    citizen = factories.verified_citizen()
    for user, may_upload, may_review in [
        (staff, True, False),
        (editor, True, False),
        (reviewer, True, True),
        (responder, False, False),
        (citizen, False, False),
    ]:
        client.force_login(user)
        assert (client.get(reverse("kpi_upload")).status_code == 200) is may_upload, user
        assert (client.get(reverse("kpi_review")).status_code == 200) is may_review, user
    client.logout()
    assert client.get(reverse("kpi_upload")).status_code == 302


def test_an_editor_may_send_for_any_indicator_and_staff_only_for_their_unit(staff, editor, own):
    assert set(data_entry.allowed_indicators(editor)) == set(Indicator.objects.values_list("slug", flat=True))
    assert set(data_entry.allowed_indicators(staff)) == {"chu-ky-so", "thu-dien-tu-cong-vu"}


def test_a_reviewers_entry_in_the_indicator_form_is_public_at_once_an_editors_waits(client, editor, reviewer):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    indicator = Indicator.objects.get(slug="chu-ky-so")

    def post(user, year):
        targets = [
            {"id": t.pk, "plan": t.plan_id, "year": t.year, "value": str(t.value), "base_year": "",
             "passage": t.passage, "weight": str(t.weight)}
            for t in indicator.targets.all()
        ]  # fmt: skip
        existing = [
            {"id": m.pk, "year": m.year, "value": str(m.value or ""), "low": "", "high": "", "source": m.source,
             "reported_on": "", "source_document": "", "source_url": "", "passage": m.passage}
            for m in indicator.measurements.all()
        ]  # fmt: skip
        new = {"year": year, "value": "96", "low": "", "high": "", "source": SOURCE, "reported_on": "",
               "source_document": "", "source_url": "", "passage": ""}  # fmt: skip
        data = nested_form_data(
            {
                "name": indicator.name, "slug": indicator.slug, "description": indicator.description,
                "pillar": indicator.pillar, "place": indicator.place_id, "unit": indicator.unit,
                "kind": indicator.kind, "comparator": indicator.comparator, "baseline_year": "",
                "baseline_value": "", "responsible_unit": "",
                "targets": inline_formset(targets, initial=len(targets)),
                "measurements": inline_formset([*existing, new], initial=len(existing)),
            }
        )  # fmt: skip
        client.force_login(user)
        response = client.post(reverse("wagtailsnippets_kpi_indicator:edit", args=(indicator.pk,)), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        return Measurement.objects.get(indicator=indicator, year=year)

    assert post(editor, 2027).review == Review.PENDING
    assert post(reviewer, 2028).review == Review.APPROVED
