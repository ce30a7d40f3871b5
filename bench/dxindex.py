"""DX index at scale (issue 15): grow a period of N units × M components (bulk inserts), every
assessment appraised, sign it off and publish it through dxindex.services.publish, then measure the
public ranking page, a unit's page, the CSV export and the appraisal queue of the admin (a superuser
with the second factor): SQL queries, median and p95 render time, size. Prints its figures; nothing
is asserted (the constant query counts are asserted by tests/dxindex/test_public_pages.py, on this
file's `grow`).

    .venv/bin/python bench/dxindex.py          # db.sqlite3 (`make seed` first)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/dxindex.py
    BENCH_UNITS=200 BENCH_COMPONENTS=50 BENCH_REQUESTS=10 .venv/bin/python bench/dxindex.py
    .venv/bin/python bench/dxindex.py --clean  # remove the benchmark data

The data it adds is benchmark data, not content, and is kept until `--clean`: an index version with
the key "bench-…" and year 2900+, bodies of the registry with the slug "bench-dv-…" named
"[Thử tải] …", and a period of that version with made-up scores. It is published (the public pages
show it while it is there). Pages are rendered through Django's test client with DEBUG and the page
cache off.
"""

import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
if __name__ == "__main__":
    os.environ["DEBUG"] = "0"
    os.environ["PAGE_CACHE"] = "0"

import django
from django.apps import apps

if not apps.ready:
    django.setup()

from django.db import connection, transaction

from dxindex.models import (
    Assessment,
    AssessmentStatus,
    Component,
    ComponentEntry,
    EntryStatus,
    IndexVersion,
    MainIndex,
    Method,
    Period,
    PeriodStatus,
    UnitKind,
    UnitType,
)
from portal.models import Organisation

MARK = "bench-"
UNIT_SLUG = "bench-dv-"
FIRST_YEAR = 2900
MAIN_INDICES = 5
POINTS = Decimal("2")
BATCH = 2000


def _manager():
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="bench-dxindex", defaults={"email": "bench-dxindex@example.invalid", "is_superuser": True}
    )
    if not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    return user


def _units(count, level="department"):
    """`count` benchmark bodies of the registry (the existing ones reused)."""
    have = {o.slug: o for o in Organisation.objects.filter(slug__startswith=UNIT_SLUG)}
    new = [
        Organisation(slug=f"{UNIT_SLUG}{n}", name=f"[Thử tải] Đơn vị {n}", short_name=f"TT{n}", level=level)
        for n in range(1, count + 1)
        if f"{UNIT_SLUG}{n}" not in have
    ]
    Organisation.objects.bulk_create(new, batch_size=BATCH)
    units = {o.slug: o for o in Organisation.objects.filter(slug__startswith=UNIT_SLUG)}
    return [units[f"{UNIT_SLUG}{n}"] for n in range(1, count + 1)]


def grow(units=200, components=50, publish=True, status=None):
    """A new benchmark period of `units` units × `components` components (over MAIN_INDICES main
    indices, POINTS each), every assessment appraised with deterministic made-up scores; signed off
    and, with `publish`, published through the service. `status` leaves it at another status
    instead (no sign-off). Returns the period."""
    from dxindex import services

    year = max([FIRST_YEAR - 1, *Period.objects.filter(year__gte=FIRST_YEAR).values_list("year", flat=True)]) + 1
    rng = random.Random(year * 7919 + units * 31 + components)
    with transaction.atomic():
        version = IndexVersion.objects.create(
            year=year, key=f"{MARK}{year}", name=f"[Thử tải] Bộ chỉ số {year}", source_note="Dữ liệu thử tải."
        )
        unit_type = UnitType.objects.create(version=version, kind=UnitKind.DEPARTMENT, name="Sở, ban, ngành")
        mains = MainIndex.objects.bulk_create(
            [
                MainIndex(unit_type=unit_type, order=n, name=f"[Thử tải] Chỉ số chính {n}")
                for n in range(1, MAIN_INDICES + 1)
            ]
        )
        Component.objects.bulk_create(
            [
                Component(
                    main_index=mains[n % MAIN_INDICES],
                    code=f"{n % MAIN_INDICES + 1}.{n // MAIN_INDICES + 1}",
                    order=n,
                    name=f"[Thử tải] Chỉ số thành phần {n}",
                    max_points=POINTS,
                    method=Method.APPRAISER,
                )
                for n in range(components)
            ]
        )
        component_ids = list(Component.objects.filter(main_index__unit_type=unit_type).values_list("pk", flat=True))
        period = Period.objects.create(year=year, version=version, status=PeriodStatus.APPRAISAL)
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(period=period, unit=unit, unit_type=unit_type, status=AssessmentStatus.APPRAISED)
                for unit in _units(units)
            ],
            batch_size=BATCH,
        )
        entries = []
        for assessment in assessments:
            skill = rng.random()
            for pk in component_ids:
                score = Decimal(rng.choice([0, 0.5, 1, 1.5, 2]) if rng.random() < 0.5 + skill / 2 else 0)
                score = min(POINTS, score).quantize(Decimal("0.01"))
                entries.append(
                    ComponentEntry(
                        assessment=assessment,
                        component_id=pk,
                        value=score,
                        self_score=score,
                        appraised_score=score,
                        status=EntryStatus.ACCEPTED,
                    )
                )
            if len(entries) >= BATCH:
                ComponentEntry.objects.bulk_create(entries, batch_size=BATCH)
                entries = []
        ComponentEntry.objects.bulk_create(entries, batch_size=BATCH)
    if status is not None:
        Period.objects.filter(pk=period.pk).update(status=status)
        period.refresh_from_db()
        return period
    user = _manager()
    services.sign_off(period, user)
    if publish:
        services.publish(period, user)
    return period


def clean():
    """Remove the benchmark periods, versions and bodies; returns (periods, units)."""
    with transaction.atomic():
        periods = list(Period.objects.filter(version__key__startswith=MARK))
        for period in periods:
            period.published_results.all().delete()
            period.assessments.all().delete()
            period.delete()
        IndexVersion.objects.filter(key__startswith=MARK).delete()
        units, _kinds = Organisation.objects.filter(slug__startswith=UNIT_SLUG).delete()
    return len(periods), units


def percentile(timings, fraction):
    ordered = sorted(timings)
    return ordered[max(0, min(len(ordered) - 1, round(len(ordered) * fraction) - 1))]


def measure(client, url, requests):
    from django.test.utils import CaptureQueriesContext

    def fetch():
        response = client.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content) if response.streaming else len(response.content)
        return response, size

    fetch()  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response, size = fetch()
    count = len(queries.captured_queries)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        fetch()
        timings.append((time.perf_counter() - start) * 1000)
    return response.status_code, count, timings, size


def staff_client():
    """A test client signed in as the benchmark superuser, second factor passed."""
    from allauth.mfa.models import Authenticator
    from django.test import Client

    from tests.conftest import give_totp, mark_second_factor

    user = _manager()
    client = Client()
    client.force_login(user)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        give_totp(user)
    mark_second_factor(client, user)
    return client


def main():
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    if sys.argv[1:] == ["--clean"]:
        periods, units = clean()
        print(f"removed {periods} benchmark periods and {units} benchmark units (with their rows)")
        return
    if sys.argv[1:]:
        sys.exit(__doc__)
    settings.ALLOWED_HOSTS = ["*"]
    units = int(os.environ.get("BENCH_UNITS", "200"))
    components = int(os.environ.get("BENCH_COMPONENTS", "50"))
    requests = int(os.environ.get("BENCH_REQUESTS", "10"))
    print(
        f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']}); DEBUG={settings.DEBUG}; "
        f"a period of {units} units × {components} components; median and p95 of {requests} requests after "
        "one warm-up"
    )
    started = time.perf_counter()
    period = grow(units, components, publish=False)
    grown = time.perf_counter() - started
    from dxindex import services

    started = time.perf_counter()
    published = services.publish(period, _manager())
    publish_seconds = time.perf_counter() - started
    print(
        f"grew {units * components} entries in {grown:.1f} s; published {published} results "
        f"(+{published * MAIN_INDICES} main-index scores) in {publish_seconds:.1f} s"
    )
    slug = period.published_results.order_by("rank", "unit_name").values_list("unit__slug", flat=True).first()
    anonymous = Client()
    pages = [
        ("ranking", anonymous, reverse("dxpub_period", args=[period.year])),
        ("by main index", anonymous, reverse("dxpub_period", args=[period.year]) + "?khoi=department&chi_so=1"),
        ("unit page", anonymous, reverse("dxpub_unit", args=[period.year, slug])),
        ("CSV export", anonymous, reverse("dxpub_export", args=[period.year, "csv"])),
        ("XLSX export", anonymous, reverse("dxpub_export", args=[period.year, "xlsx"])),
        ("index", anonymous, reverse("dxpub_index")),
    ]
    # The appraisal queue of the same size: a second period left under appraisal.
    queue_period = grow(units, components, status=PeriodStatus.APPRAISAL)
    Assessment.objects.filter(period=queue_period).update(status=AssessmentStatus.SUBMITTED)
    ComponentEntry.objects.filter(assessment__period=queue_period).update(
        status=EntryStatus.PENDING, appraised_score=None
    )
    pages.append(("appraisal queue (admin)", staff_client(), reverse("dxindex_queue")))
    header = f"{'page':<24} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}"
    print(header)
    print("-" * len(header))
    for label, client, url in pages:
        status, count, timings, size = measure(client, url, requests)
        print(
            f"{label:<24} {status:>6} {count:>7} {statistics.median(timings):>8.1f} "
            f"{percentile(timings, 0.95):>8.1f} {size / 1024:>7.0f}",
            flush=True,
        )
    print(f"\nthe benchmark data is kept; remove it with: {Path(sys.argv[0]).as_posix()} --clean")


if __name__ == "__main__":
    main()
