"""The seed loads only what the sources give: two versions with their decision and quoted source,
unit types with the expected component counts, the main indices' names; no component, no score;
the 2023 period points at KH 305's plan. Loading again creates nothing and keeps editors' changes."""

import pytest

from dxindex import seed
from dxindex.models import Component, IndexVersion, MainIndex, Period, PublishedResult, UnitType
from portal.management.commands.load_seed_content import SeedLog

pytestmark = pytest.mark.django_db


def test_the_seeded_structure_is_what_the_sources_state():
    v2023 = IndexVersion.objects.get(year=2023)
    assert v2023.decision.number == "79/QĐ-UBND" and "Phan Văn Mãi" in v2023.decision_signer
    assert (
        v2023.source_url.startswith("https://khoahocphattrien.vn/") and "32 chỉ số thành phần" in v2023.source_passage
    )
    counts = {
        (t.version.year, t.kind): (t.main_indices.count(), t.expected_components, t.max_points)
        for t in UnitType.objects.all()
    }
    assert counts[(2023, "department")][:2] == (6, 32)
    assert counts[(2023, "district")][:2] == (9, 51)
    assert counts[(2025, "department")] == (6, 32, 100)
    assert counts[(2025, "commune")] == (8, 42, 100)
    v2025 = IndexVersion.objects.get(year=2025)
    assert "Nguyễn Mạnh Cường" in v2025.decision_signer and v2025.source_url.startswith("https://ttbc-hcm.gov.vn/")
    assert v2025.source_passage == "" and "Chưa tìm được" in v2025.source_note  # said, not invented
    assert not Component.objects.exists() and not PublishedResult.objects.exists()
    assert MainIndex.objects.filter(max_points__isnull=False).count() == 0
    period = Period.objects.get(year=2023)
    assert period.plan.slug == "kh-305" and period.status == "draft" and period.version == v2023
    assert period.plan.tasks.filter(kind="task", number__startswith="II.").count() == 6


def test_loading_again_creates_nothing_and_keeps_edits():
    MainIndex.objects.filter(unit_type__version__year=2023, order=1, unit_type__kind="department").update(name="Đã sửa")
    log = SeedLog()
    seed.load(log)
    assert log.total_created == 0
    assert MainIndex.objects.filter(name="Đã sửa").count() == 1
