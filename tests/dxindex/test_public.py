"""The minimal public ranking: published results only, ranks per unit type and main index, the
source quoted, constant queries; nothing of a period still under way is shown."""

import pytest
from django.test import Client
from django.urls import reverse

from dxindex import services
from dxindex.models import Assessment
from tests.dxindex.conftest import ALL_VALUES, fill

pytestmark = pytest.mark.django_db


def _appraise_all(period, units, people):
    for n, unit in zip("ab", units, strict=True):
        assessment = Assessment.objects.get(period=period, unit=unit)
        fill(assessment, people[f"staff_{n}"], ALL_VALUES if n == "a" else {**ALL_VALUES, "1.1": "0"})
        services.submit(assessment, people[f"head_{n}"])
        for entry in assessment.entries.select_related("component", "assessment__period"):
            services.decide(entry, people["appraiser"], "accept")


def test_nothing_is_public_before_publication(period, units, people):
    _appraise_all(period, units, people)
    anonymous = Client()
    assert "Sở thử nghiệm a" not in anonymous.get(reverse("dxindex_rankings")).content.decode()
    assert anonymous.get(reverse("dxindex_ranking", args=[period.year])).status_code == 404
    services.sign_off(period, people["council"])
    assert anonymous.get(reverse("dxindex_ranking", args=[period.year])).status_code == 404


def test_the_published_ranking(period, units, people, django_assert_max_num_queries):
    _appraise_all(period, units, people)
    services.sign_off(period, people["council"])
    services.publish(period, people["council"])
    anonymous = Client()
    assert f"Kết quả năm {period.year}" in anonymous.get(reverse("dxindex_rankings")).content.decode()
    with django_assert_max_num_queries(12):
        response = anonymous.get(reverse("dxindex_ranking", args=[period.year]))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Sở thử nghiệm a") < text.index("Sở thử nghiệm b")
    assert "Chỉ số chính một" in text and "<svg" in text
    assert "Danh mục chỉ số thành phần và điểm tối đa do Sở nhập" in text
