"""The status rules of kpi/progress.py, for every indicator kind, ranges and missing data."""

from decimal import Decimal as D

import pytest

from kpi import progress as p
from kpi.progress import Point, assess

NOW = 2026


def status(kind, comparator, year, target, points, baseline=None, base_year=None, today=NOW):
    return assess(kind, comparator, year, target, points, today, baseline=baseline, base_year=base_year).status


def test_no_measurement_is_no_data():
    assert status(p.HIGHER, "at_least", 2030, 40, []) == p.NO_DATA


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([Point(2026, D(41))], p.ACHIEVED),
        ([Point(2020, D(10)), Point(2026, D(30))], p.ON_TRACK),  # path at 2026: 10 + 30*0.6 = 28
        ([Point(2020, D(10)), Point(2026, D(20))], p.AT_RISK),
        ([Point(2020, D(10)), Point(2030, D(35))], p.OFF_TRACK),
        ([Point(2026, D(20))], p.NO_DATA),  # one measurement, no baseline: no path
    ],
)
def test_higher_is_better(points, expected):
    assert status(p.HIGHER, "at_least", 2030, 40, points) == expected


def test_comparators():
    assert status(p.HIGHER, "more_than", 2030, 40, [Point(2026, D(40))]) != p.ACHIEVED
    assert status(p.HIGHER, "at_least", 2030, 40, [Point(2026, D(40))]) == p.ACHIEVED
    assert status(p.HIGHER, "exactly", 2030, 40, [Point(2026, D(40))]) == p.ACHIEVED


def test_lower_is_better_follows_a_falling_path():
    baseline = Point(2020, D(100))
    assert status(p.LOWER, "at_most", 2030, 60, [Point(2026, D(70))], baseline=baseline) == p.ON_TRACK  # path 76
    assert status(p.LOWER, "at_most", 2030, 60, [Point(2026, D(80))], baseline=baseline) == p.AT_RISK
    assert status(p.LOWER, "at_most", 2030, 60, [Point(2026, D(55))], baseline=baseline) == p.ACHIEVED


def test_rank_is_achieved_at_or_above_the_group():
    assert status(p.RANK, "at_most", 2025, 5, [Point(2025, D(5))]) == p.ACHIEVED
    assert status(p.RANK, "at_most", 2025, 5, [Point(2025, D(7))]) == p.OFF_TRACK
    assert status(p.RANK, "at_most", 2030, 2, [Point(2020, D(10)), Point(2026, D(5))]) == p.ON_TRACK  # path 5.2
    assert status(p.RANK, "at_most", 2030, 2, [Point(2020, D(10)), Point(2026, D(6))]) == p.AT_RISK


def test_growth_rate_is_judged_year_by_year():
    assert status(p.GROWTH, "at_least", 2030, 7, [Point(2026, D("7.5"))]) == p.ON_TRACK
    assert status(p.GROWTH, "at_least", 2030, 7, [Point(2026, D("6.9"))]) == p.AT_RISK
    assert status(p.GROWTH, "at_least", 2025, 7, [Point(2025, D(8))]) == p.ACHIEVED
    assert status(p.GROWTH, "at_least", 2025, 7, [Point(2025, D(6))]) == p.OFF_TRACK


def test_change_against_a_base_year_starts_its_path_at_zero():
    # "tăng 10% so với năm 2021" by 2031: path at 2026 is 5
    assert status(p.CHANGE, "at_least", 2031, 10, [Point(2026, D(6))], base_year=2021) == p.ON_TRACK
    assert status(p.CHANGE, "at_least", 2031, 10, [Point(2026, D(4))], base_year=2021) == p.AT_RISK
    assert status(p.CHANGE, "at_least", 2031, 10, [Point(2026, D(4))]) == p.NO_DATA  # no base year stated


def test_milestone():
    assert status(p.MILESTONE, "at_least", 2025, 1, [Point(2024, D(1))]) == p.ACHIEVED
    assert status(p.MILESTONE, "at_least", 2027, 1, [Point(2026, D(0))]) == p.ON_TRACK
    assert status(p.MILESTONE, "at_least", 2025, 1, [Point(2026, D(0))]) == p.OFF_TRACK


def test_a_range_is_judged_by_its_conservative_end():
    range_2021 = Point(2021, low=D("13.71"), high=D("15.72"))
    assert status(p.HIGHER, "at_least", 2021, 15, [range_2021]) == p.OFF_TRACK  # low end 13.71 < 15
    assert status(p.HIGHER, "at_least", 2021, 13, [range_2021]) == p.ACHIEVED
    assert status(p.LOWER, "at_most", 2021, 15, [range_2021]) == p.OFF_TRACK  # high end 15.72 > 15
    assessment = assess(p.HIGHER, "at_least", 2030, 40, [range_2021], NOW)
    # One 2021 range, no baseline: no path, so no data, and no progress bar beside it (issue 11).
    assert assessment.measured == D("13.71") and assessment.status == p.NO_DATA and assessment.progress is None


def test_past_target_without_a_measurement_of_its_year_is_unknown():
    assert status(p.HIGHER, "at_least", 2025, 25, [Point(2021, D(14))]) == p.NO_DATA
