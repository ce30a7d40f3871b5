"""The dashboard's cost per request (issue 13, goal 0): a constant handful of queries whatever the
number of indicators and the filters, and the same figures as the SQL-filtered computation the
exports keep (kpi.views.filtered_indicators), card by card and in both roll-ups."""

import re
from html import unescape

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from bench.kpi_dashboard import grow
from kpi import progress, rollup
from kpi.models import Indicator, Plan, Target
from kpi.views import dashboard_data, filtered_indicators, parse_filters
from portal.models import Organisation

pytestmark = pytest.mark.django_db

# The dashboard's own reads: the plans, the indicators, their targets, their approved measurements
# (the places and the years of the filters come from these; the page itself is Wagtail's routing).
KPI_TABLES = ("kpi_plan", "kpi_indicator", "kpi_target", "kpi_measurement", "portal_organisation")
KPI_QUERIES = 4


def kpi_queries(queries):
    tables = (re.match(r'SELECT .*? FROM "(\w+)"', q["sql"]) for q in queries.captured_queries)
    return [m.group(1) for m in tables if m and m.group(1) in KPI_TABLES]


def filter_urls():
    plan = Plan.objects.get(slug="qd-2393")
    place = Organisation.objects.get(area_slug="tphcm")
    return [
        "/chi-tieu/",
        f"/chi-tieu/?ke-hoach={plan.slug}",
        "/chi-tieu/?nam=2025",
        f"/chi-tieu/?dia-phuong={place.area_key}&nam=2030&ke-hoach={plan.slug}",
        "/chi-tieu/?tinh-trang=cham",
    ]


@pytest.mark.parametrize("index", range(5))
def test_the_dashboard_reads_the_kpi_tables_in_four_queries_under_any_filter(client, index):
    url = filter_urls()[index]
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(kpi_queries(queries)) == KPI_QUERIES, kpi_queries(queries)


def test_the_query_count_stays_the_same_as_indicators_grow(client, django_assert_max_num_queries):
    client.get("/chi-tieu/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/chi-tieu/")
    count = len(queries)
    grow(150, 1500)
    client.get("/chi-tieu/")
    with django_assert_max_num_queries(count):
        response = client.get("/chi-tieu/")
    assert response.context["total"] == 150


def reference(params):
    """The figures as the dashboard computed them before it filtered in memory: SQL filters, a
    summary per indicator, the places and years from their own queries."""
    filters, _ignored, plans, places = parse_filters(params)
    rows = [i.summary(plan=filters.get("ke-hoach"), year=filters.get("nam")) for i in filtered_indicators(filters)]
    return filters, plans, places, rows


def figures(row):
    return (
        row["indicator"].slug,
        row["headline"].status,
        row["headline"].progress,
        [(t.pk, a.status, a.progress, a.expected, a.measured) for t, a in row["targets"]],
        row["latest"] and row["latest"].pk,
        row["disagreement"],
        row["stale"],
    )


def rollup_figures(groups):
    return [(g.key, g.total, g.measured, g.progress, g.counts) for g in groups]


def test_the_in_memory_filters_give_the_sql_filters_figures():
    grow(120, 900)  # indicators in every plan and place, with many measurements each
    plan = Plan.objects.get(slug="qd-2393")
    queries = [""]
    queries += [f"ke-hoach={slug}" for slug in Plan.objects.values_list("slug", flat=True)]
    queries += [f"dia-phuong={o.area_key}" for o in Organisation.objects.filter(indicators__isnull=False).distinct()]
    queries += [f"nam={year}" for year in set(Target.objects.values_list("year", flat=True))]
    queries += [f"ke-hoach={plan.slug}&nam=2030&dia-phuong=tphcm", "nam=2025&tinh-trang=cham", "dia-phuong=khong-co"]
    for query in queries:
        params = QueryDict(query)
        data = dashboard_data(params)
        filters, plans, places, rows = reference(params)
        assert [figures(row) for row in data["everything"]] == [figures(row) for row in rows], query
        assert list(data["places"]) == list(places) and list(data["plans"]) == list(plans)
        assert data["years"] == sorted(set(Target.objects.values_list("year", flat=True)))
        counts = dict.fromkeys(progress.STATUS_ORDER, 0)
        for row in rows:
            counts[row["headline"].status] += 1
        assert data["counts"] == counts, query
        everything = rows
        if "tinh-trang" in filters:
            rows = [row for row in rows if row["headline"].status == filters["tinh-trang"]]
        assert [figures(row) for row in data["rows"]] == [figures(row) for row in rows], query
        by_pk = {p.pk: p for p in plans.values()}
        # The roll-ups ignore the status filter.
        assert rollup_figures(rollup.by_pillar(data["everything"])) == rollup_figures(rollup.by_pillar(everything))
        assert rollup_figures(rollup.by_plan([r["indicator"] for r in data["everything"]], by_pk)) == rollup_figures(
            rollup.by_plan(list(filtered_indicators(filters)), by_pk)
        )


def test_every_card_shows_its_indicators_figures_and_address(client):
    html = unescape(client.get("/chi-tieu/").content.decode())
    cards = re.findall(r'<article class="kpi-card kpi-card--([-a-z]+)" lang="vi">(.*?)</article>', html, re.DOTALL)
    assert len(cards) == Indicator.objects.count()
    for status, card in cards:
        url = re.search(r'<h3><a href="([^"]+)">', card).group(1)
        indicator = Indicator.objects.get(slug=url.strip("/").split("/")[-1])
        assert url == indicator.url
        summary = indicator.summary()
        assert status == summary["headline"].status
        shown = re.findall(r"<strong>([^<]*)</strong>", card)
        expected = [t.display_with_unit for t, _a in summary["targets"]]
        if summary["latest"] is not None:
            expected.append(summary["latest"].display_with_unit)
        assert shown == expected
        for target, _assessment in summary["targets"]:
            assert f'title="{target.plan.label}">({target.plan.short_label})' in card
        if summary["headline"].has_progress:
            assert f"{summary['headline'].progress}%</label>" in card
        assert f">{progress.STATUS_LABELS[summary['headline'].status]}</span>" in card
