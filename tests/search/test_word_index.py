"""The database engine's word index (portal/search/fulltext.py): the match is answered by an index
on each database (GIN on PostgreSQL, FTS5 on SQLite), means exactly the whole-word match it
replaced, stays in step with the rows, and scoring only the rows that can rank changes no order."""

import pytest
from django.db import connection
from django.db.models import F

from portal.models import SearchEntry
from portal.search import fulltext
from portal.search.database import matching, ranked, score_expression
from portal.search.results import SearchQuery
from tests.factories import SearchEntryFactory

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def entry(title, body="", keys=(), **kwargs):
    return SearchEntryFactory.indexed(title, body, keys, source="test-words", **kwargs)


def found(text, prefix=False):
    return set(matching(SearchQuery(text), sources=["test-words"], prefix=prefix).values_list("title", flat=True))


def test_whole_words_with_or_without_diacritics_and_the_code_in_any_form():
    entry("Chuyển đổi số ở Đồng Tháp", "song song")
    entry("Dời lịch họp", "")
    entry("Kế hoạch 593/KH-UBND", keys=["593khubnd"])
    assert found("chuyen doi so") == {"Chuyển đổi số ở Đồng Tháp"}
    assert found("ĐỒNG THÁP") == found("dong thap") == {"Chuyển đổi số ở Đồng Tháp"}
    assert found("doi") == {"Chuyển đổi số ở Đồng Tháp", "Dời lịch họp"}
    assert found("son") == set()  # whole words: "son" is not "song"
    assert found("chuyen doi s", prefix=True) == {"Chuyển đổi số ở Đồng Tháp"}
    assert found("593/KH-UBND") == found("593 kh ubnd") == found("593") == {"Kế hoạch 593/KH-UBND"}
    assert found("59") == found("593") and found("93") == set()  # a code it begins, never its tail
    assert found("kh 593") == {"Kế hoạch 593/KH-UBND"}


def test_ranking_only_the_rows_that_can_rank_keeps_the_order():
    """`ranked` scores only rows whose best possible score reaches the page: the same rows, in the
    same order, as scoring every row."""
    entry("Chuyển đổi số", "", date=None)
    for n in range(6):
        entry(f"Kế hoạch chuyển đổi số {n}", "chuyển đổi số " * (n % 2))
        entry(f"Báo cáo số {n}", "về chuyển đổi số trong năm" if n % 3 else "chuyển đổi, số liệu")
        entry(f"Chuyển đổi số liệu {n}", "kinh tế")
    rows = matching(SearchQuery("chuyển đổi số"), sources=["test-words"])
    for text in ["chuyển đổi số", "chuyen doi so", "so", "doi so"]:
        query = SearchQuery(text)
        rows = matching(query, sources=["test-words"])
        every = rows.annotate(score=score_expression(query)).order_by(
            "-score", F("date").desc(nulls_last=True), "title", "pk"
        )
        expected = [(row.pk, row.score) for row in every]
        assert len(expected) > 4
        for start, stop in [(0, 1), (0, 3), (2, 5), (0, 40)]:
            assert [(row.pk, row.score) for row in ranked(rows, query, start, stop)] == expected[start:stop]


def test_search_reads_the_threshold_from_its_facet_pass(django_assert_num_queries, settings):
    """The search page's grouped query also counts the rows by sure score: the page's threshold
    comes from it (one query fewer), with the same hits, in the same order, on every page and
    under a filter, as scoring every row."""
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": 0}  # every query runs
    from portal.search.database import DatabaseEngine, threshold_of

    for n in range(9):
        entry(f"Kế hoạch chuyển đổi số {n}", "chuyển đổi số " * (n % 2), kind="van-ban" if n % 3 else "tin-tuc")
        entry(f"Chuyển đổi số liệu {n}", "kinh tế", kind="tin-tuc")
        entry(f"Báo cáo {n}", "về chuyển đổi số trong năm", kind="van-ban")
    query = SearchQuery("chuyển đổi số")
    every = (
        matching(query)  # the seed's rows as well: the engine searches every source
        .annotate(score=score_expression(query))
        .order_by("-score", F("date").desc(nulls_last=True), "title", "pk")
    )
    for filters in [{}, {"type": ["van-ban"]}]:
        expected = [
            (row.source, row.object_id, row.score) for row in every if not filters or row.kind in filters["type"]
        ]
        assert len(expected) > 10
        for page in (1, 2, 3):
            with django_assert_num_queries(2):
                results = DatabaseEngine().search(SearchQuery("chuyển đổi số", filters), page=page, page_size=5)
            assert results.total == len(expected)
            assert [(hit.source, hit.object_id, hit.score) for hit in results.page] == expected[
                (page - 1) * 5 : page * 5
            ]
    scores = [(30, 2), (50, 1), (10, 4)]
    assert [threshold_of(scores, stop) for stop in (1, 2, 3, 4, 7, 8)] == [50, 30, 30, 10, 10, None]


@postgresql
@pytest.mark.parametrize(
    ("text", "index"), [("chuyen doi so", fulltext.TEXT_INDEX), ("593 kh ubnd", fulltext.KEYS_INDEX)]
)
def test_postgresql_matches_on_the_gin_indexes(text, index):
    """With a sequential scan ruled out, the planner can only answer from the word index: it must
    be usable for the match (the expression of the query is the index's)."""
    sql, params = matching(SearchQuery(text)).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan" in plan
    assert index in plan
    assert "Seq Scan" not in plan


@postgresql
def test_postgresql_serves_the_library_order_from_its_index():
    from documents.models import LegalDocument

    newest = LegalDocument.objects.live().order_by(F("issued_on").desc(nulls_last=True), "-pk")[:20]
    sql, params = newest.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "document_newest_first" in plan
    assert "Sort" not in plan


def fts_rowids(expression):
    with connection.cursor() as cursor:
        cursor.execute(fulltext.SQLITE_MATCH, [expression])
        return {row[0] for row in cursor.fetchall()}


@sqlite
def test_sqlite_matches_on_the_fts_table():
    sql = str(matching(SearchQuery("chuyen doi so")).query)
    assert f"{fulltext.FTS_TABLE} MATCH" in sql
    sql, params = matching(SearchQuery("chuyen doi so")).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [str(row[-1]) for row in cursor.fetchall()]
    assert any(fulltext.FTS_TABLE in step and "VIRTUAL TABLE INDEX" in step for step in plan), plan
    # The rows themselves are looked up by id, never scanned.
    assert f"SCAN {SearchEntry._meta.db_table}" not in [step.split(" VIRTUAL")[0] for step in plan], plan


@sqlite
def test_sqlite_fts_table_follows_saves_updates_and_deletes():
    row = entry("Kho dữ liệu dùng chung", keys=["1008khubnd"])
    assert fts_rowids('text_folded : "kho"') >= {row.pk}
    assert row.pk in fts_rowids('keys : "1008kh"*')
    row.text_folded = " ha tang so "
    row.save()
    assert row.pk not in fts_rowids('text_folded : "kho"')
    assert row.pk in fts_rowids('text_folded : "tang"')
    SearchEntry.objects.filter(pk=row.pk).update(keys=" 77tb ")
    assert row.pk not in fts_rowids('keys : "1008kh"*') and row.pk in fts_rowids('keys : "77tb"')
    row.delete()
    assert row.pk not in fts_rowids('text_folded : "tang"')
    bulk = SearchEntry.objects.bulk_create(
        [
            SearchEntry(source="test-words", object_id=n, title="x", url="/x/", text_folded=" khong gian mang ")
            for n in range(3)
        ]
    )
    assert {b.pk for b in bulk} <= fts_rowids('text_folded : "khong" AND text_folded : "mang"')


@sqlite
def test_sqlite_word_index_is_put_back_after_a_table_rebuild():
    """SQLite's ALTER TABLE copies the table and drops its triggers: after `migrate`,
    ensure_sqlite puts them back and refills the FTS table from the rows."""
    row = entry("Đô thị thông minh")
    fulltext.drop_sqlite()
    assert fulltext.ensure_sqlite() is True
    assert row.pk in fts_rowids('text_folded : "thong" AND text_folded : "minh"')
    assert fulltext.ensure_sqlite() is False  # everything there: nothing done
    entry("Thành phố thông minh")
    assert len(fts_rowids('text_folded : "minh"') & set(SearchEntry.objects.values_list("pk", flat=True))) >= 2
