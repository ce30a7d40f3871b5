"""nginx's page cache next to nginx serving a static file, on the production stack of deploy/
(tests/deploy/stack.py: nginx in front of gunicorn under portal.settings.production). Prints
requests per second for each; the goal is a cached page at 50% or more of the static file's rate.
Nothing is asserted.

    make seed && python bench/nginx.py            # the database of DATABASE_URL, db.sqlite3 by default
    BENCH_SECONDS=10 BENCH_CONNECTIONS=32 python bench/nginx.py

Uses wrk when installed (apt-get install -y wrk); otherwise a Python client, which is then the
limit rather than nginx, so its figures are only a floor. Needs Debian's nginx (NGINX names it).
"""

import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.stack import running_stack  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PAGES = ["/", "/cam-nang/"]


def wrk(url, host):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s", "-H", f"Host: {host}", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def python_client(url, host):
    """Keep-alive connections on threads for SECONDS; (requests per second, failures)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    counts, failures, stop = [0] * CONNECTIONS, [0] * CONNECTIONS, time.monotonic() + SECONDS

    def run(index):
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=10)
        while time.monotonic() < stop:
            connection.request("GET", parts.path, headers={"Host": host})
            response = connection.getresponse()
            response.read()
            counts[index] += 1
            failures[index] += response.status >= 400

    threads = [threading.Thread(target=run, args=(index,)) for index in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / SECONDS, sum(failures)


def seeded_database():
    """DATABASE_URL, else db.sqlite3 when it exists; None (and why) when there is neither."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if (ROOT / "db.sqlite3").exists():
        return f"sqlite:///{ROOT / 'db.sqlite3'}"
    print("No database: run `make seed` first (or set DATABASE_URL to a seeded one).")
    return None


def main():
    nginx = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(nginx, os.X_OK):
        print("nginx is not installed (apt-get install -y nginx): no figures.")
        return
    database = seeded_database()
    if database is None:
        return
    measure = wrk if shutil.which("wrk") else python_client
    client = "wrk" if measure is wrk else "Python client (install wrk for real figures)"
    secret = os.environ.get("SECRET_KEY") or "bench-only-" + os.urandom(16).hex()
    with running_stack(nginx, database_url=database, secret_key=secret, redis_url=os.environ.get("REDIS_URL"),
                       gunicorn_workers=2) as stack:  # fmt: skip
        base, host = f"https://127.0.0.1:{stack.ports['https']}", f"localhost:{stack.ports['https']}"
        manifest = json.loads((stack.tmp / "static" / "staticfiles.json").read_text())["paths"]
        static = "/static/" + next(hashed for name, hashed in sorted(manifest.items()) if name.endswith(".css"))
        rows = [("static file", static, stack.request(static))]
        for page in PAGES:
            stack.request(page)
            rows.append((f"cached page {page}", page, stack.request(page)))
        print(f"nginx {CONNECTIONS} connections, {SECONDS:g} s each, {client}; database {database.split('@')[-1]}")
        print(f"{'what':<24} {'status':>6} {'cache':>6} {'bytes':>7} {'req/s':>10} {'errors':>6} {'of static':>9}")
        static_rate = None
        for label, path, probe in rows:
            rate, errors = measure(base + path, host)
            static_rate = static_rate or rate
            print(
                f"{label:<24} {probe.status:>6} {probe.cache or '-':>6} {len(probe.body):>7} {rate:>10.0f} "
                f"{errors:>6} {rate / static_rate:>9.0%}"
            )
        print("goal: each cached page at 50% or more of the static file's rate")
        if any(probe.status != 200 or (path in PAGES and probe.cache != "HIT") for _label, path, probe in rows):
            print("A page was not a cached 200: is the database seeded (`make seed`)?")


if __name__ == "__main__":
    main()
