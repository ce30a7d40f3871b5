"""Search benchmark: the database engine's time per query as the index grows. Copies the seeded
site's search rows until there are BENCH_SEARCH_ROWS of them (10,000 by default), inside a
transaction that is rolled back, and times the service on a few queries. Prints; asserts nothing.

    DJANGO_SETTINGS_MODULE=portal.settings.dev .venv/bin/python bench/search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/search.py
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

from django.db import connection, transaction  # noqa: E402

from portal.models import SearchEntry  # noqa: E402
from portal.search import search, suggest  # noqa: E402

QUERIES = ["chuyen doi so", "593 kh ubnd", "kho du lieu dung chung", "Đồng Tháp", "cam nag chuyen doi so"]


class Rollback(Exception):
    pass


def timed(function, repeat=20):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run(rows):
    print(f"{rows} rows:")
    for query in QUERIES:
        results = search(query)
        print(f"  search {query!r:30} {timed(lambda q=query: search(q)):8.2f} ms p50, {results.total} hits")
    print(f"  suggest 'chuyen doi s'              {timed(lambda: suggest('chuyen doi s')):8.2f} ms p50")


def main():
    target = int(os.environ.get("BENCH_SEARCH_ROWS", "10000"))
    seeded = list(SearchEntry.objects.all())
    if not seeded:
        sys.exit("No search rows: run `make seed` (or manage.py rebuild_search_index) first.")
    print(f"database: {connection.vendor}")
    run(len(seeded))
    try:
        with transaction.atomic():
            copies, n = [], 0
            while len(seeded) + len(copies) < target:
                for entry in seeded:
                    n += 1
                    fields = {
                        f.attname: getattr(entry, f.attname) for f in SearchEntry._meta.fields if f.attname != "id"
                    }
                    copies.append(SearchEntry(**{**fields, "source": f"bench-{n}"}))
                    if len(seeded) + len(copies) >= target:
                        break
            SearchEntry.objects.bulk_create(copies, batch_size=1000)
            run(len(seeded) + len(copies))
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
