import csv
import json

import pytest
from django.core.management import CommandError, call_command

from documents.importer import Importer, extract_pdf_text, read_rows
from documents.models import DocumentAttachment, DocumentRelation, LegalDocument

pytestmark = pytest.mark.django_db
HEADER = ["so_hieu", "loai", "co_quan_ban_hanh", "trich_yeu", "ngay_ban_hanh", "linh_vuc", "quan_he", "tep_dinh_kem"]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def minimal_pdf(text):
    """A one-page PDF whose content stream draws `text` (ASCII) in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


GOOD_AND_BAD = [
    [
        "100/KH-TN",
        "ke-hoach",
        "UBND TP.HCM",
        "Kế hoạch thử nghiệm chuyển đổi số",
        "2024-01-15",
        "chuyen-doi-so",
        "thuc-hien 2393/QĐ-UBND",
        "",
    ],
    ["101/QĐ-TN", "Quyết định", "ubnd-tphcm", "Quyết định thử nghiệm", "15/02/2024", "", "Căn cứ 100/KH-TN", ""],
    ["", "ke-hoach", "UBND TP.HCM", "Thiếu số hiệu", "2024-01-15", "", "", ""],
    ["102/KH-TN", "khong-co-loai", "UBND TP.HCM", "Sai loại", "2024-01-15", "", "", ""],
    ["103/KH-TN", "ke-hoach", "Cơ quan không tồn tại", "Sai cơ quan", "2024-01-15", "", "", ""],
    ["104/KH-TN", "ke-hoach", "UBND TP.HCM", "Sai ngày", "31/02/2024", "", "", ""],
    [
        "105/KH-TN",
        "ke-hoach",
        "UBND TP.HCM",
        "Quan hệ tới văn bản không có",
        "2024-01-15",
        "",
        "thuc-hien 9999/QĐ-KHONG",
        "",
    ],
    ["100/KH-TN", "ke-hoach", "UBND TP.HCM", "Trùng dòng 2", "2024-01-15", "", "", ""],
    ["106/KH-TN", "ke-hoach", "UBND TP.HCM", "Lĩnh vực lạ", "2024-01-15", "linh-vuc-la", "", ""],
]


def test_good_rows_are_imported_and_each_bad_row_reported(tmp_path):
    path = write_csv(tmp_path / "van-ban.csv", GOOD_AND_BAD)
    before = LegalDocument.objects.count()
    with pytest.raises(CommandError, match="7 bản ghi lỗi"):
        call_command("import_documents", str(path), "--no-progress", "--partial")
    assert LegalDocument.objects.count() == before + 2
    plan = LegalDocument.objects.get(number="100/KH-TN")
    assert plan.live and plan.title == "Kế hoạch thử nghiệm chuyển đổi số"
    assert [f.slug for f in plan.fields.all()] == ["chuyen-doi-so"]
    decision = LegalDocument.objects.get(number="101/QĐ-TN")
    assert decision.issued_on.isoformat() == "2024-02-15"
    assert DocumentRelation.objects.filter(
        source=plan, target__number="2393/QĐ-UBND", relation_type="implements"
    ).exists()
    assert DocumentRelation.objects.filter(source=decision, target=plan, relation_type="based_on").exists()
    for number in ("102/KH-TN", "103/KH-TN", "104/KH-TN", "105/KH-TN", "106/KH-TN"):
        assert not LegalDocument.objects.filter(number=number).exists()


def test_report_names_line_field_and_reason(tmp_path):
    report = Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "a.csv", GOOD_AND_BAD)))
    errors = {(error.line, error.field) for error in report.errors}
    assert errors == {
        (4, "so_hieu"),
        (5, "loai"),
        (6, "co_quan_ban_hanh"),
        (7, "ngay_ban_hanh"),
        (8, "quan_he"),
        (9, "so_hieu"),
        (10, "linh_vuc"),
    }
    assert "9999/QĐ-KHONG" in next(str(e) for e in report.errors if e.line == 8)
    assert "dòng 2" in next(e.reason for e in report.errors if e.line == 9)


def test_rerun_changes_nothing_and_edits_update(tmp_path):
    rows = GOOD_AND_BAD[:2]
    path = write_csv(tmp_path / "a.csv", rows)
    first = Importer(base_dir=tmp_path).run(read_rows(path))
    assert (first.created, first.updated, first.errors) == (2, 0, [])
    snapshot = list(LegalDocument.objects.order_by("pk").values())
    relations = DocumentRelation.objects.count()
    second = Importer(base_dir=tmp_path).run(read_rows(path))
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert list(LegalDocument.objects.order_by("pk").values()) == snapshot
    assert DocumentRelation.objects.count() == relations
    changed = [list(rows[0]), rows[1]]
    changed[0][3] = "Trích yếu mới"
    third = Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "b.csv", changed)))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert LegalDocument.objects.get(number="100/KH-TN").title == "Trích yếu mới"


def test_json_import_and_export_round_trip(client, tmp_path):
    data = json.loads(client.get("/van-ban/du-lieu-mo/json/").content)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = Importer(base_dir=tmp_path).run(read_rows(path))
    assert report.errors == []
    assert report.created == 0 and report.updated == 0
    assert report.unchanged == data["count"]


def test_pdf_attachment_text_is_extracted_for_search(tmp_path, client):
    (tmp_path / "ke-hoach.pdf").write_bytes(minimal_pdf("Ha tang so va du lieu quokkamo 2026"))
    assert "du lieu quokkamo" in extract_pdf_text(tmp_path / "ke-hoach.pdf")
    row = ["200/KH-PDF", "ke-hoach", "UBND TP.HCM", "Kế hoạch có tệp", "2024-03-01", "", "", "ke-hoach.pdf"]
    path = write_csv(tmp_path / "a.csv", [row])
    report = Importer(base_dir=tmp_path).run(read_rows(path))
    assert report.errors == [] and report.created == 1
    document = LegalDocument.objects.get(number="200/KH-PDF")
    assert DocumentAttachment.objects.filter(document=document).count() == 1
    assert "du lieu quokkamo" in document.search_text
    numbers = [d.number for d in client.get("/van-ban/", {"q": "quokkamo"}).context["documents"]]
    assert numbers == ["200/KH-PDF"]
    html = client.get(f"/van-ban/{document.slug}/").content.decode()
    assert "ke-hoach.pdf" in html and "PDF" in html
    again = Importer(base_dir=tmp_path).run(read_rows(path))
    assert again.unchanged == 1 and DocumentAttachment.objects.filter(document=document).count() == 1


def test_missing_attachment_is_a_row_error(tmp_path):
    row = ["201/KH-PDF", "ke-hoach", "UBND TP.HCM", "Tệp không có", "2024-03-01", "", "", "khong-co.pdf"]
    report = Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "a.csv", [row])))
    assert [(e.field, e.line) for e in report.errors] == [("tep_dinh_kem", 2)]
    assert not LegalDocument.objects.filter(number="201/KH-PDF").exists()


@pytest.mark.slow
def test_ten_thousand_generated_rows(tmp_path):
    rows = []
    for n in range(10_000):
        row = [
            f"{n}/CV-SINH",
            "cong-van",
            "UBND TP.HCM",
            f"Công văn sinh tự động số {n} về chuyển đổi số",
            "2024-05-01",
            "chuyen-doi-so",
            "",
            "",
        ]
        if n % 1000 == 999:
            row[4] = "ngày sai"
        rows.append(row)
    path = write_csv(tmp_path / "lon.csv", rows)
    report = Importer(base_dir=tmp_path).run(read_rows(path), partial=True)
    assert report.created == 9_990
    assert len(report.errors) == 10 and {e.field for e in report.errors} == {"ngay_ban_hanh"}
    again = Importer(base_dir=tmp_path).run(read_rows(path), partial=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9_990)


def test_unreadable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "hong.json"
    path.write_text("{không phải json", encoding="utf-8")
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("import_documents", str(path))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_documents", str(tmp_path / "khong-co.csv"))


def test_a_number_written_differently_is_the_same_document(tmp_path):
    first = [["300/KH-TN", "ke-hoach", "UBND TP.HCM", "Bản đầu", "2024-01-15", "", "", ""]]
    Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "a.csv", first)))
    second = [
        ["300/kh-tn", "ke-hoach", "UBND TP.HCM", "Bản sửa", "2024-01-15", "", "", ""],
        ["301/KH-TN", "ke-hoach", "UBND TP.HCM", "Văn bản khác", "2024-01-16", "", "", ""],
        ["300 KH TN", "ke-hoach", "UBND TP.HCM", "Trùng", "2024-01-15", "", "", ""],
    ]
    report = Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "b.csv", second)), partial=True)
    assert (report.created, report.updated) == (1, 1)
    assert [(e.line, e.field) for e in report.errors] == [(4, "so_hieu")]
    assert LegalDocument.objects.get(number_key="300khtn").title == "Bản sửa"


def test_relations_reach_documents_of_later_batches(tmp_path, monkeypatch):
    monkeypatch.setattr("documents.importer.BATCH", 2)
    rows = [
        [
            "400/KH-TN",
            "ke-hoach",
            "UBND TP.HCM",
            "Thực hiện văn bản ở lô sau",
            "2024-01-15",
            "",
            "thuc-hien 403/QĐ-TN",
            "",
        ],
        ["401/KH-TN", "ke-hoach", "UBND TP.HCM", "Một", "2024-01-15", "", "", ""],
        ["402/KH-TN", "ke-hoach", "UBND TP.HCM", "Hai", "2024-01-15", "", "", ""],
        ["403/QĐ-TN", "quyet-dinh", "UBND TP.HCM", "Văn bản được thực hiện", "2024-01-10", "", "", ""],
    ]
    report = Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "a.csv", rows)))
    assert report.errors == [] and report.created == 4
    assert DocumentRelation.objects.filter(source__number="400/KH-TN", target__number="403/QĐ-TN").exists()
    again = Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "a.csv", rows)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
