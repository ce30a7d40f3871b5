#!/usr/bin/env bash
# Runs the whole pytest suite on SQLite, then on PostgreSQL when one answers.
# REQUIRE_POSTGRES=1 makes a missing PostgreSQL an error instead of a skip.
set -uo pipefail
PY="${1:-.venv/bin/python}"
export DJANGO_SETTINGS_MODULE=portal.settings.test
PYTEST_ARGS=(${PYTEST_ARGS:-})
# Two pytest-xdist workers by default (this machine has two cores); PYTEST_WORKERS=0 runs in one process.
WORKERS="${PYTEST_WORKERS:-2}"
if [ "$WORKERS" != "0" ]; then
  PYTEST_ARGS=(-n "$WORKERS" "${PYTEST_ARGS[@]}")
fi
START=$SECONDS
took() { echo "== tests took $((SECONDS - START)) s in all"; }
trap took EXIT

# The SQLite run measures coverage (sys.monitoring keeps its cost low) and fails below the floor
# set in pyproject.toml ([tool.coverage.report] fail_under). COVERAGE=0 turns it off.
COV_ARGS=()
if [ "${COVERAGE:-1}" != "0" ]; then
  export COVERAGE_CORE=sysmon
  COV_ARGS=(--cov --cov-report=)  # prints the total; `coverage report` lists the files
fi
echo "== pytest on SQLite"
env -u DATABASE_URL "$PY" -m pytest "${PYTEST_ARGS[@]}" "${COV_ARGS[@]}"
status=$?
echo "== SQLite run took $((SECONDS - START)) s"
if [ $status -ne 0 ]; then
  echo "SQLite run failed (exit $status)." >&2
  exit $status
fi

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal}"
case "$PG_URL" in
  postgres*) ;;
  *) PG_URL="postgres://postgres@127.0.0.1:5432/portal" ;;
esac
if "$PY" scripts/db-ping.py "$PG_URL"; then
  echo "== pytest on PostgreSQL ($PG_URL)"
  PG_START=$SECONDS
  DATABASE_URL="$PG_URL" "$PY" -m pytest "${PYTEST_ARGS[@]}"
  status=$?
  echo "== PostgreSQL run took $((SECONDS - PG_START)) s"
  [ $status -eq 0 ] || echo "PostgreSQL run failed (exit $status)." >&2
  exit $status
fi
if [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "REQUIRE_POSTGRES=1 but PostgreSQL at $PG_URL does not answer: the PostgreSQL run cannot happen." >&2
  exit 1
fi
echo "SKIPPED: the PostgreSQL run (no server answers at $PG_URL; set DATABASE_URL or REQUIRE_POSTGRES=1)."
