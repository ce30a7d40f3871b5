"""Issue 14, item 4: progress rolled up per pillar and per plan, by the rule shown on the page."""

import pytest

from kpi import progress, rollup
from kpi.models import Indicator, Plan
from kpi.views import indicators_queryset


def assessment(status, value=None):
    return progress.Assessment(status, value, None, None, "")


def test_the_mean_rests_on_the_indicators_with_progress_and_counts_the_others_apart():
    group = rollup.Rollup("kinh-te-so", "Kinh tế số")
    group.add(assessment(progress.ON_TRACK, 40))
    group.add(assessment(progress.AT_RISK, 25))
    group.add(assessment(progress.NO_DATA, 90))  # no data: no progress, whatever was passed
    assert group.progress == 33  # (40 + 25) / 2 = 32.5, rounded half up
    assert (group.total, group.measured) == (3, 2)
    assert group.counts[progress.NO_DATA] == 1 and group.counts[progress.ON_TRACK] == 1


def test_weights_count_when_given():
    group = rollup.Rollup("x", "x")
    group.add(assessment(progress.ACHIEVED, 100), weight=3)
    group.add(assessment(progress.AT_RISK, 20))
    assert group.progress == 80 and group.measured == 2


@pytest.mark.django_db
def test_a_targets_weight_counts_in_the_plans_roll_up():
    from kpi.models import Target

    plan = Plan.objects.get(slug="kh-cds-2024")
    plans = {plan.pk: plan}
    before = rollup.by_plan(indicators_queryset(), plans, today_year=2026)[0]
    measured = [i for i in indicators_queryset() if i.summary(2026, plan=plan)["headline"].has_progress]
    assert measured, "the 2024 plan has a measured indicator"
    Target.objects.filter(plan=plan, indicator=measured[0]).update(weight=5)
    after = rollup.by_plan(indicators_queryset(), plans, today_year=2026)[0]
    assert after.weights == before.weights + 4 and after.measured == before.measured


def test_a_group_without_any_progress_has_no_mean_not_zero():
    group = rollup.Rollup("x", "x")
    group.add(assessment(progress.NO_DATA))
    assert group.progress is None and group.total == 1


@pytest.mark.django_db
def test_each_plan_judges_the_indicator_against_its_own_target():
    indicator = indicators_queryset().get(slug="kinh-te-so-grdp")
    plans = {plan.pk: plan for plan in Plan.objects.all()}
    groups = {group.key: group for group in rollup.by_plan([indicator], plans, today_year=2026)}
    # KH 593 set 15% for 2022; the 2022 measurements (13.51% and 18.66%, two series) decide it.
    expected = {
        plan.slug: indicator.summary(2026, plan=plan)["headline"].status
        for plan in Plan.objects.filter(targets__indicator=indicator).distinct()
    }
    assert {key: next(code for code, n in group.counts.items() if n) for key, group in groups.items()} == expected
    assert set(groups) == {"qd-2393", "kh-593", "kh-cds-2024"}


@pytest.mark.django_db
def test_the_dashboard_shows_both_roll_ups_and_the_rule(client):
    # (Its query count stays constant as indicators grow: tests/kpi/test_pages.py.)
    html = client.get("/chi-tieu/").content.decode()
    assert "Theo trụ cột" in html and "Theo kế hoạch" in html
    assert "Cách tính tình trạng và tiến độ" in html and "mặc định 1" in html
    # Every pillar with indicators has its row, linked to its section.
    for pillar in Indicator.objects.values_list("pillar", flat=True).distinct():
        from kpi.choices import Pillar

        assert f'href="#pillar-{Pillar(pillar).slug}"' in html
    # The status filter narrows the cards, not the roll-up.
    filtered = client.get("/chi-tieu/?tinh-trang=dat").content.decode()
    assert filtered.count('class="kpi-card ') < html.count('class="kpi-card ')
    assert filtered.count('<th scope="row">') == html.count('<th scope="row">')


@pytest.mark.django_db
@pytest.mark.parametrize("today_year", [2019, 2023, 2026, 2031])
def test_the_dashboards_rows_give_the_same_plan_rollups_with_fewer_judgements(today_year, monkeypatch):
    """Reusing the dashboard's unfiltered rows changes no figure of any plan, in years before,
    between and after the plans' target years, and judges fewer indicators again."""
    indicators = list(indicators_queryset())
    plans = {plan.pk: plan for plan in Plan.objects.all()}
    rows = {indicator.pk: indicator.summary(today_year) for indicator in indicators}

    def figures(groups):
        return [(g.key, g.counts, g.weighted, g.weights, g.measured, g.progress) for g in groups]

    calls = []
    original = Indicator.summary
    monkeypatch.setattr(Indicator, "summary", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    fresh = figures(rollup.by_plan(indicators, plans, today_year=today_year))
    judged_fresh, calls[:] = len(calls), []
    reused = figures(rollup.by_plan(indicators, plans, today_year=today_year, summaries=rows))
    assert reused == fresh and fresh
    assert len(calls) < judged_fresh
