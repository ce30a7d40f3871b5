"""The open-data exports stream: the body is written while the rows are read, in chunks, with a
number of queries that does not grow with the rows."""

import csv
import io
import itertools
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import LegalDocument, RelationType
from portal.streaming import json_pieces
from tests.factories import (
    DocumentRelationFactory,
    IndicatorFactory,
    LegalDocumentFactory,
    LegalFieldFactory,
    MeasurementFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def add_documents(count):
    field = LegalFieldFactory(name="Lĩnh vực xuất", slug="linh-vuc-xuat")
    documents = LegalDocumentFactory.create_batch(count)
    through = LegalDocument.fields.through
    through.objects.bulk_create(through(legaldocument=document, legalfield=field) for document in documents)
    for source, target in itertools.pairwise(documents):
        DocumentRelationFactory(source=source, target=target, relation_type=RelationType.IMPLEMENTS)


def read(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        read(client.get(url))
    return len(queries)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_document_export_streams_with_queries_independent_of_rows(client, django_assert_max_num_queries, fmt):
    url = f"/van-ban/du-lieu-mo/{fmt}/"
    add_documents(5)
    few = queries_for(client, url)
    add_documents(45)
    with django_assert_max_num_queries(few):
        body = read(client.get(url))
    if fmt == "json":
        data = json.loads(body)
        assert data["count"] == len(data["documents"]) >= 50
        row = next(item for item in data["documents"] if item["linh_vuc"] == ["Lĩnh vực xuất"] and item["quan_he"])
        assert row["quan_he"][0]["url"].startswith("http://testserver/van-ban/")
    else:
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        ours = [row for row in rows if row["linh_vuc"] == "Lĩnh vực xuất"]
        assert len(ours) == 50
        assert sum(row["quan_he"].startswith("Thực hiện") for row in ours) == 4 + 44


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_kpi_export_streams_with_queries_independent_of_rows(client, django_assert_max_num_queries, fmt):
    url = f"/chi-tieu/du-lieu-mo/{fmt}/"

    def add_indicators(count):
        for indicator in IndicatorFactory.create_batch(count):
            TargetFactory(indicator=indicator)
            MeasurementFactory(indicator=indicator)

    add_indicators(5)
    few = queries_for(client, url)
    add_indicators(45)
    with django_assert_max_num_queries(few):
        body = read(client.get(url))
    assert body.decode("utf-8-sig").count("Tỷ lệ thử nghiệm số") >= 50


def test_head_request_reads_no_rows(client):
    add_documents(5)
    response = client.head("/van-ban/du-lieu-mo/csv/")
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == b""
    assert response["Content-Disposition"] == 'attachment; filename="van-ban.csv"'


def test_json_pieces_write_what_json_dumps_writes():
    value = {"count": 2, "items": [{"a": [1, {"b": "x\ny"}], "c": []}, {"a": "ê", "c": {}}], "empty": []}

    def lazy(item):
        if isinstance(item, list):
            return iter([lazy(each) for each in item])
        if isinstance(item, dict):
            return {key: lazy(each) for key, each in item.items()}
        return item

    for indent in (None, 1, 2):
        expected = json.dumps(value, indent=indent, ensure_ascii=False)
        assert "".join(json_pieces(lazy(value), indent=indent)) == expected


def test_the_exports_own_indenting_writer_writes_what_json_dumps_writes():
    """portal.streaming._indented stands in for json.dumps(indent=…) (pure Python, slow) on what
    the exports hold; what it does not know (NaN, a non-text key) goes to json.dumps."""
    rows = [
        {"a": 'ê"\\\n\t\x01đ\u2028', "n": [0, -5, 10**20, 1.5, 1e-7, 3.0], "t": (True, False, None)},
        {"nested": [{"x": []}, {}, [[]], {"y": {"z": "Đồng Tháp"}}], "empty": {}},
        {"nan": float("nan"), "inf": [float("inf")]},
        {1: "non-text key", "b": 2},
    ]
    for indent in (1, 2):
        for ensure_ascii in (False, True):
            expected = json.dumps({"rows": rows}, indent=indent, ensure_ascii=ensure_ascii)
            written = "".join(json_pieces({"rows": iter(rows)}, indent=indent, ensure_ascii=ensure_ascii))
            assert written == expected
