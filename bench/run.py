"""Page benchmarks: time and query count per public page on the seeded site, through Django's
test client (no network). Prints its figures; nothing is asserted. "cpu ms" is this process's
CPU time per request (time.process_time): what another load on the machine changes least, so the
figure to compare between runs on a busy machine.

    make bench                      # seeded SQLite database, DEBUG off
    BENCH_REQUESTS=500 make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal make bench
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

URLS = [
    "/",
    "/cam-nang/",
    "/cam-nang/chinh-quyen-so/",
    "/gioi-thieu/",
    "/thu-vien/",
    "/van-ban/",
    "/van-ban/?q=chuyen+doi+so&loai=ke-hoach",
    "/van-ban/kh-681-kh-ubnd-2021/",
    "/van-ban/du-lieu-mo/csv/",
    "/tin-tuc/",
    "/tin-tuc/rss/",
    "/tin-tuc/hef-2022/",
    "/dien-dan/",
    "/ban-tin/so-1-thang-4-2022/",
    "/chi-tieu/",
    "/chi-tieu/kinh-te-so-grdp/",
    "/chi-tieu/du-lieu-mo/json/",
    "/tim-kiem/?q=chuyen+doi+so",
    "/tim-kiem/?q=593+kh+ubnd",
    "/tim-kiem/?q=chuyen+doi+so&nhom=van-ban&nam=2022",
    "/tim-kiem/goi-y/?q=chuyen+doi+s",
    "/healthz",
    "/sitemap.xml",
]


def main():
    settings.ALLOWED_HOSTS = ["*"]
    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    client = Client()
    print(f"database: {connection.vendor}; {requests} requests per page after one warm-up")
    print(
        f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
        if Path("/proc/loadavg").exists()
        else ""
    )
    print(f"{'page':50} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'cpu ms':>8}")
    for url in URLS:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        query_count = len(queries)  # read now: later requests reset the connection's query log
        timings = []
        cpu = time.process_time()
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        cpu = (time.process_time() - cpu) * 1000 / requests
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        rate = 1000 / statistics.mean(timings)
        print(f"{url:50} {status:>6} {query_count:>7} {p50:>8.2f} {p95:>8.2f} {rate:>8.0f} {cpu:>8.2f}")


if __name__ == "__main__":
    main()
