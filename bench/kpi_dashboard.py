"""KPI dashboard at scale (issue 14): grow the seeded KPI data to N indicators and M approved
measurements, then measure /chi-tieu/ at several sizes (the seed's, then 100, 250, …, N indicators
with proportional measurements): SQL queries, median and p95 render time, response size; the
streamed CSV export's time and peak memory; and the plan (EXPLAIN, ANALYZE on PostgreSQL) of the
measurements prefetch query at the largest size. Prints its figures; nothing is asserted (the
constant query count is asserted by tests/kpi/test_dashboard_scale.py, on this file's `grow`).

    .venv/bin/python bench/kpi_dashboard.py          # db.sqlite3 (`make seed` first)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/kpi_dashboard.py
    BENCH_INDICATORS=1000 BENCH_MEASUREMENTS=50000 BENCH_REQUESTS=20 .venv/bin/python bench/kpi_dashboard.py
    .venv/bin/python bench/kpi_dashboard.py --clean  # remove the benchmark indicators

The data it adds is benchmark data, not content, and is kept until `--clean`: indicators with the
slug "bench-…" named "[Thử tải] …", their targets in the seeded plans, and their measurements (all
approved, spread over the years 2000–2026, source "Dữ liệu thử tải"). Pages are rendered through
Django's test client with DEBUG, the page cache and the dashboard's own cache (KPI_CACHE_TIMEOUT) off.
"""

import heapq
import os
import random
import re
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
if __name__ == "__main__":
    # Measure what visitors get: no DEBUG, and every request rendered (not served from the cache).
    os.environ["DEBUG"] = "0"
    os.environ["PAGE_CACHE"] = "0"
    # The dashboard computed on every request (KPI_CACHE_TIMEOUT=600 measures it kept, as warm visitors get it).
    os.environ.setdefault("KPI_CACHE_TIMEOUT", "0")

import django
from django.apps import apps

if not apps.ready:
    django.setup()

from django.db import connection, transaction
from django.db.models import Count

from kpi.choices import Pillar
from kpi.models import Comparator, Indicator, Kind, Measurement, Plan, Review, Target

MARK = "bench-"
NAME = "[Thử tải] Chỉ tiêu số {n}: {subject}"
SOURCE = "Dữ liệu thử tải (bench/kpi_dashboard.py), không phải số liệu thật"
BATCH = 2000  # rows built and inserted at a time
FIRST_YEAR, LAST_YEAR = 2000, 2026
SUBJECTS = [
    "tỷ lệ hồ sơ trực tuyến toàn trình",
    "tỷ trọng kinh tế số trong GRDP",
    "tỷ lệ dân số trưởng thành có chữ ký số",
    "số doanh nghiệp công nghệ số",
    "tỷ lệ hộ gia đình có cáp quang",
    "thứ hạng chỉ số chuyển đổi số",
    "tỷ lệ thanh toán không dùng tiền mặt",
    "số sự cố an toàn thông tin",
]
# (kind, comparator, low, high): what the bench's indicators measure and where their figures lie.
KINDS = [
    (Kind.HIGHER, Comparator.AT_LEAST, 0, 100),
    (Kind.HIGHER, Comparator.AT_LEAST, 0, 100),
    (Kind.LOWER, Comparator.AT_MOST, 0, 50),
    (Kind.RANK, Comparator.AT_MOST, 1, 63),
]
SIZES = (100, 250, 500, 1000, 2000, 5000)


def bench_indicators():
    return Indicator.objects.filter(slug__startswith=MARK)


def _number(rng, low, high):
    return Decimal(str(round(rng.uniform(low, high), 2)))


def _add_indicators(rng, count, plans, places):
    """`count` indicators, each with one to three targets in the seeded plans, in batches."""
    start = bench_indicators().count()
    added = 0
    while added < count:
        size = min(BATCH, count - added)
        with transaction.atomic():
            batch, shapes = [], []
            for i in range(start + added, start + added + size):
                kind, comparator, low, high = rng.choice(KINDS)
                batch.append(
                    Indicator(
                        slug=f"{MARK}{i}",
                        name=NAME.format(n=i + 1, subject=rng.choice(SUBJECTS)),
                        pillar=rng.choice(Pillar.values),
                        unit="%" if high == 100 else "",
                        kind=kind,
                        comparator=comparator,
                        place=rng.choice(places),
                    )
                )
                shapes.append((low, high))
            created = Indicator.objects.bulk_create(batch)
            targets = []
            for indicator, (low, high) in zip(created, shapes, strict=True):
                for order, plan in enumerate(rng.sample(plans, rng.randint(1, min(3, len(plans))))):
                    targets.append(
                        Target(
                            indicator_id=indicator.pk,
                            plan=plan,
                            year=rng.choice([2025, 2026, 2028, 2030]),
                            value=_number(rng, low, high),
                            passage="Mục tiêu thử tải, không có trong văn bản thật.",
                            sort_order=order,
                        )
                    )
            Target.objects.bulk_create(targets, batch_size=BATCH)
        added += size


def _add_measurements(rng, count):
    """`count` approved measurements of the bench indicators, each to one of those with the fewest
    (so that they are spread evenly): an indicator's j-th measurement is of the year FIRST_YEAR + j,
    wrapping after LAST_YEAR to a later publication of the same year. Only a count per indicator is
    held, and a batch of rows at a time."""
    fewest = [
        (have, pk, 1 if kind == Kind.RANK else 0)  # a rank is 1 or more
        for pk, kind, have in bench_indicators().annotate(have=Count("measurements")).values_list("pk", "kind", "have")
    ]
    if not fewest or count <= 0:
        return 0
    heapq.heapify(fewest)
    span = LAST_YEAR - FIRST_YEAR + 1
    done = 0
    while done < count:
        rows = []
        for _ in range(min(BATCH, count - done)):
            j, pk, low = heapq.heappop(fewest)
            year = FIRST_YEAR + j % span
            rows.append(
                Measurement(
                    indicator_id=pk,
                    year=year,
                    value=_number(rng, low, 60),
                    source=SOURCE,
                    reported_on=date(year + 1, 3, 1) + timedelta(days=j // span),
                    review=Review.APPROVED,
                    sort_order=j,
                )
            )
            heapq.heappush(fewest, (j + 1, pk, low))
        with transaction.atomic():
            Measurement.objects.bulk_create(rows)
        done += len(rows)
    return done


def grow(indicators=500, measurements=20000):
    """Add benchmark indicators until there are `indicators` in all, then approved measurements of
    them until there are `measurements` in all (what the seed has counts). Returns (indicators
    added, measurements added). Deterministic: the same sizes make the same data."""
    plans = list(Plan.objects.select_related("place").order_by("slug"))
    if not plans:
        sys.exit("No KPI plans: load the seed first (manage.py load_seed_content).")
    places = list({plan.place_id: plan.place for plan in plans}.values())
    have = Indicator.objects.count()
    rng = random.Random(have * 100003 + Measurement.objects.count())
    new_indicators = max(0, indicators - have)
    _add_indicators(rng, new_indicators, plans, places)
    new_measurements = _add_measurements(rng, measurements - Measurement.objects.count())
    return new_indicators, new_measurements


def clean():
    """Remove the benchmark indicators with their targets and measurements; returns how many of
    each: (indicators, targets, measurements)."""
    with transaction.atomic():
        measurements, _kinds = Measurement.objects.filter(indicator__slug__startswith=MARK).delete()
        targets, _kinds = Target.objects.filter(indicator__slug__startswith=MARK).delete()
        indicators, _kinds = bench_indicators().delete()
    return indicators, targets, measurements


def analyze():
    """Fresh planner statistics after a bulk load (what autovacuum would do a little later)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Measuring ------------------------------------------------------------------------------------


def percentile(timings, fraction):
    ordered = sorted(timings)
    return ordered[max(0, min(len(ordered) - 1, round(len(ordered) * fraction) - 1))]


def measure_page(client, url, requests):
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: caches of the menu, the site and page URLs
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    captured = list(queries.captured_queries)  # read now: each request empties the log
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return response, captured, timings


def measure_csv(client, url, requests):
    from django.test.utils import CaptureQueriesContext

    def fetch():
        response = client.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content)
        return response, size

    fetch()
    with CaptureQueriesContext(connection) as queries:
        response, size = fetch()
    count = len(queries)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        fetch()
        timings.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()  # separately: tracing slows the run it watches
    fetch()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return response.status_code, size, count, timings, peak


def prefetch_query(captured):
    """The dashboard's measurements prefetch, as it was sent."""
    for query in captured:
        sql = query["sql"]
        if 'FROM "kpi_measurement"' in sql and '"review"' in sql and " IN (" in sql:
            return sql
    return None


def explain(sql):
    if connection.vendor == "postgresql":
        prefix, index_words = "EXPLAIN (ANALYZE, BUFFERS) ", ("Index Scan", "Index Only Scan", "Bitmap Index Scan")
    elif connection.vendor == "sqlite":
        prefix, index_words = (
            "EXPLAIN QUERY PLAN ",
            ("USING INDEX", "USING COVERING INDEX", "USING INTEGER PRIMARY KEY"),
        )
    else:
        prefix, index_words = "EXPLAIN ", ("index",)
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    lines = [" | ".join(str(part) for part in row) for row in rows]
    scans = [line for line in lines if "kpi_measurement" in line or "Scan" in line or "SCAN" in line]
    uses_index = any(word in line for line in scans or lines for word in index_words)
    return lines, uses_index


def abridge(text):
    """SQL or a plan line with its long lists of primary keys cut short, and no column list."""
    text = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", text)
    text = re.sub(
        r"\((\d+(?:, \d+){2})(?:, \d+)+\)", lambda m: f"({m.group(1)}, …: {m.group(0).count(',') + 1} keys)", text
    )
    return re.sub(
        r"\{(\d+(?:,\d+){2})(?:,\d+)+\}", lambda m: f"{{{m.group(1)},…: {m.group(0).count(',') + 1} keys}}", text
    )


def show_plan(label, sql):
    if sql is None:
        print(f"{label}: not found among the page's queries")
        return
    lines, uses_index = explain(sql)
    print(f"{label}:\n  {abridge(sql)}")
    for line in lines:
        print("    " + abridge(line))
    total = Measurement.objects.count()
    print(f"  uses an index: {'yes' if uses_index else 'no'} (the table holds {total} measurements)\n")


def sizes_to_measure(seed, largest):
    return [seed] + [size for size in SIZES if seed < size < largest] + ([largest] if largest > seed else [])


def main():
    from django.conf import settings
    from django.test import Client

    if sys.argv[1:] == ["--clean"]:
        indicators, targets, measurements = clean()
        print(f"removed {indicators} benchmark indicators, {targets} targets and {measurements} measurements")
        analyze()
        return
    if sys.argv[1:]:
        sys.exit(__doc__)
    settings.ALLOWED_HOSTS = ["*"]
    largest = int(os.environ.get("BENCH_INDICATORS", "500"))
    total = int(os.environ.get("BENCH_MEASUREMENTS", "20000"))
    requests = int(os.environ.get("BENCH_REQUESTS", "10"))
    csv_requests = max(1, requests // 3)
    client = Client()
    if bench_indicators().exists():
        print("(benchmark indicators of an earlier run are there; `--clean` removes them)")
    seed = Indicator.objects.count()
    print(
        f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']}); DEBUG={settings.DEBUG}; "
        f"grow to {largest} indicators / {total} measurements; /chi-tieu/ median and p95 of {requests} "
        f"requests after one warm-up, CSV of {csv_requests}"
    )
    header = (
        f"{'indicators':>10} {'measurements':>12} {'grow s':>7} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'KB':>7} | {'CSV q':>5} {'CSV p50 ms':>10} {'CSV KB':>7} {'CSV peak MB':>11}"
    )
    print(header)
    print("-" * len(header))
    captured = []
    for size in sizes_to_measure(seed, largest):
        started = time.perf_counter()
        grow(size, round(total * size / largest))
        analyze()
        grown = time.perf_counter() - started
        indicators = Indicator.objects.count()
        approved = Measurement.objects.filter(review=Review.APPROVED).count()
        response, captured, timings = measure_page(client, "/chi-tieu/", requests)
        status, csv_size, csv_queries, csv_timings, peak = measure_csv(
            client, "/chi-tieu/du-lieu-mo/csv/", csv_requests
        )
        if response.status_code != 200 or status != 200:
            print(f"  /chi-tieu/ answered {response.status_code}, the CSV {status}")
        print(
            f"{indicators:>10} {approved:>12} {grown:>7.1f} {len(captured):>7} {statistics.median(timings):>8.1f} "
            f"{percentile(timings, 0.95):>8.1f} {len(response.content) / 1024:>7.0f} | {csv_queries:>5} "
            f"{statistics.median(csv_timings):>10.1f} {csv_size / 1024:>7.0f} {peak / 2**20:>11.1f}",
            flush=True,
        )
    print()
    show_plan(
        f"the dashboard's measurements prefetch at {Indicator.objects.count()} indicators", prefetch_query(captured)
    )
    # For comparison, a selective query: one indicator's page asks for its own measurements.
    slug = bench_indicators().order_by("pk").values_list("slug", flat=True).first()
    if slug:
        _response, one, _timings = measure_page(client, f"/chi-tieu/{slug}/", 1)
        show_plan(f"the indicator page's measurements prefetch (/chi-tieu/{slug}/)", prefetch_query(one))
    print(f"\nthe benchmark indicators are kept; remove them with: {Path(sys.argv[0]).as_posix()} --clean")


if __name__ == "__main__":
    main()
