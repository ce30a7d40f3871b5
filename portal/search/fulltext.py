"""The database engine's word index: matching a query's folded words without reading the table.

portal.SearchEntry keeps each text folded (portal.text.words) as " word word " strings of ASCII
letters and digits; a query matches when every folded word is a whole word of `text_folded` (the
last one may be a prefix, for suggestions), or when its code key begins one of the row's `keys`.
No B-tree serves `LIKE '% doi %'`, so each database gets a word index:

PostgreSQL: GIN expression indexes on to_tsvector('simple', text_folded) and on
    to_tsvector('simple', keys) (migration portal 0008). The 'simple' configuration only lower-cases,
    and every folded word is one lexeme of itself, so `'chuyen' & 'doi' & 's':*` means exactly the
    whole-word LIKEs it replaces. Expression indexes keep themselves current: nothing to sync.
    Measured against a pg_trgm GIN index on 100,000 documents, it answers common words without
    rechecking each row (see the report of issue 13).
SQLite: an FTS5 table (external content: the index only, not a copy of the text) over the same
    two columns, kept in step with portal_searchentry by triggers whatever writes the rows (the
    indexing code, bulk_create, a queryset's update or delete, a test's factory). `ensure_sqlite`
    recreates it after a migration that rebuilt portal_searchentry (SQLite's ALTER TABLE copies the
    table and drops its triggers) and refills it.
Other databases fall back to the LIKEs, which need no index.
"""

import json

from django.db import connection
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "portal_searchentry_fts"
TEXT_INDEX = "search_entry_text_words"
KEYS_INDEX = "search_entry_keys_words"
CONFIG = "simple"


def vendor():
    return connection.vendor


def match_condition(query, prefix=False):
    """Every folded word as a whole word (the last one as a prefix when `prefix`), or the code."""
    tokens = list(query.tokens)
    key = query.key if query.has_code else ""
    if vendor() == "postgresql":
        return _postgresql(tokens, prefix, key)
    if vendor() == "sqlite":
        return _sqlite(tokens, prefix, key)
    return _like(tokens, prefix, key)


def _like(tokens, prefix, key):
    condition = Q()
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        pattern = f" {token}" if prefix and last else f" {token} "
        condition &= Q(text_folded__contains=pattern)
    if key:
        condition |= Q(keys__contains=f" {key}")
    return condition


def _terms(tokens, prefix, quote, star):
    """The tokens as the index's query language: each quoted, the last one starred for a prefix."""
    terms = [quote(token) for token in tokens]
    if prefix and terms:
        terms[-1] += star
    return terms


def _postgresql(tokens, prefix, key):
    from django.contrib.postgres.search import SearchQuery, SearchVectorExact

    def tsquery(terms):
        return SearchQuery(" & ".join(terms), config=CONFIG, search_type="raw")

    condition = Q(SearchVectorExact(text_vector(), tsquery(_terms(tokens, prefix, lambda t: f"'{t}'", ":*"))))
    if key:
        condition |= Q(SearchVectorExact(keys_vector(), tsquery([f"'{key}':*"])))
    return condition


def text_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("text_folded", config=CONFIG)


def keys_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("keys", config=CONFIG)


def _sqlite(tokens, prefix, key):
    words = " AND ".join(_terms(tokens, prefix, lambda t: f'"{t}"', "*"))
    expression = f"(text_folded : ({words}))"
    if key:
        expression += f' OR (keys : "{key}"*)'
    return Q(pk__in=RawSQL(SQLITE_MATCH, [expression]))  # noqa: S611 (constant SQL, the query bound)


def id_in(ids):
    """A subquery of these integer ids, as one parameter whatever their number (SQLite allows at
    most 32,766 parameters; a PostgreSQL IN list of thousands is slow to plan): for
    `filter(pk__in=id_in(ids))`."""
    ids = [int(pk) for pk in ids]
    if vendor() == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


class IdIn(Func):
    """`field` among these integer ids, as a condition with one parameter whatever their number:
    for `filter(IdIn("pk", ids))`. On PostgreSQL `field = ANY(array)`, whose number of rows the
    planner reads from the array: with `IN (SELECT unnest(array))` it assumed 200 distinct ids and
    joined the library's 32,000 matches for "chuyen doi so" one id at a time, each reading its
    document's row (about 1 s a query at 100,000 documents), where `ANY` lets it read the narrow
    index of the facets alone (an index-only scan) and test each id in a hash of the array."""

    output_field = BooleanField()

    def __init__(self, field, ids):
        super().__init__(F(field))
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s::bigint[])", [*params, self.ids]
        # The column is compiled SQL (a quoted name), the ids one parameter.
        return f"{column} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.ids)]  # noqa: S608


# --- SQLite: the FTS5 table and its triggers ---------------------------------------------------------

# Table and trigger names written out: SQL text with no interpolation.
SQLITE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS portal_searchentry_fts USING fts5(
    text_folded, keys, content='portal_searchentry', content_rowid='id', tokenize='unicode61', detail='column'
)"""
SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS portal_searchentry_fts_insert AFTER INSERT ON portal_searchentry BEGIN
        INSERT INTO portal_searchentry_fts(rowid, text_folded, keys) VALUES (new.id, new.text_folded, new.keys);
    END""",
    """CREATE TRIGGER IF NOT EXISTS portal_searchentry_fts_delete AFTER DELETE ON portal_searchentry BEGIN
        INSERT INTO portal_searchentry_fts(portal_searchentry_fts, rowid, text_folded, keys)
        VALUES ('delete', old.id, old.text_folded, old.keys);
    END""",
    """CREATE TRIGGER IF NOT EXISTS portal_searchentry_fts_update AFTER UPDATE OF text_folded, keys
    ON portal_searchentry BEGIN
        INSERT INTO portal_searchentry_fts(portal_searchentry_fts, rowid, text_folded, keys)
        VALUES ('delete', old.id, old.text_folded, old.keys);
        INSERT INTO portal_searchentry_fts(rowid, text_folded, keys) VALUES (new.id, new.text_folded, new.keys);
    END""",
]
SQLITE_REBUILD = "INSERT INTO portal_searchentry_fts(portal_searchentry_fts) VALUES ('rebuild')"
SQLITE_MATCH = "SELECT rowid FROM portal_searchentry_fts WHERE portal_searchentry_fts MATCH %s"
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS portal_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS portal_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS portal_searchentry_fts_update",
    "DROP TABLE IF EXISTS portal_searchentry_fts",
]


def _sqlite_triggers(cursor):
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", ["portal_searchentry_fts_%"]
    )
    return cursor.fetchone()[0]


def ensure_sqlite(using_connection=None):
    """Create the FTS5 table and its triggers where one is missing, and fill the table from the
    rows then: idempotent, a no-op when everything is there or on another database."""
    conn = using_connection or connection
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        if _sqlite_triggers(cursor) == len(SQLITE_TRIGGERS):
            return False
        cursor.execute(SQLITE_TABLE)
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(SQLITE_REBUILD)
    return True


def drop_sqlite(using_connection=None):
    conn = using_connection or connection
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        for statement in SQLITE_DROP:
            cursor.execute(statement)
