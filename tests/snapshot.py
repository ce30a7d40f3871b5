"""A copy of the freshly seeded test database, restored in a moment instead of seeding again.

Transactional tests (the browser tests, whose live server needs committed data) commit what they
write. Loading the seed again after one costs seconds; restoring this copy costs milliseconds on
SQLite (its backup API) and a fraction of a second on PostgreSQL (a schema holding a copy of every
table, and the sequences' positions). tests/conftest.py restores it when a transactional test ends,
in place of Django's flush.
"""

import sqlite3

from django.db import connection, transaction

SCHEMA = "seed_snapshot"

_sqlite_copy = None
_pg_sequences = None


def take():
    """Copy the database as it is now (call it right after seeding)."""
    global _sqlite_copy, _pg_sequences
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _sqlite_copy = copy
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in _tables():
                # Identifiers only, read from the database's own catalogue.
                quoted, columns = connection.ops.quote_name(table), _columns(cursor, table)
                cursor.execute(f"CREATE TABLE {SCHEMA}.{quoted} AS SELECT {columns} FROM {quoted}")  # noqa: S608
            cursor.execute(
                "SELECT schemaname || '.' || quote_ident(sequencename), last_value FROM pg_sequences "
                "WHERE schemaname = 'public'"
            )
            _pg_sequences = cursor.fetchall()
        if not connection.get_autocommit():
            connection.commit()
    else:  # pragma: no cover - the suite runs on SQLite and PostgreSQL only
        raise RuntimeError(f"no seed snapshot for {connection.vendor}")


def restore():
    """Put the database back as it was when `take` ran, whatever a test left in it; the content
    types cached in this process go too (a test that emptied the tables made new ones, with new
    ids, that would otherwise outlive the restore and label new pages with another model's id)."""
    from django.contrib.contenttypes.models import ContentType

    _restore()
    ContentType.objects.clear_cache()


def _restore():
    if connection.vendor == "sqlite":
        if _sqlite_copy is None:
            raise RuntimeError("the seed snapshot was never taken")
        connection.ensure_connection()
        _sqlite_copy.backup(connection.connection)
        return
    if _pg_sequences is None:
        raise RuntimeError("the seed snapshot was never taken")
    tables = _tables()
    # One transaction, so that the deferred foreign keys are checked once every table is back.
    # DELETE, not TRUNCATE: the tables are small, and TRUNCATE makes new files for every table and
    # index (seconds on a busy machine).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        for table in tables:
            quoted, columns = connection.ops.quote_name(table), _columns(cursor, table)
            cursor.execute(f"INSERT INTO {quoted} ({columns}) SELECT {columns} FROM {SCHEMA}.{quoted}")  # noqa: S608
        for sequence, last_value in _pg_sequences:
            if last_value is None:
                cursor.execute("SELECT setval(%s, 1, false)", [sequence])
            else:
                cursor.execute("SELECT setval(%s, %s, true)", [sequence, last_value])


def _tables():
    return [table for table in connection.introspection.table_names() if not table.startswith("sqlite_")]


_column_cache = {}


def _columns(cursor, table):
    """The table's stored columns (generated ones are computed again on insert)."""
    if table not in _column_cache:
        cursor.execute(
            "SELECT quote_ident(column_name) FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s AND is_generated = 'NEVER' "
            "ORDER BY ordinal_position",
            [table],
        )
        _column_cache[table] = ", ".join(row[0] for row in cursor.fetchall())
    return _column_cache[table]
