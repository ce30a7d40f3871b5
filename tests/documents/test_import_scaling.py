"""The importer at scale: all or nothing per file unless --partial, relations to rejected rows,
record and line numbers, progress in logs, and existing keys looked up in bounded queries."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.importer import Importer, read_rows
from documents.models import LegalDocument
from tests.documents.test_import import write_csv
from tests.factories import LegalDocumentFactory

pytestmark = pytest.mark.django_db


def row(number, title="Văn bản thử", date="2024-01-15", relation=""):
    return [number, "ke-hoach", "UBND TP.HCM", title, date, "", relation, ""]


def test_relation_to_a_row_rejected_in_the_same_file_is_a_row_error(tmp_path):
    rows = [
        row("500/KH-TN", relation="thuc-hien 501/KH-TN"),  # points at a row rejected below
        row("501/KH-TN", relation="thuc-hien 9999/KH-KHONG"),
        row("502/KH-TN", relation="thuc-hien 500/KH-TN"),  # and in turn at the first
        row("503/KH-TN"),
    ]
    report = Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "a.csv", rows)), partial=True)
    assert {(error.line, error.field) for error in report.errors} == {(2, "quan_he"), (3, "quan_he"), (4, "quan_he")}
    assert "dòng 3" in next(error.reason for error in report.errors if error.line == 2)
    assert report.created == 1
    assert list(LegalDocument.objects.filter(number__endswith="/KH-TN").values_list("number", flat=True)) == [
        "503/KH-TN"
    ]


def test_a_file_with_an_error_saves_nothing_and_prints_the_report(tmp_path):
    path = write_csv(tmp_path / "a.csv", [row("510/KH-TN"), row("511/KH-TN", date="31/02/2024")])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="--partial"):
        call_command("import_documents", str(path), stdout=out, stderr=err)
    assert not LegalDocument.objects.filter(number__in=["510/KH-TN", "511/KH-TN"]).exists()
    assert "bản ghi 2 (dòng 3), cột ngay_ban_hanh" in err.getvalue()
    assert "không nhập bản ghi nào" in out.getvalue()


def test_partial_imports_the_good_rows(tmp_path):
    path = write_csv(tmp_path / "a.csv", [row("520/KH-TN"), row("521/KH-TN", date="31/02/2024")])
    with pytest.raises(CommandError, match="1 bản ghi lỗi"):
        call_command("import_documents", str(path), "--partial", stdout=io.StringIO(), stderr=io.StringIO())
    assert LegalDocument.objects.filter(number="520/KH-TN").exists()
    assert not LegalDocument.objects.filter(number="521/KH-TN").exists()


def test_errors_give_record_number_and_the_physical_line_where_it_starts(tmp_path):
    rows = [row("530/KH-TN", title="Trích yếu\nnhiều\ndòng"), row("531/KH-TN", date="ngày sai")]
    report = Importer(base_dir=tmp_path).run(read_rows(write_csv(tmp_path / "a.csv", rows)))
    assert [(error.record, error.line) for error in report.errors] == [(2, 5)]
    assert not report.saved
    names = ["so_hieu", "loai", "co_quan_ban_hanh", "trich_yeu", "ngay_ban_hanh"]
    data = {"documents": [dict(zip(names, values[:5], strict=True)) for values in rows]}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    report = Importer(base_dir=tmp_path).run(read_rows(path))
    assert [(error.record, error.line) for error in report.errors] == [(2, 10)]


def test_progress_lines_when_the_output_is_not_a_terminal(tmp_path):
    path = write_csv(tmp_path / "a.csv", [row(f"{n}/CV-TIENDO") for n in range(1200)])
    out = io.StringIO()
    call_command("import_documents", str(path), "--progress-every", "500", stdout=out)
    lines = out.getvalue().splitlines()
    assert "Lưu văn bản: 500/1200" in lines and "Lưu văn bản: 1200/1200" in lines
    assert any(line.startswith("Cập nhật chỉ mục tìm kiếm: ") and line.endswith("/1200") for line in lines)
    assert "\r" not in out.getvalue()


def test_queries_do_not_grow_with_the_library(tmp_path, django_assert_max_num_queries):
    """Only the keys the file names are looked up: a larger library costs no more queries."""

    def import_one(number):
        path = write_csv(tmp_path / f"{number[:3]}.csv", [row(number, relation="thuc-hien 2393/QĐ-UBND")])
        return Importer(base_dir=tmp_path).run(read_rows(path))

    with CaptureQueriesContext(connection) as queries:
        assert import_one("540/KH-TN").created == 1
    LegalDocumentFactory.create_batch(60)
    with django_assert_max_num_queries(len(queries)) as later:
        assert import_one("541/KH-TN").created == 1
    reads = [query["sql"] for query in later.captured_queries if 'FROM "documents_legaldocument"' in query["sql"]]
    assert reads and all("WHERE" in sql for sql in reads)  # never the whole library
