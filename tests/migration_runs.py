"""Running a script of real migrations on a fresh database of the suite's engine, in a subprocess:
the test database is shared by every test and cannot go back in time."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection


def _fresh_database_url(tmp_path, name):
    """A new empty database of the test database's engine: a file for SQLite, a new database on
    the same server for PostgreSQL (its name is returned too, for dropping it)."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / f'{name}.sqlite3'}", None
    db = settings.DATABASES["default"]
    database = f"{name}_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}", database


def run_migration_script(script_text, tmp_path, name):
    """Run the script on a fresh database and return the JSON its last output line holds; the
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
