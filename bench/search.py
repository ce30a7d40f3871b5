"""Search benchmark: the search service and the pages that search, timed at the library's current
size (grown first to BENCH_DOCUMENTS legal documents when set, with bench/grow.py's factory; the
benchmark documents are kept, `bench/grow.py --remove` deletes them). Prints p50 and p95 over
BENCH_REQUESTS requests per page (after one warm-up) and the number of SQL queries; asserts nothing.
BENCH_ONLY=/van-ban/ times only the pages whose URL starts with it (and not the service calls).
The pages are timed twice: with the search answers' cache off (every request reads and scores the
matches), then on (the repeated requests are answered from the cache of the index's generation).

    DJANGO_SETTINGS_MODULE=portal.settings.dev .venv/bin/python bench/search.py
    BENCH_DOCUMENTS=100000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/search.py
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

from documents.models import LegalDocument  # noqa: E402
from portal.models import SearchEntry  # noqa: E402
from portal.search import search, suggest  # noqa: E402

QUERIES = ["chuyen doi so", "593 kh ubnd", "kho du lieu dung chung", "Đồng Tháp", "cam nag chuyen doi so"]
URLS = [
    "/tim-kiem/?q=chuyen+doi+so",
    "/tim-kiem/?q=593+kh+ubnd",
    "/tim-kiem/goi-y/?q=chuyen+doi+s",
    "/van-ban/?q=chuyen+doi+so",
    "/van-ban/?q=123+qd+ubnd",
    "/van-ban/",
    "/van-ban/?loai=quyet-dinh&co-quan=ubnd-tphcm",
]


def percentiles(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def time_service(repeat):
    print(f"{'service call':50} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8}")
    calls = [(f"search({query!r})", lambda q=query: search(q).total) for query in QUERIES]
    calls.append(("suggest('chuyen doi s')", lambda: len(suggest("chuyen doi s"))))
    for label, call in calls:
        found = call()
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            call()
            timings.append((time.perf_counter() - start) * 1000)
        p50, p95 = percentiles(timings)
        print(f"{label:50} {found:>7} {p50:>8.1f} {p95:>8.1f}")


def search_cache(seconds):
    """Turn the search answers' cache (portal/search/cache.py) off (0) or on."""
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": seconds}


def time_pages(repeat, label=""):
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    print(f"{'page' + label:50} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    only = os.environ.get("BENCH_ONLY", "")
    for url in URLS:
        if not url.startswith(only):
            continue
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        query_count = len(queries)
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        p50, p95 = percentiles(timings)
        print(f"{url:50} {status:>6} {query_count:>7} {p50:>8.1f} {p95:>8.1f}")


def main():
    target = int(os.environ.get("BENCH_DOCUMENTS", "0"))
    if target:
        from grow import analyze, grow

        print(f"added {grow(target)} benchmark documents")
        analyze()
    if not SearchEntry.objects.exists():
        sys.exit("No search rows: run `make seed` (or manage.py rebuild_search_index) first.")
    repeat = int(os.environ.get("BENCH_REQUESTS", "20"))
    print(
        f"database: {connection.vendor}; {LegalDocument.objects.count()} documents, "
        f"{SearchEntry.objects.count()} search rows; {repeat} runs each after one warm-up"
    )
    # Every request computed (the search cache off), then again with the cache on: after the
    # warm-up request, the repeated requests of a page read the answers of its first one.
    search_cache(0)
    if not os.environ.get("BENCH_ONLY"):
        time_service(repeat)
    time_pages(repeat, " (search cache off)")
    search_cache(600)
    time_pages(repeat, " (search cache on, warm)")


if __name__ == "__main__":
    main()
