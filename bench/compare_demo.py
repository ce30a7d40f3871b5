"""The portal next to the Wagtail demo (wagtail/bakerydemo) on this machine: requests per second of
gunicorn alone, uncached, for comparable page types, and each page's SQL query count (issue 13:
every page type at least 2x the demo's rate with at most half its queries). Nothing is asserted.

The demo is not part of this repository: build it beside the project first (see the section
"Comparing with the Wagtail demo" of the README) and point this script at it:

    BAKERYDEMO_DIR=/tmp/bakerydemo BAKERYDEMO_PYTHON=/tmp/bakery-venv/bin/python \\
        DATABASE_URL=sqlite:////tmp/bakery-portal.sqlite3 .venv/bin/python bench/compare_demo.py
    ... --rounds 3 --seconds 10 --connections 8 --workers 2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bakery \\
        BAKERYDEMO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bakerydemo_bench ... compare_demo.py

Both sites run the same gunicorn (sync workers, --workers N) with DEBUG off and persistent database
connections: the portal under portal.settings.production without Redis, so with PAGE_CACHE=0 and
local-memory caches; the demo under its bakerydemo.settings.production. In each round a page type's
two pages are measured back to back, the order alternating, so that both meet the same load; the
ratio is the median of the rounds' ratios. Each page is requested a few times before it is
measured (templates compiled, image renditions made). wrk when installed (apt-get install -y wrk), else a Python client (then
the client is the limit and the figures are a floor). The load average is printed with each
round: another process on the machine skews the figures, so read them on an idle machine.
Query counts come from Django's test client with CaptureQueriesContext, run in each site's own
Python (the second request of a page, so that one-off work such as renditions is not counted),
and the gunicorn workers' CPU time per request is read from /proc around each run: other
processes on the machine skew it far less than requests per second.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.page_cache import environment as page_cache_environment  # noqa: E402
from tests.deploy.stack import free_port, wait_for_port  # noqa: E402

HOST = "localhost"
HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}

# (page type, the portal's path, the demo's comparable path). None: found in the database.
PAIRS = [
    ("home", "/", "/"),
    ("news list", "/tin-tuc/", "/blog/"),
    ("library", "/van-ban/", "/breads/"),
    ("article", None, "/blog/wild-yeast/"),
    ("legal document", None, "/breads/bagel/"),
    ("bulletin", None, "/blog/sliced-bread/"),
    ("search", "/tim-kiem/?q=chuyen+doi+so", "/search/?q=bread"),
    ("forum", "/dien-dan/", "/locations/"),
    ("KPI", "/chi-tieu/", "/locations/"),
]

DISCOVER = """
from documents.models import LegalDocument
from news.models import ArticlePage
from wagtail.models import Page
import json
article = ArticlePage.objects.live().order_by("-first_published_at").first()
document = LegalDocument.objects.live().order_by("pk").first()
bulletin = next((p for p in Page.objects.live().specific().order_by("path")
                 if type(p).__name__ == "BulletinPage"), None)
print(json.dumps({"article": article and article.url, "legal document": document and document.url,
                  "bulletin": bulletin and bulletin.url}))
"""

# Run by each site's own Python: Django's test client, counting the queries of the second request.
COUNT_QUERIES = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(headers={"host": sys.argv[1], "x-forwarded-proto": "https"})
result = {}
for path in sys.argv[2:]:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    result[path] = [response.status_code, len(queries)]
print("COUNTS " + json.dumps(result))
"""


def options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo-dir", default=os.environ.get("BAKERYDEMO_DIR"), help="BAKERYDEMO_DIR")
    parser.add_argument("--demo-python", default=os.environ.get("BAKERYDEMO_PYTHON"), help="BAKERYDEMO_PYTHON")
    parser.add_argument(
        "--demo-database",
        default=os.environ.get("BAKERYDEMO_DATABASE_URL"),
        help="BAKERYDEMO_DATABASE_URL (default: the demo's SQLite file bakerydemodb)",
    )
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", "8")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "2")))
    parser.add_argument("--no-queries", action="store_true", help="skip the query counts")
    parser.add_argument("--only", help="comma-separated page types (e.g. home,bulletin)")
    args = parser.parse_args()
    if not args.demo_dir or not (Path(args.demo_dir) / "manage.py").exists():
        parser.error("BAKERYDEMO_DIR (or --demo-dir) must name the demo's directory (with manage.py)")
    args.demo_dir = Path(args.demo_dir).resolve()
    if not args.demo_python:
        parser.error("BAKERYDEMO_PYTHON (or --demo-python) must name the demo's Python (its own virtualenv)")
    if not args.demo_database:
        args.demo_database = f"sqlite:///{args.demo_dir / 'bakerydemodb'}"
    return args


def portal_database():
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if (ROOT / "db.sqlite3").exists():
        return f"sqlite:///{ROOT / 'db.sqlite3'}"
    sys.exit("No database: set DATABASE_URL to a seeded one (or run `make seed`).")


def portal_environment(tmp, database):
    """bench/page_cache.py's production environment, without Redis: PAGE_CACHE=0, local-memory caches."""
    env = page_cache_environment(tmp, database, False, "compare-demo")
    for name in ("REDIS_URL", "CACHE_KEY_PREFIX", "PYTHONPATH"):
        env.pop(name, None)
    return env


def demo_environment(args):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE")) and key != "PYTHONPATH"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bakerydemo.settings.production",
        DJANGO_SECRET_KEY="bench-only-" + os.urandom(16).hex(),
        DJANGO_DEBUG="off",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=args.demo_database,
        PYTHONPATH=str(args.demo_dir),
    )
    return env


class Site:
    def __init__(self, name, python, cwd, wsgi, env, pages, tmp):
        self.name, self.python, self.cwd, self.wsgi, self.env = name, python, cwd, wsgi, env
        self.pages, self.tmp, self.process, self.port = pages, tmp, None, None

    def start(self, workers):
        self.port = free_port()
        log = self.tmp / f"gunicorn-{self.name}.log"
        self.process = subprocess.Popen(
            [self.python, "-m", "gunicorn", self.wsgi, "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--forwarded-allow-ips", "127.0.0.1"],
            cwd=self.cwd, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_for_port(self.port, self.process, log)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, len(body)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_cpu(self):
        """CPU seconds used so far by the gunicorn workers (the master's children), from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        total = 0
        for child in children:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def query_counts(self, paths):
        output = subprocess.run(
            [self.python, "-c", COUNT_QUERIES, HOST, *paths],
            cwd=self.cwd, env=self.env, capture_output=True, text=True,
        )  # fmt: skip
        line = next((line for line in output.stdout.splitlines() if line.startswith("COUNTS ")), None)
        if line is None:
            print(f"query counts of {self.name} failed:\n{output.stderr[-2000:]}")
            return {}
        return json.loads(line[len("COUNTS ") :])


def measure_wrk(url, seconds, connections):
    headers = [item for name, value in HEADERS.items() for item in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", *headers, url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0, total


def measure_python(url, seconds, connections):
    """Connections on threads for `seconds`: (requests per second, failures, requests)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    counts, failures, stop = [0] * connections, [0] * connections, time.monotonic() + seconds

    def run(index):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.monotonic() < stop:
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            counts[index] += 1
            failures[index] += response.status >= 400

    threads = [threading.Thread(target=run, args=(index,)) for index in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds, sum(failures), sum(counts)


def loadavg():
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main():
    args = options()
    measure = measure_wrk if shutil.which("wrk") else measure_python
    client = "wrk -t2" if measure is measure_wrk else "Python client (install wrk for real figures)"
    tmp = Path(tempfile.mkdtemp(prefix="portal-compare-demo-"))
    database = portal_database()
    portal_env = portal_environment(tmp, database)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=portal_env, check=True
    )
    found = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", DISCOVER],
        cwd=ROOT, env=portal_env, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    found = json.loads(found)
    pairs = [(kind, ours or found.get(kind), theirs) for kind, ours, theirs in PAIRS]
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        pairs = [pair for pair in pairs if pair[0] in wanted]
    pairs = [pair for pair in pairs if pair[1]]
    portal = Site("portal", sys.executable, ROOT, "portal.wsgi", portal_env, [p[1] for p in pairs], tmp)
    demo_pages = list(dict.fromkeys(p[2] for p in pairs))
    demo = Site("demo", args.demo_python, args.demo_dir, "bakerydemo.wsgi", demo_environment(args), demo_pages, tmp)
    rates = {(kind, site.name): [] for kind, *_paths in pairs for site in (portal, demo)}
    cpu = {key: [] for key in rates}
    errors, sizes, loads = {}, {}, []
    try:
        for site in (portal, demo):
            site.start(args.workers)
            for path in site.pages:  # every worker renders each page (and makes its renditions) first
                for _ in range(2 * args.workers + 2):
                    sizes[(site.name, path)] = site.get(path)
        # Each page type's two pages are measured back to back, in turns: both meet the same load.
        for round_number in range(args.rounds):
            loads.append(f"round {round_number + 1}: before {loadavg()}")
            for index, (kind, ours, theirs) in enumerate(pairs):
                order = [(portal, ours), (demo, theirs)]
                if (round_number + index) % 2:
                    order.reverse()
                for site, path in order:
                    site.get(path)
                    before = site.worker_cpu()
                    rate, failed, requests = measure(site.url(path), args.seconds, args.connections)
                    rates[(kind, site.name)].append(rate)
                    cpu[(kind, site.name)].append((site.worker_cpu() - before) * 1000 / max(requests, 1))
                    errors[(site.name, path)] = errors.get((site.name, path), 0) + failed
            loads[-1] += f", after {loadavg()}"
    finally:
        portal.stop()
        demo.stop()
    counts = {}
    if not args.no_queries:
        counts["portal"] = portal.query_counts(portal.pages)
        counts["demo"] = demo.query_counts(demo.pages)
    shutil.rmtree(tmp, ignore_errors=True)
    report(args, client, database, pairs, rates, cpu, errors, sizes, counts, loads)


def report(args, client, database, pairs, rates, cpu, errors, sizes, counts, loads):
    median = {key: statistics.median(values) for key, values in rates.items() if values}
    cpu = {key: statistics.median(values) for key, values in cpu.items() if values}
    demo_median = statistics.median(median[(kind, "demo")] for kind, *_paths in pairs)
    print(
        f"gunicorn, {args.workers} sync workers each, {client}, {args.connections} connections, {args.seconds:g} s per "
        f"page, {args.rounds} rounds (each page type's two pages back to back, in turns); portal database "
        f"{database.split('@')[-1]}, demo database {args.demo_database.split('@')[-1]}"
    )
    for line in loads:
        print(line)
    print(
        "req/s: median of the rounds; ratio: median of the rounds' portal/demo ratios; q: SQL queries; cpu: the "
        "gunicorn workers' CPU ms per request during the runs (median), which other load skews far less than req/s; "
        "cpu ratio: demo cpu / portal cpu, the ratio an idle machine would show"
    )
    print(f"{'page type':<15} {'portal page':<32} {'req/s':>6} {'q':>3} {'cpu':>6}  {'demo page':<19} {'req/s':>6} "
          f"{'q':>3} {'cpu':>6}  {'ratio':>6} {'q ratio':>7} {'cpu ratio':>9}")  # fmt: skip
    for kind, ours, theirs in pairs:
        ratios = [a / b for a, b in zip(rates[(kind, "portal")], rates[(kind, "demo")], strict=True) if b]
        ratio = statistics.median(ratios) if ratios else float("nan")
        our_q = counts.get("portal", {}).get(ours, [None, None])[1]
        their_q = counts.get("demo", {}).get(theirs, [None, None])[1]
        our_cpu, their_cpu = cpu.get((kind, "portal")), cpu.get((kind, "demo"))
        q_ratio = f"{our_q / their_q:.2f}" if our_q is not None and their_q else "-"
        cpu_ratio = f"{their_cpu / our_cpu:.2f}x" if our_cpu and their_cpu else "-"
        print(
            f"{kind:<15} {ours[:32]:<32} {median[(kind, 'portal')]:>6.1f} {fmt(our_q, 'd'):>3} {fmt(our_cpu, '.1f'):>6}  "
            f"{theirs[:19]:<19} {median[(kind, 'demo')]:>6.1f} {fmt(their_q, 'd'):>3} {fmt(their_cpu, '.1f'):>6}  "
            f"{ratio:>5.2f}x {q_ratio:>7} {cpu_ratio:>9}"
        )
    print("rounds (req/s), status and bytes of the last warm-up, non-2xx responses:")
    for kind, ours, theirs in pairs:
        for site, path in (("portal", ours), ("demo", theirs)):
            status, size = sizes.get((site, path), ("-", "-"))
            values = " ".join(f"{v:6.1f}" for v in rates[(kind, site)])
            print(
                f"  {kind:<15} {site:<6} {path[:44]:<44} {values}  {status} {size:>6}B  errors {errors.get((site, path), 0)}"
            )
    print(f"demo median over its pages: {demo_median:.1f} req/s; goal: ratio >= 2x with q ratio <= 0.5")


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


if __name__ == "__main__":
    main()
