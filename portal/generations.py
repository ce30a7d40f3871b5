"""Generations: a number per subject ("search", "library") that database triggers renew on every
statement that writes one of the subject's tables, whatever issued it (the ORM, a bulk insert, a
queryset's update or delete, raw SQL, a test's factory). Answers computed from those tables can be
cached under the number (portal/search/cache.py): once a change is committed, the next request
reads a new number and so a new key; nothing is read from before the change.

The number is random rather than a counter. A transaction that wrote the tables sees its own new
number and may cache answers from its uncommitted rows under it; if it rolls back, the row goes
back to the old number, and a counter would give its number to the next change. The number changes
only when the change commits (it is a row), so no other reader caches a change's answers under the
number from before it.

PostgreSQL: one statement trigger per table (a bulk insert of 100,000 rows renews it once),
TRUNCATE included. SQLite has row triggers only: one small update per row written, inside the
writer's transaction; a migration that rebuilds a table on SQLite drops its triggers, and a test
database's flush empties the generations' table: `ensure()` puts both back after every `migrate`
and `flush` (post_migrate). Other databases keep no generation: `current()` is None, and callers
then compute every time.

Apps register their subjects, or add tables to one, in their AppConfig.ready():
`generations.register("library", ["documents_legaldocument", ...])`."""

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection as default_connection

TABLE = "portal_generation"
SUBJECTS = {
    "search": ("portal_searchentry",),
    # What every page asks before its own content (portal/chrome.py): the sites, the pages (routing,
    # menus, footer links), the view restrictions; apps add their settings' tables.
    "pages": ("wagtailcore_site", "wagtailcore_page", "wagtailcore_pageviewrestriction"),
    # What rendered fragments of pages show (portal/fragment_cache.py); apps add their tables.
    "fragments": ("wagtailcore_page", "portal_organisation", "portal_portaldocument", "portal_portalimage"),
}
EVENTS = ("insert", "update", "delete")

# Trigger and function names are built from the registered subjects and table names, which are
# constants of the code (never input), checked against a plain identifier pattern in register().
POSTGRESQL_FUNCTION = """CREATE OR REPLACE FUNCTION portal_generation_renew() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE portal_generation SET value = (random() * 9e18)::bigint WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$"""


def register(name, tables):
    for identifier in (name, *tables):
        if not identifier.replace("_", "").isalnum() or not identifier.isascii():
            raise ValueError(f"not a plain identifier: {identifier!r}")
    SUBJECTS[name] = tuple(dict.fromkeys((*SUBJECTS.get(name, ()), *tables)))  # several apps may add tables


def _postgresql_trigger(name):
    return f"portal_generation_{name}"


def _sqlite_trigger(name, table, event):
    return f"portal_generation_{name}_{table}_{event}"


def ensure(conn=None):
    """Every subject's row, and its triggers on those of its tables that exist: idempotent."""
    conn = conn or default_connection
    if conn.vendor not in ("postgresql", "sqlite"):
        return False
    existing = set(conn.introspection.table_names())
    if TABLE not in existing:
        return False
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(POSTGRESQL_FUNCTION)
        for name, tables in SUBJECTS.items():
            cursor.execute("SELECT count(*) FROM portal_generation WHERE name = %s", [name])
            if not cursor.fetchone()[0]:
                cursor.execute(
                    "INSERT INTO portal_generation (name, value) VALUES (%s, %s)", [name, secrets.randbits(62)]
                )
            for table in tables:
                if table in existing:
                    _create_triggers(conn, cursor, name, table)
    return True


def _create_triggers(conn, cursor, name, table):
    if conn.vendor == "postgresql":
        trigger = _postgresql_trigger(name)
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass", [trigger, table])
        if not cursor.fetchone()[0]:
            cursor.execute(
                f"CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION portal_generation_renew('{name}')"
            )
    else:
        for event in EVENTS:
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {_sqlite_trigger(name, table, event)} AFTER {event.upper()} ON {table} "  # noqa: S608 (identifiers checked in register())
                f"BEGIN UPDATE portal_generation SET value = random() WHERE name = '{name}'; END"
            )


def drop(conn=None):
    """Every trigger (the migration's reverse)."""
    conn = conn or default_connection
    existing = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        for name, tables in SUBJECTS.items():
            for table in tables:
                if conn.vendor == "postgresql" and table in existing:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {_postgresql_trigger(name)} ON {table}")
                elif conn.vendor == "sqlite":
                    for event in EVENTS:
                        cursor.execute(f"DROP TRIGGER IF EXISTS {_sqlite_trigger(name, table, event)}")
        if conn.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS portal_generation_renew()")


# A GET or HEAD request reads every generation once, in one query, when it first needs one
# (GenerationsMiddleware): all its cached answers belong to one state of the data. Not for other
# methods: a request that writes must see the numbers its own writes renewed.
_request = ContextVar("portal_generations", default=None)


def current(name):
    """The subject's current number (one small query, or none more in a GET request that already
    read them), or None where none is kept."""
    if default_connection.vendor not in ("postgresql", "sqlite"):
        return None
    memo = _request.get()
    if memo is not None:
        if not memo:
            with default_connection.cursor() as cursor:
                cursor.execute("SELECT name, value FROM portal_generation")
                memo.update(cursor.fetchall())
                memo.setdefault("", None)  # read, even if the table is empty
        return memo.get(name)
    with default_connection.cursor() as cursor:
        cursor.execute("SELECT value FROM portal_generation WHERE name = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else None


def stamp(*names):
    """The subjects' numbers joined for a cache key, or None where a database keeps none (then
    nothing may be cached: callers compute every time)."""
    values = [current(name) for name in names]
    if any(value is None for value in values):
        return None
    return ".".join(map(str, values))


def renew(name):
    """A new number for the subject, as any write to its tables would give: forgets every answer
    cached under it (tests; an operator's "forget the caches" without touching the data)."""
    with default_connection.cursor() as cursor:
        cursor.execute("UPDATE portal_generation SET value = %s WHERE name = %s", [secrets.randbits(62), name])
    memo = _request.get()
    if memo:
        memo.clear()  # read again, with the new number


@contextmanager
def read_once():
    """Within it, the generations are read once, in one query, when first needed (a GET request;
    a task or a test that reads many cached answers)."""
    token = _request.set({})
    try:
        yield
    finally:
        _request.reset(token)


class GenerationsMiddleware:
    """Reads the generations once per GET or HEAD request (see `current`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with read_once():
            return self.get_response(request)


def ensure_after_migrate(sender=None, using="default", **kwargs):
    """post_migrate (after `migrate` and after a test database's `flush`)."""
    from django.db import connections

    ensure(connections[using])
