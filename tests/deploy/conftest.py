"""tests/deploy: the production stack of deploy/ (tests/deploy/stack.py) on the test database
(PostgreSQL) and Redis. Skipped without nginx, failed without it when REQUIRE_NGINX=1."""

import os
import shutil
import socket

import pytest

from tests.conftest import _truthy, require_service
from tests.deploy.stack import database_url, running_stack


def pytest_configure(config):
    # Also in pyproject.toml's markers; registered here so that --strict-markers accepts it either way.
    config.addinivalue_line("markers", "deploy: runs nginx in front of gunicorn (tests/deploy)")


def require_nginx(reason):
    """Skip with the reason on a laptop; fail with it where nginx is required (CI: REQUIRE_NGINX=1)."""
    if _truthy("REQUIRE_NGINX"):
        pytest.fail(f"{reason} (REQUIRE_NGINX=1 requires it)", pytrace=False)
    pytest.skip(reason)


def nginx_binary():
    """NGINX names the binary; by default nginx on PATH, or Debian's /usr/sbin/nginx."""
    candidates = [os.environ["NGINX"]] if os.environ.get("NGINX") else [shutil.which("nginx"), "/usr/sbin/nginx"]
    found = next((path for path in candidates if path and os.access(path, os.X_OK)), None)
    if found is None:
        require_nginx(
            f"nginx is not installed (apt-get install -y nginx; looked for {', '.join(filter(None, candidates))})"
        )
    return found


def preflight():
    """Skip (or fail, REQUIRE_NGINX=1) before anything is set up when the stack cannot run."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the nginx stack runs on PostgreSQL only (gunicorn reads the test database): set DATABASE_URL")
    nginx = nginx_binary()
    if shutil.which("openssl") is None:
        require_nginx("openssl is not installed (it makes the stack's TLS certificate)")
    return nginx


def pytest_runtest_setup(item):
    # Before the fixtures: the seeded test database takes seconds to make, for nothing if skipped.
    if item.get_closest_marker("deploy"):
        preflight()


def redis_url():
    from urllib.parse import urlparse

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2).close()
    except OSError as exc:
        require_service("REQUIRE_REDIS", f"Redis does not answer at {url}: {exc}")
    return url


@pytest.fixture(scope="module")
def stack(request):
    from django.conf import settings
    from django.db import connection

    nginx = preflight()
    request.getfixturevalue("django_db_setup")
    with running_stack(
        nginx,
        database_url=database_url(connection.settings_dict),
        # The test's key: sessions and messages made in the test process are valid in gunicorn.
        secret_key=settings.SECRET_KEY,
        redis_url=redis_url(),
    ) as stack:
        yield stack
