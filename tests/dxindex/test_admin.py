"""The admin screens by role: who sees and does what (allowed and refused), bad input (translated
error, nothing saved), the component import (report per row, all or nothing), and constant queries
on the appraisal queue and the assessment page however many components."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from dxindex import services
from dxindex.models import Assessment, Component, ComponentEntry, EntryStatus, Evidence
from tests import factories
from tests.dxindex.conftest import ALL_VALUES, fill

pytestmark = pytest.mark.django_db


def _assessment(period, unit):
    return Assessment.objects.get(period=period, unit=unit)


def allowed(response):
    return response.status_code == 200


def refused(response):
    """Wagtail's admin sends a refused request home (302 to /admin/) with a message; a plain view 403."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.mark.parametrize(
    ("who", "url_name", "status"),
    [
        ("staff_a", "dxindex_mine", 200),
        ("head_a", "dxindex_mine", 200),
        ("appraiser", "dxindex_mine", 403),
        ("staff_a", "dxindex_queue", 403),
        ("head_a", "dxindex_queue", 403),
        ("appraiser", "dxindex_queue", 200),
        ("council", "dxindex_queue", 200),
        ("staff_a", "dxindex_periods", 403),
        ("appraiser", "dxindex_periods", 200),
        ("council", "dxindex_periods", 200),
    ],
)
def test_each_role_reaches_only_its_lists(client, period, people, who, url_name, status):
    client.force_login(people[who])
    response = client.get(reverse(url_name))
    assert allowed(response) if status == 200 else refused(response)


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff_a", 200), ("head_a", 200), ("staff_b", 403), ("head_b", 403), ("appraiser", 200), ("council", 200)],
)
def test_an_assessment_is_seen_by_its_unit_and_the_department_only(client, period, units, people, who, status):
    client.force_login(people[who])
    response = client.get(reverse("dxindex_assessment", args=[_assessment(period, units[0]).pk]))
    assert allowed(response) if status == 200 else refused(response)


def test_anonymous_and_staff_without_second_factor_are_kept_out(period, units, people):
    from django.test import Client

    url = reverse("dxindex_assessment", args=[_assessment(period, units[0]).pk])
    assert Client().get(url).status_code == 302
    plain = Client()
    plain.force_login(people["staff_a"])  # no second factor
    assert plain.get(url).status_code in (302, 403)


def _post_values(client, assessment, values):
    data = {}
    for entry in assessment.entries.select_related("component"):
        data[f"value-{entry.pk}"] = values.get(entry.component.code, "")
        data[f"note-{entry.pk}"] = ""
    return client.post(reverse("dxindex_assessment", args=[assessment.pk]), data, follow=True)


def test_unit_staff_save_a_draft_and_see_the_scores(client, period, units, people):
    assessment = _assessment(period, units[0])
    client.force_login(people["staff_a"])
    response = _post_values(client, assessment, ALL_VALUES)
    assert "Đã lưu bản nháp" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.self_total == Decimal("20.67")


def test_a_bad_value_saves_nothing_and_says_why(client, period, units, people):
    assessment = _assessment(period, units[0])
    client.force_login(people["staff_a"])
    response = _post_values(client, assessment, {**ALL_VALUES, "1.1": "2", "2.1": "abc"})
    text = response.content.decode()
    assert "Chỉ số có / không nhận 1 (có) hoặc 0 (không)." in text
    assert "Giá trị phải là số." in text
    assert 'aria-invalid="true"' in text
    assert not ComponentEntry.objects.filter(assessment=assessment, value__isnull=False).exists()


def test_other_units_cannot_post_values(client, period, units, people):
    client.force_login(people["staff_b"])
    assessment = _assessment(period, units[0])
    data = {f"value-{entry.pk}": "1" for entry in assessment.entries.all()}
    assert refused(client.post(reverse("dxindex_assessment", args=[assessment.pk]), data))
    assert not ComponentEntry.objects.filter(value__isnull=False).exists()


def test_evidence_by_library_number_file_and_link(client, period, units, people):
    document = factories.LegalDocumentFactory(number="123/QĐ-UBND")
    assessment = _assessment(period, units[0])
    entry = assessment.entries.get(component__code="1.1")
    client.force_login(people["staff_a"])
    url = reverse("dxindex_evidence_add", args=[entry.pk])
    client.post(url, {"kind": "document", "document_number": "123 qđ ubnd"})
    client.post(url, {"kind": "link", "url": "https://so.gov.vn/bao-cao", "summary": "Báo cáo"})
    upload = SimpleUploadedFile("qd.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(
        url, {"kind": "file", "file": upload, "number": "45/BC-SO", "issued_on": "02/03/2090", "summary": "Báo cáo CĐS"}
    )
    kinds = sorted(Evidence.objects.filter(entry=entry).values_list("kind", flat=True))
    assert kinds == ["document", "file", "link"]
    assert Evidence.objects.get(entry=entry, kind="document").document == document


def test_bad_evidence_is_refused_with_the_reason(client, period, units, people):
    entry = _assessment(period, units[0]).entries.get(component__code="1.1")
    client.force_login(people["staff_a"])
    url = reverse("dxindex_evidence_add", args=[entry.pk])
    response = client.post(url, {"kind": "document", "document_number": "999/XX-YY"}, follow=True)
    assert "Không tìm thấy văn bản số hiệu" in response.content.decode()
    upload = SimpleUploadedFile("qd.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(url, {"kind": "file", "file": upload}, follow=True)
    assert "Hãy ghi số hiệu văn bản." in response.content.decode()
    assert not Evidence.objects.exists()
    client.force_login(people["staff_b"])
    assert refused(client.post(url, {"kind": "link", "url": "https://x.vn"}))


def test_head_submits_staff_cannot(client, period, units, people):
    assessment = _assessment(period, units[0])
    fill(assessment, people["staff_a"], ALL_VALUES)
    client.force_login(people["staff_a"])
    assert refused(client.post(reverse("dxindex_submit", args=[assessment.pk])))
    client.force_login(people["head_a"])
    client.post(reverse("dxindex_submit", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_appraiser_decides_with_reasons_and_the_unit_sees_them(client, period, units, people):
    assessment = _assessment(period, units[0])
    fill(assessment, people["staff_a"], ALL_VALUES)
    services.submit(assessment, people["head_a"])
    entry = assessment.entries.get(component__code="1.2")
    url = reverse("dxindex_decide", args=[entry.pk])
    client.force_login(people["head_a"])
    assert refused(client.post(url, {"decision": "accept"}))
    client.force_login(people["appraiser"])
    response = client.post(url, {"decision": "adjust", "score": "9", "reason": "x"}, follow=True)
    assert "Điểm thẩm định phải từ 0 đến 6." in response.content.decode()
    entry.refresh_from_db()
    assert entry.appraised_score is None
    client.post(url, {"decision": "adjust", "score": "2,5", "reason": "Chỉ đạt mức thấp"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ADJUSTED and entry.appraised_score == Decimal("2.50")
    client.force_login(people["staff_a"])
    page = client.get(reverse("dxindex_assessment", args=[assessment.pk])).content.decode()
    assert "Chỉ đạt mức thấp" in page


def test_council_only_runs_the_period(client, period, people):
    url = reverse("dxindex_period_action", args=[period.pk, "sign_off"])
    for who in ("staff_a", "head_a", "appraiser"):
        client.force_login(people[who])
        assert refused(client.post(url))
    client.force_login(people["council"])
    response = client.post(url, follow=True)
    assert "Hội đồng đã thông qua" in response.content.decode()


# ------------------------------------------------------------------------------ import

HEADER = "khoi,chi_so_chinh,ma,ten,diem_toi_da,cach_tinh,tham_so,thu_tu,tai_lieu_kiem_chung,co_quan_cung_cap\n"


def _csv(text):
    return SimpleUploadedFile("danh-muc.csv", (HEADER + text).encode("utf-8"), content_type="text/csv")


def test_import_reports_bad_rows_and_saves_nothing(client, version, people):
    client.force_login(people["council"])
    before = Component.objects.count()
    response = client.post(
        reverse("dxindex_import", args=[version.pk]),
        {
            "sheet": _csv(
                "department,1,1.9,Chỉ số mới,3,yes_no,,,,\n"
                "department,7,1.8,Chỉ số sai,3,yes_no,,,,\n"
                'department,1,1.7,Chỉ số sai,abc,tiers,"{""tiers"": [[1, 9]]}",,,\n'
                "department,2,2.9,Chỉ số sai,3,ratio,,,,khong-co\n"
            )
        },
    )
    text = response.content.decode()
    assert "3 dòng có lỗi: chưa lưu dòng nào" in text
    assert "Bộ chỉ số không có chỉ số chính số 7" in text
    assert "Điểm tối đa phải là số dương" in text
    assert "Không có cơ quan mã khong-co" in text
    assert 'name="payload"' not in text
    assert Component.objects.count() == before


def test_import_saves_every_row_after_the_report(client, version, people):
    client.force_login(people["council"])
    response = client.post(
        reverse("dxindex_import", args=[version.pk]),
        {
            "sheet": _csv(
                'department,1,1.1,Tên sửa,5,yes_no,,,Quyết định,\ndepartment,2,2.3,Chỉ số mới,2,ratio,"{""target"": 4}",3,,\n'
            )
        },
    )
    text = response.content.decode()
    assert "Cập nhật chỉ số đã có" in text and "Chỉ số mới" in text
    payload = response.context["payload"]
    assert Component.objects.filter(main_index__unit_type__version=version).count() == 4
    client.post(reverse("dxindex_import_confirm", args=[version.pk]), {"payload": payload})
    assert Component.objects.filter(main_index__unit_type__version=version).count() == 5
    assert Component.objects.get(main_index__unit_type__version=version, code="1.1").name == "Tên sửa"


def test_import_reads_xlsx(client, version, people):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["department", 1, "1.5", "Chỉ số từ xlsx", 2.5, "appraiser", None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(people["council"])
    response = client.post(
        reverse("dxindex_import", args=[version.pk]), {"sheet": SimpleUploadedFile("danh-muc.xlsx", buffer.getvalue())}
    )
    assert response.context["bad"] == [] and response.context["reports"][0].component.max_points == Decimal("2.5")


def test_only_the_council_imports(client, version, people):
    for who in ("staff_a", "head_a", "appraiser"):
        client.force_login(people[who])
        assert refused(client.get(reverse("dxindex_import", args=[version.pk])))


# ------------------------------------------------------------------------------ queries


def _many(version, period, units, people, count):
    main = version.unit_types.get().main_indices.first()
    for n in range(count):
        factories.ComponentFactory(main_index=main, code=f"9.{n}", order=100 + n)
    period.status = "draft"
    period.save()
    Assessment.objects.filter(period=period).delete()
    services.open_period(period, people["council"])
    for assessment in Assessment.objects.filter(period=period):
        who = "a" if assessment.unit_id == units[0].pk else "b"
        fill(assessment, people[f"staff_{who}"], {**ALL_VALUES, **{f"9.{n}": "1" for n in range(count)}})
        services.submit(assessment, people[f"head_{who}"])
        for entry in assessment.entries.all()[:3]:
            Evidence.objects.create(entry=entry, kind="link", url="https://so.gov.vn/x")


@pytest.mark.parametrize("count", [5, 40])
def test_assessment_and_queue_pages_take_constant_queries(
    client, version, period, units, people, count, django_assert_max_num_queries
):
    _many(version, period, units, people, count)
    assessment = _assessment(period, units[0])
    client.force_login(people["appraiser"])
    with django_assert_max_num_queries(25):
        assert client.get(reverse("dxindex_assessment", args=[assessment.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("dxindex_queue")).status_code == 200
    client.force_login(people["council"])
    with django_assert_max_num_queries(30):
        assert client.get(reverse("dxindex_period", args=[period.pk])).status_code == 200


def test_an_evidence_file_is_private_and_only_its_readers_download_it(client, period, units, people):
    """An uploaded file lies outside the public media, has no public address, and is streamed as a
    download to the unit's own staff and the appraisers only; removing it deletes the file."""
    from pathlib import Path

    from django.conf import settings

    entry = _assessment(period, units[0]).entries.get(component__code="1.1")
    client.force_login(people["staff_a"])
    upload = SimpleUploadedFile("bao-cao-thang-9.pdf", b"%PDF-1.4 noi bo", content_type="application/pdf")
    client.post(
        reverse("dxindex_evidence_add", args=[entry.pk]),
        {"kind": "file", "file": upload, "number": "45/BC-SO", "issued_on": "15/09/2025", "summary": "Báo cáo"},
    )
    evidence = Evidence.objects.get(entry=entry, kind="file")
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT) and not stored.is_relative_to(settings.MEDIA_ROOT)
    with pytest.raises(ValueError, match="private"):
        evidence.file.url  # noqa: B018 - asking for its address is refused
    url = reverse("dxindex_evidence_file", args=[evidence.pk])
    page = client.get(reverse("dxindex_assessment", args=[entry.assessment_id])).content.decode()
    assert url in page

    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 noi bo"
    assert response["Content-Disposition"].startswith("attachment") and "no-store" in response["Cache-Control"]
    client.force_login(people["appraiser"])
    assert client.get(url).status_code == 200
    client.force_login(people["staff_b"])
    assert refused(client.get(url))
    client.logout()
    assert client.get(url).status_code in (302, 403)

    client.force_login(people["staff_a"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("dxindex_evidence_remove", args=[evidence.pk]))
    assert not Evidence.objects.filter(pk=evidence.pk).exists() and not stored.exists()


def test_the_head_withdraws_from_the_assessment_page(client, period, units, people):
    assessment = _assessment(period, units[0])
    fill(assessment, people["staff_a"], ALL_VALUES)
    services.submit(assessment, people["head_a"])
    url = reverse("dxindex_assessment", args=[assessment.pk])
    withdraw = reverse("dxindex_withdraw", args=[assessment.pk])
    client.force_login(people["staff_a"])
    assert withdraw not in client.get(url).content.decode()
    client.force_login(people["head_a"])
    assert withdraw in client.get(url).content.decode()
    response = client.post(withdraw, {"reason": ""}, follow=True)
    assert "Hãy ghi lý do rút lại." in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"
    response = client.post(withdraw, {"reason": "Gửi nhầm"}, follow=True)
    assert "Đã rút lại bản tự đánh giá" in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == "draft"
