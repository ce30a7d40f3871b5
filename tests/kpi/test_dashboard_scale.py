"""The KPI dashboard at scale with bench/kpi_dashboard.py's data (issue 14): its growth function
makes approved measurements over many years and targets in every seeded plan, and /chi-tieu/ takes
the same number of queries at 100 and 180 indicators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.kpi_dashboard import FIRST_YEAR, MARK, clean, grow
from kpi.models import Indicator, Measurement, Plan, Review, Target

pytestmark = pytest.mark.django_db


def bench_measurements():
    return Measurement.objects.filter(indicator__slug__startswith=MARK)


def test_grow_makes_approved_measurements_over_many_years_and_plans():
    seed_indicators, seed_measurements = Indicator.objects.count(), Measurement.objects.count()
    added = grow(100, seed_measurements + 600)
    assert added == (100 - seed_indicators, 600)
    assert Indicator.objects.count() == 100 and Measurement.objects.count() == seed_measurements + 600
    assert set(bench_measurements().values_list("review", flat=True)) == {Review.APPROVED}
    # Spread evenly: every benchmark indicator has its share, one year after another.
    per_indicator = 600 // (100 - seed_indicators)
    for indicator in Indicator.objects.filter(slug__startswith=MARK).prefetch_related("measurements"):
        years = sorted(m.year for m in indicator.measurements.all())
        assert len(years) in (per_indicator, per_indicator + 1)
        assert years == list(range(FIRST_YEAR, FIRST_YEAR + len(years)))  # fewer rounds than years: no wrap
    assert set(Target.objects.filter(indicator__slug__startswith=MARK).values_list("plan", flat=True)) == set(
        Plan.objects.values_list("pk", flat=True)
    )
    assert grow(100, seed_measurements + 600) == (0, 0)  # already that size
    removed = clean()
    assert removed[0] == 100 - seed_indicators and removed[2] == 600 and removed[1] >= removed[0]
    assert Indicator.objects.count() == seed_indicators and Measurement.objects.count() == seed_measurements


def test_dashboard_takes_the_same_queries_at_100_and_180_grown_indicators(client, django_assert_num_queries, settings):
    settings.KPI_CACHE_TIMEOUT = 0  # computed on every request (kept, it reads no KPI table at all)
    grow(100, 500)
    client.get("/chi-tieu/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/chi-tieu/")
    count = len(queries)  # read now: each request empties the connection's query log
    assert response.context["dashboard"]["total"] == 100
    assert "[Thử tải] Chỉ tiêu số" in response.content.decode()

    grow(180, 1400)
    assert bench_measurements().values("year").distinct().count() >= 8
    assert not Indicator.objects.filter(slug__startswith=MARK, measurements__isnull=True).exists()
    client.get("/chi-tieu/")
    with django_assert_num_queries(count):
        response = client.get("/chi-tieu/")
    assert response.context["dashboard"]["total"] == 180
    shown = sum(len(group["rows"]) for group in response.context["dashboard"]["groups"])
    assert shown == 180
