"""The seeded test database, built once per run and copied by every pytest-xdist worker.

Migrating (about 250 migrations, most of them Wagtail's) and seeding cost each worker some 30 s of
CPU. `scripts/run-tests.sh` builds the SQLite and the PostgreSQL copies side by side before the
runs, with the real migrations, then each worker copies one (SQLite's backup API into its
in-memory database; PostgreSQL's CREATE DATABASE … TEMPLATE) with the media files the seed wrote.
Without the environment variables below, each worker migrates and seeds as before.

    python -m tests.template_db sqlite:////tmp/x/seeded.sqlite3 /tmp/x/media
    python -m tests.template_db postgres://postgres@127.0.0.1:5432/portal /tmp/x/media
    python -m tests.template_db --drop postgres://postgres@127.0.0.1:5432/portal

`scripts/run-tests.sh` keeps the built databases between runs (`--cached`): they are found again by
a key over everything that decides their content (the six apps' code, migrations and seed files,
this module and tests/migration_runs.py, the requirements, the Python and package versions), so a
run after a change to the tests alone skips the build, and any change to the apps rebuilds.

    python -m tests.template_db --cached sqlite:///ignored ~/.cache/portal-test-templates
    python -m tests.template_db --cached postgres://postgres@127.0.0.1:5432/portal ~/.cache/portal-test-templates

Each build prints the variable the runs read: PORTAL_TEST_TEMPLATE_SQLITE (the file) or
PORTAL_TEST_TEMPLATE_PG (the database's name), and PORTAL_TEST_TEMPLATE_MEDIA. On its way it keeps
the database the migration tests start from (tests/migration_runs.py), named by
PORTAL_TEST_MIGRATIONS_SQLITE or PORTAL_TEST_MIGRATIONS_PG.
"""

import fcntl
import hashlib
import importlib.metadata
import os
import re
import shutil
import sqlite3
import sys
import time
from pathlib import Path

SQLITE_ENV = "PORTAL_TEST_TEMPLATE_SQLITE"
PG_ENV = "PORTAL_TEST_TEMPLATE_PG"
MEDIA_ENV = "PORTAL_TEST_TEMPLATE_MEDIA"


def template_for(vendor):
    """The template this run provides for the engine, or None (then the worker builds its own)."""
    name = os.environ.get(SQLITE_ENV if vendor == "sqlite" else PG_ENV)
    return name or None


ROOT = Path(__file__).resolve().parents[1]
APPS = ("portal", "home", "news", "documents", "forum", "kpi", "dxindex", "consultations")
PG_KEY_ENV = "PORTAL_TEST_TEMPLATE_KEY"


def cache_key():
    """A digest of everything that decides the seeded databases' content."""
    digest = hashlib.sha256()
    files = [path for app in APPS for path in sorted((ROOT / app).rglob("*"))]
    files += [
        ROOT / "tests" / "template_db.py",
        ROOT / "tests" / "migration_runs.py",
        *sorted(ROOT.glob("requirements*.txt")),
    ]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".mo"}:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(sys.version.encode())
    digest.update("\n".join(_required_versions()).encode())
    return digest.hexdigest()[:12]


def _required_versions():
    """The installed version of each package the requirements files name (a tool installed by
    hand beside them changes nothing)."""
    versions = []
    for requirements in sorted(ROOT.glob("requirements*.txt")):
        for line in requirements.read_text().splitlines():
            name = re.split(r"[<>=!~;\[ ]", line.strip(), maxsplit=1)[0]
            if name and not name.startswith(("#", "-")):
                try:
                    versions.append(f"{name.lower()}=={importlib.metadata.version(name)}")
                except importlib.metadata.PackageNotFoundError:
                    versions.append(f"{name.lower()} missing")
    return sorted(versions)


def pg_template_name(url):
    import dj_database_url

    key = os.environ.get(PG_KEY_ENV)
    return f"test_{dj_database_url.parse(url)['NAME']}_template" + (f"_{key}" if key else "")


def build(url, media_root):
    """Migrate and seed a new database at `url` (SQLite file or PostgreSQL server) with the test
    settings; the seed's media files go to `media_root`."""
    started = time.monotonic()
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    server_url = url
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if os.path.exists(path):
            os.remove(path)
        variable, value = SQLITE_ENV, path
    else:
        value = pg_template_name(url)
        _recreate_pg_database(url, value)
        url = url.rsplit("/", 1)[0] + "/" + value
        variable = PG_ENV
    os.environ["DATABASE_URL"] = url
    os.makedirs(media_root, exist_ok=True)

    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = media_root
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from portal.management.commands.load_seed_content import run_seed_loaders
    from tests import migration_runs

    # First the state the migration tests start from, kept as it is (no seed, no post-migrate rows).
    executor = MigrationExecutor(connection)
    executor.migrate(migration_runs.pre_state_targets(executor.loader.graph))
    start_variable, start = _keep_migration_start(connection, server_url, value)
    call_command("migrate", verbosity=0, interactive=False)
    run_seed_loaders()
    connection.close()
    print(f"{start_variable}={start}")
    print(f"{variable}={value}")
    print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)


def _keep_migration_start(connection, server_url, name):
    """Copy the database as it is now for the migration tests; returns their variable and value."""
    from tests import migration_runs

    if connection.vendor == "sqlite":
        path = f"{name}.migrations-start"
        if os.path.exists(path):
            os.remove(path)
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return migration_runs.PRE_SQLITE_ENV, path
    connection.close()  # a database with a connection cannot be a template
    start = f"{name}_migrations"
    _recreate_pg_database(server_url, start, template=name)
    return migration_runs.PRE_PG_ENV, start


def _recreate_pg_database(url, name, create=True, template=None):
    with _pg_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def clone_pg_database(cursor, template, name):
    """CREATE DATABASE name TEMPLATE template, again while another worker is cloning it (PostgreSQL
    refuses a template that another session is using)."""
    for attempt in range(20):
        try:
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return
        except Exception:
            if attempt == 19:
                raise
            time.sleep(0.5)


def copy_into_test_database(connection, template):
    """Replace the worker's freshly created (empty) test database with the template's copy."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(template)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        name = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            clone_pg_database(cursor, template, name)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # the empty database's ids, cached while it was created
    media = os.environ.get(MEDIA_ENV)
    if media:
        from django.conf import settings

        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)


def cached(url, cache_root):
    """Print the variables of this engine's databases for the current key, building them first
    unless a complete earlier build is there; builds for other keys are removed."""
    key = cache_key()
    engine = "sqlite" if url.startswith("sqlite") else "pg"
    root = Path(cache_root).expanduser()
    folder = root / key
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / f"{engine}.env"
    with open(folder / f"{engine}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run building the same key: wait for it
        rebuild = os.environ.get("TEMPLATE_DB_CACHE", "1") == "0"
        if not rebuild and done.exists() and (engine == "sqlite" or _pg_databases_exist(url, done)):
            print(f"reusing the {engine} test databases built for {key}", file=sys.stderr)
        else:
            done.unlink(missing_ok=True)  # a build that fails half-way leaves nothing to reuse
            os.environ[PG_KEY_ENV] = key
            media = folder / f"media-{engine}"
            shutil.rmtree(media, ignore_errors=True)
            target = f"sqlite:///{folder / 'seeded.sqlite3'}" if engine == "sqlite" else url
            with open(folder / f"{engine}.env.new", "w") as out:
                real_stdout, sys.stdout = sys.stdout, out
                try:
                    build(target, str(media))
                    print(f"{MEDIA_ENV}={media}")
                finally:
                    sys.stdout = real_stdout
            os.replace(folder / f"{engine}.env.new", done)
    _prune(root, key, engine, url)
    sys.stdout.write(done.read_text())


def _pg_connect(url):
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _pg_databases_exist(url, env_file):
    names = [
        line.split("=", 1)[1]
        for line in env_file.read_text().split()
        if line.startswith(("PORTAL_TEST_TEMPLATE_PG=", "PORTAL_TEST_MIGRATIONS_PG="))
    ]
    with _pg_connect(url) as conn:
        found = conn.execute("SELECT count(*) FROM pg_database WHERE datname = ANY(%s)", [names]).fetchone()[0]
    return found == len(names) == 2


def _prune(root, key, engine, url):
    """Remove this engine's builds for other keys (older code)."""
    for folder in root.iterdir():
        if folder.is_dir() and folder.name != key:
            shutil.rmtree(folder / f"media-{engine}", ignore_errors=True)
            for name in (
                ("seeded.sqlite3", "seeded.sqlite3.migrations-start", f"{engine}.env", f"{engine}.lock")
                if engine == "sqlite"
                else (f"{engine}.env", f"{engine}.lock")
            ):
                (folder / name).unlink(missing_ok=True)
            if not any(folder.iterdir()):
                folder.rmdir()
    if engine == "pg":
        import dj_database_url

        prefix = f"test_{dj_database_url.parse(url)['NAME']}_template_"
        with _pg_connect(url) as conn:
            stale = [
                row[0]
                for row in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"])
                if not row[0].startswith(prefix + key)
            ]
            for name in stale:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if sys.argv[1] == "--cached":
        cached(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "--drop":  # the run is over: the PostgreSQL templates go
        _recreate_pg_database(sys.argv[2], pg_template_name(sys.argv[2]), create=False)
        _recreate_pg_database(sys.argv[2], pg_template_name(sys.argv[2]) + "_migrations", create=False)
    else:
        build(sys.argv[1], sys.argv[2])
