"""The scoring rules (dxindex/scoring.py): each method, rounding half-up to 2 decimals, caps."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from dxindex.scoring import compute_score, rank, round_score, validate_appraised, validate_params, validate_value

pytestmark = pytest.mark.django_db  # the suite seeds its database before any test


def test_yes_no_earns_the_max_or_nothing():
    assert compute_score("yes_no", {}, D("5"), D("1")) == D("5.00")
    assert compute_score("yes_no", {}, D("5"), D("0")) == D("0.00")
    assert compute_score("yes_no", {}, D("5"), None) is None
    with pytest.raises(ValidationError):
        validate_value("yes_no", "2")


def test_tiers_take_the_highest_threshold_reached():
    params = validate_params("tiers", {"tiers": [[50, 2], [80, 4], [100, 6]]}, D("6"))
    assert compute_score("tiers", params, D("6"), D("49.99")) == D("0.00")
    assert compute_score("tiers", params, D("6"), D("50")) == D("2.00")
    assert compute_score("tiers", params, D("6"), D("99")) == D("4.00")
    assert compute_score("tiers", params, D("6"), D("250")) == D("6.00")


@pytest.mark.parametrize(
    "params",
    [{}, {"tiers": []}, {"tiers": [[80, 2], [50, 4]]}, {"tiers": [[50, 9]]}, {"tiers": [["a", 1]]}, {"tiers": [[1]]}],
)
def test_bad_tiers_are_refused(params):
    with pytest.raises(ValidationError):
        validate_params("tiers", params, D("6"))


def test_ratio_is_capped_at_the_max_and_rounded_half_up():
    params = validate_params("ratio", {"target": 3}, D("10"))
    assert compute_score("ratio", params, D("10"), D("1")) == D("3.33")  # 3.333…
    assert compute_score("ratio", params, D("10"), D("2")) == D("6.67")  # 6.666…
    assert compute_score("ratio", params, D("10"), D("3")) == D("10.00")
    assert compute_score("ratio", params, D("10"), D("9")) == D("10.00")  # capped
    for bad in ({}, {"target": 0}, {"target": -1}, {"target": "x"}):
        with pytest.raises(ValidationError):
            validate_params("ratio", bad, D("10"))


def test_appraiser_method_caps_the_proposed_score():
    assert compute_score("appraiser", {}, D("4"), D("3.125")) == D("3.13")
    assert compute_score("appraiser", {}, D("4"), D("7")) == D("4.00")


def test_rounding_is_half_up_not_bankers():
    assert round_score(D("1.005")) == D("1.01")
    assert round_score(D("2.675")) == D("2.68")
    assert round_score(D("2.665")) == D("2.67")
    assert round_score(D("0.004")) == D("0.00")


def test_negative_values_and_out_of_range_appraisals_are_refused():
    with pytest.raises(ValidationError):
        validate_value("ratio", "-1")

    class Component:
        max_points = D("5")

    assert validate_appraised(Component, "2.345") == D("2.35")
    for bad in ("-0.01", "5.01", "abc"):
        with pytest.raises(ValidationError):
            validate_appraised(Component, bad)


def test_competition_ranking_shares_equal_scores():
    assert rank({"a": D("9"), "b": D("7"), "c": D("9"), "d": D("5")}) == {"a": 1, "c": 1, "b": 3, "d": 4}
