"""The ranking's exports: CSV and JSON streamed, XLSX written row by row; the published figures only."""

import csv
import io
import json
from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db


def url(period, fmt):
    return f"/chi-tieu/chi-so-cds/{period.year}/xuat.{fmt}"


def expected_rows(period):
    return list(period.published_results.select_related("unit").order_by("rank", "unit_name"))


def test_csv_has_a_line_per_unit_with_each_main_index(client, published):
    response = client.get(url(published, "csv"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="chi-so-cds-{published.year}.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    results = expected_rows(published)
    assert [(int(line["hang"]), line["don_vi"]) for line in lines] == [(r.rank, r.unit_name) for r in results]
    first, result = lines[0], results[0]
    assert Decimal(first["tong_diem"]) == result.total and Decimal(first["diem_toi_da"]) == result.max_total
    for score in result.scores.all():
        assert first[f"cs{score.order}_ten"] == score.name
        assert Decimal(first[f"cs{score.order}_diem"]) == score.score
        assert int(first[f"cs{score.order}_hang"]) == score.rank
    assert first["url"].endswith(f"/chi-tieu/chi-so-cds/{published.year}/{result.unit.slug}/")


def test_json_has_the_period_and_each_result(client, published):
    response = client.get(url(published, "json"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["nam"] == published.year and data["so_don_vi"] == len(data["ket_qua"]) == 6
    result = expected_rows(published)[0]
    first = data["ket_qua"][0]
    assert (first["hang"], first["don_vi"], first["tong_diem"]) == (result.rank, result.unit_name, str(result.total))
    assert [item["thu_tu"] for item in first["chi_so_chinh"]] == [1, 2, 3, 4, 5]


def test_xlsx_has_the_same_rows(client, published):
    from openpyxl import load_workbook

    response = client.get(url(published, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("nam", "khoi", "hang", "don_vi")
    results = expected_rows(published)
    assert [(row[2], row[3]) for row in rows[1:]] == [(r.rank, r.unit_name) for r in results]
    assert Decimal(str(rows[1][header.index("tong_diem")])) == results[0].total


def test_the_ranking_page_links_the_exports(client, published):
    page = client.get(f"/chi-tieu/chi-so-cds/{published.year}/").content.decode()
    for fmt in ("csv", "json", "xlsx"):
        assert f'href="{url(published, fmt)}" download' in page
