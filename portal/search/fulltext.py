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
import secrets

from django.db import connection
from django.db.models import Q
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


# --- The index's generation: changed by every statement that writes portal_searchentry -------------
# A new random number each time, not a counter: a transaction that changed the index and rolled back
# leaves the old number, and a counter would hand the rolled-back transaction's number to the next
# change, under which that transaction may have cached answers from its own uncommitted rows. The
# number changes only when the change commits (it is a row), so no reader caches a change's answers
# under the number from before it.

GENERATION_TABLE = "portal_searchgeneration"
# PostgreSQL: once per statement (a bulk insert of 100,000 rows changes it once), TRUNCATE included.
POSTGRESQL_GENERATION = [
    """CREATE OR REPLACE FUNCTION portal_search_generation_raise() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE portal_searchgeneration SET value = (random() * 9e18)::bigint;
        RETURN NULL;
    END
    $$""",
    "DROP TRIGGER IF EXISTS portal_searchentry_generation ON portal_searchentry",
    """CREATE TRIGGER portal_searchentry_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON portal_searchentry
    FOR EACH STATEMENT EXECUTE FUNCTION portal_search_generation_raise()""",
]
POSTGRESQL_GENERATION_DROP = [
    "DROP TRIGGER IF EXISTS portal_searchentry_generation ON portal_searchentry",
    "DROP FUNCTION IF EXISTS portal_search_generation_raise()",
]
# SQLite has row triggers only: one small update per row written, inside the writer's transaction.
SQLITE_GENERATION = [
    """CREATE TRIGGER IF NOT EXISTS portal_searchentry_generation_insert AFTER INSERT ON portal_searchentry
    BEGIN UPDATE portal_searchgeneration SET value = random(); END""",
    """CREATE TRIGGER IF NOT EXISTS portal_searchentry_generation_update AFTER UPDATE ON portal_searchentry
    BEGIN UPDATE portal_searchgeneration SET value = random(); END""",
    """CREATE TRIGGER IF NOT EXISTS portal_searchentry_generation_delete AFTER DELETE ON portal_searchentry
    BEGIN UPDATE portal_searchgeneration SET value = random(); END""",
]
SQLITE_GENERATION_DROP = [
    "DROP TRIGGER IF EXISTS portal_searchentry_generation_insert",
    "DROP TRIGGER IF EXISTS portal_searchentry_generation_update",
    "DROP TRIGGER IF EXISTS portal_searchentry_generation_delete",
]


def ensure_generation(using_connection=None):
    """The generation's row and its triggers, where the table exists: idempotent. On SQLite a
    migration that rebuilds portal_searchentry drops its triggers, and a test database's flush
    empties the table; both are put back after `migrate` and `flush` (post_migrate)."""
    conn = using_connection or connection
    if GENERATION_TABLE not in conn.introspection.table_names():
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_searchgeneration")
        if not cursor.fetchone()[0]:
            cursor.execute("INSERT INTO portal_searchgeneration (id, value) VALUES (1, %s)", [secrets.randbits(62)])
        if conn.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'portal_searchentry_generation'")
            if not cursor.fetchone()[0]:
                for statement in POSTGRESQL_GENERATION:
                    cursor.execute(statement)
        elif conn.vendor == "sqlite":
            for statement in SQLITE_GENERATION:
                cursor.execute(statement)
    return True


def drop_generation(using_connection=None):
    conn = using_connection or connection
    statements = {"postgresql": POSTGRESQL_GENERATION_DROP, "sqlite": SQLITE_GENERATION_DROP}.get(conn.vendor, [])
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def generation():
    """The index's current generation (one tiny query), or None where it is not kept (another
    database, or a table just emptied): then nothing is read from or written to the cache."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return None  # no triggers keep it there
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM portal_searchgeneration WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None
