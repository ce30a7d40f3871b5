"""The same relevance set and visibility rules against a real Elasticsearch server. Skipped with
the reason unless ELASTICSEARCH_URL names one (e.g. a local docker.elastic.co/elasticsearch 8.x or
9.x with xpack.security.enabled=false); the indexes are named portal-test-* and deleted after."""

import pytest

from portal.search import elastic, search
from portal.search.sources import get_source, get_sources
from tests.factories import LegalDocumentFactory
from tests.search.test_relevance import evaluate, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_index(live_elasticsearch):
    elastic.rebuild(get_sources())
    yield
    es = elastic.client(timeout=30)
    es.indices.delete(index="portal-test-*", ignore_unavailable=True, allow_no_indices=True)


def test_relevance_on_elasticsearch(live_index, capsys):
    assert search("chuyen doi so").engine == "elasticsearch"
    recall, mrr, count, misses = evaluate(fuzzy=True)
    # Every query was answered by Elasticsearch, not by the database fallback.
    assert not elastic.is_cooling_down(), elastic._state["last_error"]
    report(capsys, "elasticsearch", recall, mrr, count, misses)
    assert recall >= 0.95


def test_acceptance_on_elasticsearch(live_index):
    results = search("chuyen doi so")
    assert results.engine == "elasticsearch"
    assert any("chuyển đổi số" in hit.title.lower() for hit in results.hits)
    assert search("593 kh ubnd").best_bet.url == "/van-ban/kh-593-kh-ubnd-2022/"
    reference = {hit.url for hit in search("đổi", page_size=200).hits}
    assert {hit.url for hit in search("doi", page_size=200).hits} == reference
    assert {hit.url for hit in search("Đổi", page_size=200).hits} == reference


def test_drafts_never_reach_elasticsearch(live_index):
    draft = LegalDocumentFactory(title="Dự thảo trên máy chủ tìm kiếm qzvx", live=False)
    elastic.write(get_source("documents"), [draft.pk])
    elastic.client().indices.refresh(index="portal-test-*")
    assert search("qzvx").total == 0
