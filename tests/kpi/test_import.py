import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from kpi.importer import import_measurements
from kpi.models import Indicator, Measurement

pytestmark = pytest.mark.django_db
HEADER = "chi_tieu,nam,gia_tri,tu,den,nguon,ngay_cong_bo,lien_ket,doan_trich\n"


def test_import_good_and_bad_rows_then_rerun(tmp_path, editor):
    text = HEADER + (
        'nang-suat-lao-dong,2023,"7,2",,,Cục Thống kê TP.HCM,2024-01-15,https://example.vn/a,\n'
        "khong-co,2023,5,,,X,,,\n"
        "nang-suat-lao-dong,nam,5,,,X,,,\n"
        "nang-suat-lao-dong,2023,,6,,X,,,\n"
        "nang-suat-lao-dong,2024,abc,,,X,,,\n"
        "nang-suat-lao-dong,2024,5,,,,,,\n"
        "nang-suat-lao-dong,2024,5,,,X,,khong-phai-url,\n"
    )
    created, updated, unchanged, errors = import_measurements(text, editor)
    assert (created, updated, unchanged) == (1, 0, 0)
    assert [(e.line, e.field) for e in errors] == [
        (3, "chi_tieu"), (4, "nam"), (5, "gia_tri"), (6, "gia_tri"), (7, "nguon"), (8, "lien_ket"),
    ]  # fmt: skip
    measurement = Measurement.objects.get(indicator__slug="nang-suat-lao-dong")
    assert str(measurement.value) == "7.2000" and measurement.entered_by == editor
    indicator = Indicator.objects.get(slug="nang-suat-lao-dong")
    assert indicator.revisions.count() == 2  # the seed's and the import's
    assert indicator.summary()["latest"] == measurement
    again = import_measurements(text, editor)
    assert again[:3] == (0, 0, 1)
    path = tmp_path / "so-do.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="6 dòng lỗi"):
        call_command("import_measurements", str(path))


def test_editor_may_edit_indicators_but_not_plans(editor, reviewer):
    assert Group.objects.get(name="Biên tập viên") in editor.groups.all()
    assert editor.has_perm("kpi.change_indicator") and not editor.has_perm("kpi.change_plan")
    assert reviewer.has_perm("kpi.change_plan") and reviewer.has_perm("kpi.delete_indicator")


def test_a_measurement_added_in_the_admin_records_its_editor(client, editor):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    indicator = Indicator.objects.get(slug="nang-suat-lao-dong")
    targets = [
        {
            "id": t.pk,
            "plan": t.plan_id,
            "year": t.year,
            "value": str(t.value),
            "base_year": "",
            "passage": t.passage,
            "weight": str(t.weight),
        }
        for t in indicator.targets.all()
    ]
    data = nested_form_data(
        {
            "name": indicator.name,
            "slug": indicator.slug,
            "description": indicator.description,
            "pillar": indicator.pillar,
            "place": indicator.place_id,
            "unit": indicator.unit,
            "kind": indicator.kind,
            "comparator": indicator.comparator,
            "baseline_year": "",
            "baseline_value": "",
            "targets": inline_formset(targets, initial=len(targets)),
            "measurements": inline_formset(
                [
                    {
                        "year": 2024,
                        "value": "6.5",
                        "low": "",
                        "high": "",
                        "source": "Cục Thống kê TP.HCM",
                        "reported_on": "",
                        "source_document": "",
                        "source_url": "",
                        "passage": "",
                    }
                ]
            ),
        }
    )
    client.force_login(editor)
    response = client.post(reverse("wagtailsnippets_kpi_indicator:edit", args=(indicator.pk,)), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    measurement = Measurement.objects.get(indicator=indicator, year=2024)
    assert measurement.entered_by == editor
    assert indicator.revisions.count() == 2
