"""The server's page cache (portal.page_cache): requests per second of gunicorn alone, under
portal.settings.production with the Redis cache, for anonymous pages with the page cache off and
on. Prints the figures; the goal is 1,000 requests/s or more from the cache. Nothing is asserted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench python bench/page_cache.py
    python bench/page_cache.py                  # db.sqlite3 (`make seed` first)
    BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_WORKERS=3 REDIS_URL=redis://127.0.0.1:6379/7 python bench/page_cache.py

REDIS_URL defaults to redis://127.0.0.1:6379/7; the bench's keys carry their own prefix and are
removed afterwards. Uses wrk when installed (apt-get install -y wrk), a Python client otherwise
(which is then the limit, so its figures are a floor). BENCH_PAGES adds paths (comma-separated).
The last row, a static file served by WhiteNoise in gunicorn, is the ceiling: gunicorn doing
nearly nothing per request on the same machine.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.nginx import python_client, seeded_database  # noqa: E402
from tests.deploy.stack import free_port, wait_for_port  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/7"
PAGES = ["/", "/tin-tuc/"]


def wrk(url, host):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s", "-H", f"Host: {host}", "-H", "X-Forwarded-Proto: https",
         url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = re.search(r"Latency\s+([\d.]+\w+)", output).group(1)
    return rate, int(errors.group(1)) if errors else 0, latency


def plain_python_client(url, host):
    """bench/nginx.py's client, over plain HTTP."""
    import http.client
    from unittest import mock

    with mock.patch.object(
        http.client,
        "HTTPSConnection",
        lambda host, port, context, timeout: http.client.HTTPConnection(host, port, timeout=timeout),
    ):
        rate, errors = python_client(url, host)
    return rate, errors, "-"


def probe(port, path, host):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("X-Page-Cache") or "-", len(body)


def environment(tmp, database, page_cache, prefix):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": database,
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "SECURE_PROXY_SSL_HEADER": "1",
        "SECURE_HSTS_SECONDS": "0",
        "TRUSTED_PROXIES": "127.0.0.1",
        "EMAIL_URL": "dummy://",
        "LOG_LEVEL": "WARNING",
        "ELASTICSEARCH_URL": "",
        "PAGE_CACHE": "1" if page_cache else "0",
    }
    env.pop("DEBUG", None)
    env.pop("FRONTEND_CACHE_PURGE_URL", None)
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout


def document_page(env):
    """The first published legal document's page, or None (an unseeded database)."""
    code = "from documents.models import LegalDocument as D\nd = D.objects.live().order_by('pk').first()\nprint(d.url if d else '')"
    try:
        return manage(env, "shell", "--no-imports", "-c", code).strip().splitlines()[-1] or None
    except (subprocess.CalledProcessError, IndexError):
        print("No published legal document: is the database seeded (`make seed`)?")
        return None


def static_file(tmp):
    import json

    manifest = json.loads((tmp / "static" / "staticfiles.json").read_text())["paths"]
    return "/static/" + next(hashed for name, hashed in sorted(manifest.items()) if name.endswith(".css"))


def forget_keys(prefix):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)


def run(tmp, database, page_cache, prefix, measure):
    env = environment(tmp, database, page_cache, prefix)
    port = free_port()
    log = tmp / f"gunicorn-{int(page_cache)}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--forwarded-allow-ips", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_port(port, process, log)
        pages = PAGES + [document_page(env)] + [p for p in os.environ.get("BENCH_PAGES", "").split(",") if p]
        pages.append(static_file(tmp))  # the ceiling: gunicorn answering with WhiteNoise, no page at all
        rows = []
        for path in pages:
            if not path:
                continue
            probe(port, path, "localhost")  # warms the workers (and the cache, when on)
            for _ in range(WORKERS):
                probe(port, path, "localhost")
            status, cache, size = probe(port, path, "localhost")
            rate, errors, latency = measure(f"http://127.0.0.1:{port}{path}", "localhost")
            rows.append((path, status, cache, size, rate, errors, latency))
        return rows
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


def main():
    database = seeded_database()
    if database is None:
        return
    measure = wrk if shutil.which("wrk") else plain_python_client
    client = "wrk" if measure is wrk else "Python client (install wrk for real figures)"
    tmp = Path(tempfile.mkdtemp(prefix="portal-page-cache-bench-"))
    prefix = f"bench-page-cache-{os.getpid()}"
    try:
        manage(environment(tmp, database, False, prefix), "collectstatic", "--noinput", "-v", "0")
        results = {}
        for page_cache in (False, True):
            results[page_cache] = run(tmp, database, page_cache, prefix, measure)
            time.sleep(1)
    finally:
        forget_keys(prefix)
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"gunicorn alone, {WORKERS} sync workers, {CONNECTIONS} connections, {SECONDS:g} s each, {client}; "
        f"database {database.split('@')[-1]}; Redis {REDIS_URL}"
    )
    print(f"{'page':<44} {'cache':>6} {'status':>6} {'bytes':>7} {'req/s':>9} {'latency':>8} {'errors':>6} {'gain':>6}")
    for (path, status, _cache, size, off, errors, latency), on_row in zip(results[False], results[True], strict=True):
        _p, on_status, on_cache, _s, on, on_errors, on_latency = on_row
        print(f"{path[:44]:<44} {'off':>6} {status:>6} {size:>7} {off:>9.0f} {latency:>8} {errors:>6}")
        print(
            f"{'':<44} {on_cache:>6} {on_status:>6} {size:>7} {on:>9.0f} {on_latency:>8} {on_errors:>6} {on / off:>5.1f}x"
        )
    print("goal: 1,000 requests/s or more from the cache (the rows marked HIT); the static file (WhiteNoise,")
    print("never cached: BYPASS) is what gunicorn answers at most on this machine, for comparison")


if __name__ == "__main__":
    main()
