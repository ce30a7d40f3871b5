#!/usr/bin/env bash
# Runs the pytest suite on SQLite, then on PostgreSQL when one answers.
# REQUIRE_POSTGRES=1 makes a missing PostgreSQL an error instead of a skip.
#
# What runs where: every unit and integration test runs on both databases. The browser tests
# (marker `browser`: the interface, driven through Debian's chromium) run once, on PostgreSQL, the
# production database; without PostgreSQL they run on SQLite. Coverage is measured over both runs
# and fails below the floor in pyproject.toml ([tool.coverage.report] fail_under).
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

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal}"
case "$PG_URL" in
  postgres*) ;;
  *) PG_URL="postgres://postgres@127.0.0.1:5432/portal" ;;
esac
HAVE_PG=0
if "$PY" scripts/db-ping.py "$PG_URL"; then
  HAVE_PG=1
elif [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "REQUIRE_POSTGRES=1 but PostgreSQL at $PG_URL does not answer: the PostgreSQL run cannot happen." >&2
  exit 1
fi

# Coverage uses sys.monitoring, which keeps its cost low. COVERAGE=0 turns it off.
COV_ARGS=()
if [ "${COVERAGE:-1}" != "0" ]; then
  export COVERAGE_CORE=sysmon
  COV_ARGS=(--cov --cov-report=)  # prints the total; `coverage report` lists the files
fi

# The seeded test databases, built with the real migrations, SQLite's and PostgreSQL's side by side;
# every xdist worker then copies its engine's (tests/template_db.py). They are kept between runs in
# PORTAL_TEST_CACHE (default ~/.cache/portal-test-templates; PostgreSQL's as databases named
# test_portal_template_<key>), under a key over everything that decides their content, so a run
# after a change to the tests alone skips the build. TEMPLATE_DB_CACHE=0 builds them again anyway;
# TEMPLATE_DB=0 lets each worker migrate and seed its own, as a plain `pytest` does.
SQLITE_ENV=() PG_ENV=()
if [ "${TEMPLATE_DB:-1}" != "0" ]; then
  CACHE="${PORTAL_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/portal-test-templates}"
  TEMPLATES="$(mktemp -d -t portal-test-templates-XXXXXX)"
  cleanup() {
    rm -rf "$TEMPLATES"
    took
  }
  trap cleanup EXIT
  echo "== the seeded test databases (migrations and seed content; kept in $CACHE)"
  env -u DATABASE_URL "$PY" -m tests.template_db --cached sqlite:// "$CACHE" > "$TEMPLATES/sqlite.env" &
  sqlite_build=$!
  if [ $HAVE_PG = 1 ]; then
    "$PY" -m tests.template_db --cached "$PG_URL" "$CACHE" > "$TEMPLATES/pg.env" &
    pg_build=$!
    wait $pg_build || { echo "Building the PostgreSQL test database failed." >&2; exit 1; }
    PG_ENV=($(cat "$TEMPLATES/pg.env"))
  fi
  wait $sqlite_build || { echo "Building the SQLite test database failed." >&2; exit 1; }
  SQLITE_ENV=($(cat "$TEMPLATES/sqlite.env"))
  echo "== ready in $((SECONDS - START)) s"
fi

# Coverage is summed over both runs (the SQLite-only code paths count too): the SQLite run writes
# its data without judging it, the PostgreSQL run appends to it and fails below the floor.
SQLITE_COV=() PG_COV=()
if [ ${#COV_ARGS[@]} -gt 0 ] && [ $HAVE_PG = 1 ]; then
  SQLITE_COV=("${COV_ARGS[@]}" --cov-fail-under=0)
  PG_COV=("${COV_ARGS[@]}" --cov-append)
elif [ ${#COV_ARGS[@]} -gt 0 ]; then
  SQLITE_COV=("${COV_ARGS[@]}")
fi

if [ $HAVE_PG = 1 ]; then
  echo "== pytest on SQLite (the browser tests run on PostgreSQL below)"
  env -u DATABASE_URL "${SQLITE_ENV[@]}" "$PY" -m pytest "${PYTEST_ARGS[@]}" "${SQLITE_COV[@]}" -m "not browser"
else
  echo "== pytest on SQLite"
  env -u DATABASE_URL "${SQLITE_ENV[@]}" "$PY" -m pytest "${PYTEST_ARGS[@]}" "${SQLITE_COV[@]}"
fi
status=$?
echo "== SQLite run took $((SECONDS - START)) s"
if [ $status -ne 0 ]; then
  echo "SQLite run failed (exit $status)." >&2
  exit $status
fi

if [ $HAVE_PG = 0 ]; then
  echo "SKIPPED: the PostgreSQL run (no server answers at $PG_URL; set DATABASE_URL or REQUIRE_POSTGRES=1)."
  exit 0
fi
echo "== pytest on PostgreSQL ($PG_URL), with the browser tests"
PG_START=$SECONDS
env DATABASE_URL="$PG_URL" "${PG_ENV[@]}" "$PY" -m pytest "${PYTEST_ARGS[@]}" "${PG_COV[@]}"
status=$?
echo "== PostgreSQL run took $((SECONDS - PG_START)) s"
[ $status -eq 0 ] || echo "PostgreSQL run failed (exit $status)." >&2
exit $status
