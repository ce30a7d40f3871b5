"""Search quality, measured: the relevance set (relevance.yaml) on each available engine, with
recall@5 and MRR printed. The database engines (SQLite and PostgreSQL, whichever this run uses)
must reach recall@5 of 0.95; Elasticsearch runs it when ELASTICSEARCH_URL names a server."""

from pathlib import Path

import pytest
import yaml
from django.db import connection

from portal.search import search

CASES = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text(encoding="utf-8"))
KINDS = {"no-diacritics", "partial-diacritics", "d-for-đ", "upper-case", "number", "misspelling"}


def evaluate(fuzzy=True):
    """Recall@5 (share of the expected content in the first five hits) and MRR (1 / rank of the
    first expected hit), averaged over the queries; and the queries that missed."""
    recalls, reciprocal_ranks, misses = [], [], []
    for case in CASES:
        if case.get("fuzzy") and not fuzzy:
            continue
        urls = [hit.url for hit in search(case["q"], page_size=5).hits[:5]]
        expected = set(case["expect"])
        recall = len(expected & set(urls)) / len(expected)
        rank = next((position for position, url in enumerate(urls, 1) if url in expected), None)
        recalls.append(recall)
        reciprocal_ranks.append(1 / rank if rank else 0)
        if recall < 1:
            misses.append((case["q"], urls))
    return sum(recalls) / len(recalls), sum(reciprocal_ranks) / len(reciprocal_ranks), len(recalls), misses


def report(capsys, engine, recall, mrr, count, misses):
    with capsys.disabled():
        print(f"\n[relevance] {engine}: recall@5 = {recall:.3f}, MRR = {mrr:.3f} over {count} queries")
        for query, urls in misses:
            print(f"[relevance]   missed in part: {query!r} -> {urls}")


def test_the_set_covers_every_kind_of_query():
    assert len(CASES) >= 40
    assert {case["kind"] for case in CASES} == KINDS
    assert sum(case["kind"] == "number" for case in CASES) >= 8


@pytest.mark.django_db
def test_relevance_on_the_database_engine(database_engine, capsys):
    """The database engine corrects one-letter misspellings from the portal's own words (when a
    query finds nothing), so the misspelt queries count here too."""
    recall, mrr, count, misses = evaluate(fuzzy=True)
    report(capsys, f"database ({connection.vendor})", recall, mrr, count, misses)
    assert recall >= 0.95
    assert mrr >= 0.8
