"""Issue 11 item 4: the embedded SQLite database takes several editors and moderators at once.

Three parallel moderator "assign" POSTs gave 56 × 500 "database is locked": Django's default
(deferred) transactions read, then try to take the write lock, and SQLite refuses all but one of
them at once, whatever the busy timeout. The settings give SQLite WAL, a busy timeout and
immediate transactions; these tests read them as base.py computes them for a SQLite DATABASE_URL
and run parallel admin-style transactions (read, then update and log an event) through Django's
SQLite backend on a real database file, one connection per thread."""

import runpy
import threading
import time
from pathlib import Path

import pytest
from django.db import connections, transaction

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings" / "base.py"
WORKERS = 6


def settings_for(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    return runpy.run_path(str(BASE_SETTINGS))


def test_sqlite_is_configured_for_concurrent_writers(monkeypatch, tmp_path):
    options = settings_for(monkeypatch, f"sqlite:///{tmp_path / 'db.sqlite3'}")["DATABASES"]["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_other_databases_get_no_sqlite_options(monkeypatch):
    database = settings_for(monkeypatch, "postgres://postgres@127.0.0.1:5432/portal")["DATABASES"]["default"]
    assert "transaction_mode" not in database.get("OPTIONS", {})
    assert "init_command" not in database.get("OPTIONS", {})


@pytest.fixture
def sqlite_file(monkeypatch, tmp_path, django_db_blocker):
    """A connection alias on a SQLite file, configured as base.py configures the default one."""
    database = settings_for(monkeypatch, f"sqlite:///{tmp_path / 'portal.sqlite3'}")["DATABASES"]["default"]
    alias = "sqlite_concurrency"
    configured = connections.configure_settings({"default": dict(database), alias: dict(database)})
    connections.settings[alias] = configured[alias]
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE proposal (id integer PRIMARY KEY, status text, version integer)")
            cursor.execute(
                "CREATE TABLE event (id integer PRIMARY KEY AUTOINCREMENT, proposal_id integer, action text)"
            )
            cursor.execute("INSERT INTO proposal (id, status, version) VALUES (1, 'approved', 0)")
        connections[alias].close()
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def assign(alias, number, start, errors):
    """What a moderator's "assign" does in one transaction: read the proposal, then change it
    and record the event."""
    connection = connections[alias]
    try:
        start.wait(timeout=10)
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SELECT status, version FROM proposal WHERE id = 1")
            cursor.fetchone()
            time.sleep(0.15)  # the form's work between reading and writing: the transactions overlap
            cursor.execute("UPDATE proposal SET status = 'assigned', version = version + 1 WHERE id = 1")
            cursor.execute("INSERT INTO event (proposal_id, action) VALUES (1, %s)", [f"assigned-{number}"])
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()


def test_parallel_admin_transactions_all_succeed(sqlite_file):
    start, errors = threading.Barrier(WORKERS), []
    threads = [threading.Thread(target=assign, args=(sqlite_file, n, start, errors)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    with connections[sqlite_file].cursor() as cursor:
        cursor.execute("SELECT version FROM proposal WHERE id = 1")
        assert cursor.fetchone()[0] == WORKERS
        cursor.execute("SELECT count(*) FROM event")
        assert cursor.fetchone()[0] == WORKERS
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"
