"""Running a script of real migrations on a new database of the suite's engine, in a subprocess:
the test database is shared by every test and cannot go back in time.

Each migration test starts from an older state of the project's apps (its BEFORE below). Migrating
an empty database there costs most of a minute on a slow machine, nearly all of it Django rendering
the historical models of Wagtail's and Django's own ~200 migrations. So the run builds, once, a
database that holds every migration the tests' starting states share and every other project's
migration that builds on none of ours left out (`pre_state_targets`); each test copies it and
applies only the migrations of ours that it needs. Without that copy (a plain `pytest`), a test
starts from an empty database, as it would on a new site.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.template_db import clone_pg_database

OUR_APPS = {"portal", "documents", "news", "home", "forum", "kpi", "dxindex", "consultations"}

# The state each migration test writes its old rows in.
BEFORE = {
    # Just before the registry's data migrations: Organisation exists, empty; the three old
    # registries hold the data.
    "organisations": [
        ("portal", "0006_organisation"),
        ("documents", "0005_media_models_in_portal"),
        ("forum", "0005_proposal_kind_and_category_names"),
        ("kpi", "0002_roles"),
    ],
    # Just before the stored choice values became English identifiers.
    "choice_values": [
        ("portal", "0007_organisation_roles"),
        ("forum", "0007_remove_unit"),
        ("documents", "0007_remove_issuer"),
        ("news", "0005_media_models_in_portal"),
        ("home", "0006_media_models_in_portal"),
        ("kpi", "0004_remove_place"),
    ],
    # Articles' documents and related articles still many-to-many; images without alt text.
    "choosers": [
        ("news", "0002_alter_articlepage_body_alter_bulletinpage_sections"),
        ("home", "0003_homepage_body_alter_handbookchapterpage_body_and_more"),
        ("documents", "0003_remove_legaldocument_unique_number_per_issuer_and_more"),
    ],
}

PRE_SQLITE_ENV = "PORTAL_TEST_MIGRATIONS_SQLITE"
PRE_PG_ENV = "PORTAL_TEST_MIGRATIONS_PG"


def pre_state_targets(graph):
    """The last migrations of the state every test can start from: what all the BEFORE states
    include, and every migration that depends on no migration of ours outside that."""
    shared = set.intersection(
        *(set().union(*(graph.forwards_plan(target) for target in state)) for state in BEFORE.values())
    )
    left_out = {node for node in graph.nodes if node[0] in OUR_APPS} - shared
    included = {node for node in graph.nodes if not left_out.intersection(graph.forwards_plan(node))}
    built_on = {parent.key for node in included for parent in graph.node_map[node].parents}
    return sorted(included - built_on)


def pre_state_for(vendor):
    """The starting database this run built for the engine (a file or a database name), or None."""
    return os.environ.get(PRE_SQLITE_ENV if vendor == "sqlite" else PRE_PG_ENV) or None


def _fresh_database_url(tmp_path, name):
    """A new database of the test database's engine, a copy of the run's starting database when
    there is one, else empty: a file for SQLite, a new database on the same server for PostgreSQL
    (its name is returned too, for dropping it)."""
    start = pre_state_for(connection.vendor)
    if connection.vendor != "postgresql":
        path = tmp_path / f"{name}.sqlite3"
        if start:
            shutil.copyfile(start, path)
        return f"sqlite:///{path}", None
    db = settings.DATABASES["default"]
    database = f"{name}_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        if start:
            clone_pg_database(cursor, start, database)
        else:
            cursor.execute(f'CREATE DATABASE "{database}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}", database


def run_migration_script(script_text, tmp_path, name):
    """Run the script on a new database and return the JSON its last output line holds; the
    script's error output is the failure message."""
    root = Path(settings.BASE_DIR)
    url, created = _fresh_database_url(tmp_path, name)
    script = tmp_path / "m.py"
    script.write_text(script_text, encoding="utf-8")
    try:
        result = subprocess.run(
            [sys.executable, str(script)],
            cwd=root,
            env={
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "portal.settings.test",
                "PYTHONPATH": str(root),
            },
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        if created:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
