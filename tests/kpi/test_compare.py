"""Issue 14, item 4: one indicator across places and years."""

import pytest

from kpi import compare
from kpi.models import Indicator
from kpi.seed import link_comparable
from kpi.views import indicators_queryset

pytestmark = pytest.mark.django_db


def test_the_seed_links_the_same_measure_in_different_places_both_ways():
    grdp = Indicator.objects.get(slug="kinh-te-so-grdp")
    assert list(grdp.comparable.values_list("slug", flat=True)) == ["vn-kinh-te-so-gdp"]
    assert list(Indicator.objects.get(slug="vn-kinh-te-so-gdp").comparable.values_list("slug", flat=True)) == [
        "kinh-te-so-grdp"
    ]
    link_comparable([["kinh-te-so-grdp", "vn-kinh-te-so-gdp"]])  # again: nothing changes
    assert grdp.comparable.count() == 1
    with pytest.raises(ValueError, match="khong-co"):
        link_comparable([["kinh-te-so-grdp", "khong-co"]])


def test_the_comparison_puts_each_year_in_a_row_and_each_place_in_a_column(django_assert_max_num_queries):
    grdp = indicators_queryset().get(slug="kinh-te-so-grdp")
    with django_assert_max_num_queries(4):
        table = compare.comparison(grdp)
    assert [column.slug for column in table["columns"]] == ["kinh-te-so-grdp", "vn-kinh-te-so-gdp"]
    rows = {row["year"]: row["cells"] for row in table["rows"]}
    assert list(rows) == sorted(rows)
    # 2022: TP.HCM's target of KH 593 (15% of GRDP) beside Việt Nam's measured share of GDP.
    hcmc, vietnam = rows[2022]
    assert "≥ 15% GRDP" in hcmc["targets"]
    assert vietnam["measured"].display_with_unit.endswith("% GDP")
    # 2030: only TP.HCM sets a target; Việt Nam's cell is empty.
    assert rows[2030][1] == {"measured": None, "targets": []}


def test_an_indicator_without_comparable_ones_has_no_comparison(client):
    indicator = indicators_queryset().get(slug="chu-ky-so")
    assert compare.comparison(indicator) is None
    assert "So sánh giữa các địa phương" not in client.get("/chi-tieu/chu-ky-so/").content.decode()


def test_the_indicator_page_shows_the_comparison_with_links_to_the_other_places(client):
    html = client.get("/chi-tieu/kinh-te-so-grdp/").content.decode()
    assert "So sánh giữa các địa phương" in html
    assert 'href="/chi-tieu/vn-kinh-te-so-gdp/"' in html
