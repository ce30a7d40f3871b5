"""Elasticsearch without a server: the index definitions, the analyzer and the query bodies the
service sends (golden JSON in tests/search/golden/; UPDATE_GOLDEN=1 rewrites them), the reading of
a response, and the fallback to the database when the server refuses connections or is slow."""

import http.server
import json
import os
import threading
import time
from pathlib import Path
from unittest import mock

import pytest

from documents.models import LegalDocument
from portal.models import SearchEntry
from portal.search import elastic, search, suggest
from portal.search.results import SearchQuery
from portal.search.sources import get_source, get_sources
from portal.search.tasks import update_search_index
from tests.factories import LegalDocumentFactory

GOLDEN = Path(__file__).parent / "golden"


def golden(name, value):
    path = GOLDEN / f"{name}.json"
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing: run with UPDATE_GOLDEN=1 once and review it"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), f"{path.name} differs"


# --- what is sent -----------------------------------------------------------------------------------


@pytest.mark.parametrize("icu", [False, True], ids=["asciifolding", "icu"])
def test_index_definition(icu):
    golden(
        f"index_{'icu' if icu else 'asciifolding'}", elastic.index_definition("portal-documents-1", icu=icu).to_dict()
    )


def test_the_analyzer_folds_diacritics_and_đ_and_keeps_an_exact_field():
    definition = elastic.index_definition("x", icu=False).to_dict()
    analyzers = definition["settings"]["analysis"]["analyzer"]
    # Lucene's ASCIIFoldingFilter maps đ/Đ to d/D and strips Vietnamese marks, after lower-casing.
    assert analyzers["vi_folded"]["filter"] == ["lowercase", "asciifolding"]
    assert analyzers["vi_exact"]["filter"] == ["lowercase"]
    assert elastic.index_definition("x", icu=True).to_dict()["settings"]["analysis"]["analyzer"]["vi_folded"] == {
        "type": "custom",
        "tokenizer": "icu_tokenizer",
        "filter": ["icu_folding"],
    }
    properties = definition["mappings"]["properties"]
    assert properties["title"]["fields"]["exact"]["analyzer"] == "vi_exact"
    assert properties["title"]["fields"]["raw"]["type"] == "keyword"
    for facet in ("kind", "year", "issuer", "validity", "keys"):
        assert properties[facet]["type"] in {"keyword", "integer"}


def test_query_body_for_words_with_filters():
    query = SearchQuery("Chuyển đổi số", {"type": ["van-ban"], "year": 2022})
    golden("query_words_filtered", elastic.query_body(query, page=2, page_size=12))


def test_query_body_for_a_document_number():
    body = elastic.query_body(SearchQuery("593 kh ubnd"))
    golden("query_number", body)
    codes = body["query"]["bool"]["must"][0]["bool"]["should"]
    assert {"term": {"keys": {"value": "593khubnd", "boost": 100}}} in codes


def test_suggest_body():
    golden("suggest", elastic.suggest_body(SearchQuery("chuyen doi s")))


@pytest.mark.django_db
def test_documents_sent_to_the_index():
    source = get_source("documents")
    (document,) = source.get_objects([LegalDocument.objects.get(number="593/KH-UBND").pk])
    body = elastic.document_body(source, document, source.to_item(document))
    assert body["keys"] == ["593khubnd"]
    assert body["kind"] == "van-ban"
    assert body["url"] == "/van-ban/kh-593-kh-ubnd-2022/"
    assert body["year"] == 2022
    assert body["issuer"] and body["validity"]
    # Every field sent is in the (strict) mapping.
    mapping = elastic.index_definition("x").to_dict()["mappings"]["properties"]
    assert set(body) <= set(mapping)


# --- what comes back ----------------------------------------------------------------------------------

RESPONSE = {
    "hits": {
        "total": {"value": 2, "relation": "eq"},
        "hits": [
            {
                "_score": 120.0,
                "_source": {
                    "source": "documents",
                    "kind": "van-ban",
                    "object_id": 19,
                    "title": "Kế hoạch 593/KH-UBND: Về triển khai",
                    "url": "/van-ban/kh-593-kh-ubnd-2022/",
                    "date": "2022-02-25",
                    "body": "",
                    "keys": ["593khubnd"],
                },
                "highlight": {"title": ["Kế hoạch <mark>593</mark>/<mark>KH</mark>-<mark>UBND</mark>: Về triển khai"]},
            },
            {
                "_score": 3.0,
                "_source": {
                    "source": "pages",
                    "kind": "tin-tuc",
                    "object_id": 7,
                    "title": "Tin &amp; sự kiện",
                    "url": "/tin-tuc/x/",
                    "date": None,
                    "body": "Thực hiện kế hoạch 593",
                    "keys": [],
                },
            },
        ],
    },
    "aggregations": {
        "type": {"values": {"buckets": [{"key": "van-ban", "doc_count": 1}, {"key": "tin-tuc", "doc_count": 1}]}},
        "year": {"values": {"buckets": [{"key": 2022, "doc_count": 1}]}},
        "issuer": {
            "values": {
                "buckets": [{"key": "ubnd-tphcm", "doc_count": 1, "label": {"buckets": [{"key": "UBND TP.HCM"}]}}]
            }
        },
        "validity": {"values": {"buckets": [{"key": "con-hieu-luc", "doc_count": 1}]}},
    },
}


@pytest.mark.django_db
def test_a_response_becomes_the_results_contract(settings, closed_port):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port}
    fake = mock.Mock()
    fake.search.return_value = RESPONSE
    with mock.patch.object(elastic, "client", return_value=fake):
        results = search("593 kh ubnd")
    assert results.engine == "elasticsearch"
    assert not results.degraded
    assert results.total == 2
    assert results.best_bet.url == "/van-ban/kh-593-kh-ubnd-2022/"
    assert str(results.best_bet.title_html).count("<mark>") == 3
    second = results.hits[1]
    assert second.date is None and str(second.type_label) == "Tin tức"
    assert "<mark>593</mark>" in second.snippet
    facets = {facet.name: facet for facet in results.facets}
    assert [(v.value, v.count) for v in facets["type"].values] == [("van-ban", 1), ("tin-tuc", 1)]
    assert facets["issuer"].values[0].label == "UBND TP.HCM"
    assert str(facets["validity"].values[0].label) == "Còn hiệu lực"
    sent = fake.search.call_args.kwargs
    assert set(sent["index"].split(",")) == {f"portal-{source.key}" for source in get_sources()}


# --- when the server is down or slow ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_closed_port_falls_back_to_the_database_within_two_seconds(client, elastic_down, caplog):
    start = time.monotonic()
    response = client.get("/tim-kiem/", {"q": "chuyen doi so"})
    elapsed = time.monotonic() - start
    assert response.status_code == 200
    assert elapsed < 2
    results = response.context["results"]
    assert results.engine == "database"
    assert results.degraded
    assert results.total > 40
    html = response.content.decode()
    assert "Elasticsearch" not in html and "lỗi" not in html.lower()
    assert any("answering from the database" in record.getMessage() for record in caplog.records)
    # Later readers do not wait for the server again during the cool-down.
    with mock.patch.object(elastic, "client", side_effect=AssertionError("not asked")):
        assert search("593 kh ubnd").best_bet.url == "/van-ban/kh-593-kh-ubnd-2022/"
        assert suggest("chuyen doi s")


@pytest.mark.django_db
def test_a_server_without_the_indexes_falls_back_to_the_database(settings, closed_port):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port}
    fake = mock.Mock()
    fake.search.return_value = {"_shards": {"total": 0}, "hits": {"total": {"value": 0}, "hits": []}}
    with mock.patch.object(elastic, "client", return_value=fake):
        results = search("chuyen doi so")
    assert results.engine == "database"
    assert results.total > 40


@pytest.mark.django_db
def test_a_slow_server_falls_back_to_the_database(settings, closed_port):
    from elastic_transport import ConnectionTimeout

    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port}
    fake = mock.Mock()
    fake.search.side_effect = ConnectionTimeout("timed out after 1.5 s")
    with mock.patch.object(elastic, "client", return_value=fake):
        results = search("chuyen doi so")
    assert results.engine == "database"
    assert results.total > 40


def test_the_search_client_gives_up_fast(settings):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": "http://127.0.0.1:9200", "TIMEOUT": 1.5}
    with mock.patch("elasticsearch.Elasticsearch") as constructor:
        elastic.client()
    assert constructor.call_args.kwargs == {"request_timeout": 1.5, "max_retries": 0, "retry_on_timeout": False}


@pytest.mark.django_db
def test_healthz_reports_elasticsearch_down_but_stays_ready(client, elastic_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "search": "unavailable (answering from the database)",
    }


@pytest.mark.django_db
def test_healthz_reports_elasticsearch_up(client, elastic_down):
    with mock.patch.object(elastic, "ping", return_value=True):
        assert client.get("/healthz").json()["search"] == "ok"


# --- index updates ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_with_elasticsearch_down_never_fails_the_save(elastic_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = LegalDocumentFactory(title="Văn bản lưu khi máy tìm kiếm hỏng qzvx")
    assert SearchEntry.objects.filter(source="documents", object_id=document.pk).exists()
    assert search("qzvx").total == 1


@pytest.mark.django_db
def test_a_failing_database_index_write_never_fails_the_save(django_capture_on_commit_callbacks):
    with (
        mock.patch("portal.search.indexing.refresh_database", side_effect=RuntimeError("disk full")),
        mock.patch("portal.search.indexing.enqueue") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        document = LegalDocumentFactory(title="Lưu dù chỉ mục lỗi")
    assert LegalDocument.objects.filter(pk=document.pk).exists()
    enqueue.assert_called_once_with("documents", [document.pk])


@pytest.mark.django_db
def test_publishing_schedules_the_elasticsearch_update(elastic_down, django_capture_on_commit_callbacks):
    document = LegalDocumentFactory(live=False)
    with (
        mock.patch("portal.search.indexing.enqueue") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        document.live = True
        document.save()
    enqueue.assert_called_once_with("documents", [document.pk])


@pytest.mark.django_db
def test_the_task_retries_later_where_the_backend_can_defer(elastic_down):
    document = LegalDocumentFactory()
    backend = mock.Mock(supports_defer=True)
    with (
        mock.patch("portal.search.tasks.task_backends", {"default": backend}),
        mock.patch("portal.search.indexing.enqueue") as enqueue,
    ):
        assert update_search_index.call("documents", [document.pk], 1) == "retrying"
        enqueue.assert_called_once_with("documents", [document.pk], 2, delay=30)
        assert update_search_index.call("documents", [document.pk], 5) == "failed"


@pytest.mark.django_db
def test_the_task_writes_to_elasticsearch(settings, closed_port):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port}
    document = LegalDocument.objects.get(number="593/KH-UBND")
    with mock.patch("elasticsearch.helpers.bulk", return_value=(1, [])) as bulk:
        assert update_search_index.call("documents", [document.pk]) == "ok"
    (action,) = bulk.call_args.args[1]
    assert action["_source"]["keys"] == ["593khubnd"]


@pytest.mark.django_db
def test_a_refused_update_fails_the_task_so_it_is_retried(settings, closed_port):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port}
    document = LegalDocument.objects.get(number="593/KH-UBND")
    refused = (0, [{"index": {"_id": document.pk, "status": 429, "error": "too many requests"}}])
    with mock.patch("elasticsearch.helpers.bulk", return_value=refused):
        assert update_search_index.call("documents", [document.pk]) == "failed"  # immediate backend: no defer
    gone = (0, [{"delete": {"_id": 123456, "status": 404}}])
    with mock.patch("elasticsearch.helpers.bulk", return_value=gone):
        elastic.reset_state()
        assert update_search_index.call("documents", [123456]) == "ok"


@pytest.mark.django_db
def test_rebuild_swaps_the_alias_in_one_step(settings, closed_port):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port}
    fake = mock.MagicMock()
    fake.indices.exists_alias.return_value = True
    fake.indices.get_alias.return_value = {"portal-documents-old": {}}
    with (
        mock.patch.object(elastic, "client", return_value=fake),
        mock.patch("elasticsearch.helpers.bulk", side_effect=lambda es, actions, **kw: (len(list(actions)), [])),
        mock.patch("elasticsearch.dsl.Index.create") as create,
    ):
        counts = elastic.rebuild([get_source("documents")])
    assert counts == {"documents": LegalDocument.objects.live().count()}
    create.assert_called_once()
    (actions,) = [call.kwargs["actions"] for call in fake.indices.update_aliases.call_args_list]
    assert actions[0]["add"]["alias"] == "portal-documents"
    assert actions[0]["add"]["index"].startswith("portal-documents-")
    assert actions[1] == {"remove": {"index": "portal-documents-old", "alias": "portal-documents"}}
    fake.indices.delete.assert_called_once_with(index="portal-documents-old", ignore_unavailable=True)


# --- over HTTP, against a stand-in server ----------------------------------------------------------


class _StandIn(http.server.BaseHTTPRequestHandler):
    """Answers like Elasticsearch (the client checks the product header) and records requests."""

    requests = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        type(self).requests.append((self.path, self.headers.get("Accept"), json.loads(self.rfile.read(length))))
        payload = json.dumps(RESPONSE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=8")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in(settings):
    _StandIn.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": f"http://127.0.0.1:{server.server_port}"}
    yield _StandIn.requests
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_the_client_sends_the_golden_body_over_http(stand_in):
    results = search("593 kh ubnd")
    assert results.engine == "elasticsearch"
    assert results.best_bet.url == "/van-ban/kh-593-kh-ubnd-2022/"
    ((path, accept, body),) = stand_in
    indexes, endpoint = path.split("?")[0].strip("/").split("/")
    assert endpoint == "_search"
    assert set(indexes.split(",")) == {f"portal-{source.key}" for source in get_sources()}
    assert "ignore_unavailable=true" in path
    assert "compatible-with=8" in accept
    assert body == elastic.query_body(SearchQuery("593 kh ubnd"))
    suggest("chuyen doi s")
    assert stand_in[-1][2] == elastic.suggest_body(SearchQuery("chuyen doi s"))
