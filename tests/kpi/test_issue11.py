"""Issue 11, KPI items: the block with only a plan or a pillar (10), the place in the indicator
chooser (7), the plan's full name, units, progress beside "no data", the city's indicators on the
home page (20)."""

import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kpi import progress
from kpi.blocks import KpiBlock
from kpi.models import Indicator, Plan, shorten, with_unit
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


# --- item 10: the KPI block -----------------------------------------------------------------------


def test_a_new_kpi_block_starts_without_an_indicator_row():
    block = KpiBlock()
    assert list(block.get_default()["indicators"]) == []


def _value(block, **data):
    return block.to_python({"heading": "", "indicators": [], "plan": None, "pillar": "", "limit": 6, **data})


def test_kpi_block_with_only_a_plan_or_a_pillar_is_valid_even_with_an_empty_indicator_row():
    block = KpiBlock()
    plan = Plan.objects.get(slug="kh-cds-2024")
    # The form as an editor leaves it: one empty indicator row (None), and a plan.
    value = block.clean(_value(block, indicators=[None], plan=plan.pk))
    assert value["plan"] == plan and list(value["indicators"]) == []
    value = block.clean(_value(block, indicators=[None, None], pillar="economy"))
    assert value["pillar"] == "economy" and list(value["indicators"]) == []
    grdp = Indicator.objects.get(slug="kinh-te-so-grdp")
    value = block.clean(_value(block, indicators=[None, grdp.pk]))
    assert list(value["indicators"]) == [grdp]


def test_kpi_block_with_nothing_chosen_says_what_to_choose():
    block = KpiBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(_value(block, indicators=[None]))
    messages = [str(e.message) for e in error.value.non_block_errors.as_data()]
    assert messages == ["Hãy chọn chỉ tiêu, một kế hoạch hoặc một trụ cột."]


def _edit_form_data(page, body):
    """The POST data of the page's edit form, as an editor submits it unchanged except for `body`."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=None, parent_page=page.get_parent())
    data = {}
    for name, field in form.fields.items():
        if name == "body":
            continue
        if type(field).__name__ == "BlockField":  # other stream fields: as the factory left them, empty
            assert not form.initial.get(name)
            data.update(nested_form_data({name: streamfield([])}))
            continue
        value = form.initial.get(name, field.initial)
        if callable(value):
            value = value()
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = getattr(value, "pk", value)
        if hasattr(field.widget, "format_value") and not isinstance(value, (list, tuple, bool, int, str)):
            data[name] = field.widget.format_value(value)
    for prefix in form.formsets:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    data.update(nested_form_data({"body": streamfield(body)}))
    return data


def test_saving_a_page_whose_kpi_block_has_only_a_plan(client, superuser, home_page):
    page = StandardPageFactory(parent=home_page, title="Kế hoạch 2024", slug="ke-hoach-2024")
    plan = Plan.objects.get(slug="kh-cds-2024")
    kpi = {
        "heading": "Chỉ tiêu năm 2024",
        # the one empty row the form used to start with, left as it is
        "indicators": {"count": "1", "0": {"value": "", "deleted": "", "order": "0", "id": "row-0"}},
        "plan": str(plan.pk),
        "pillar": "",
        "limit": "6",
    }
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        {**_edit_form_data(page, [("kpi", kpi)]), "action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page.refresh_from_db()
    block = page.body[0]
    assert block.block_type == "kpi" and block.value["plan"] == plan and list(block.value["indicators"]) == []
    html = client.get(page.url).content.decode()
    expected = Indicator.objects.filter(targets__plan=plan).distinct().count()
    assert html.count('<article class="kpi-card') == min(expected, 6) > 0


# --- item 7: the place in the indicator chooser ------------------------------------------------------


def test_the_indicator_chooser_shows_each_indicators_place(client, superuser):
    client.force_login(superuser)
    url = reverse("wagtailsnippetchoosers_kpi_indicator:choose_results")
    places, number = set(), 1
    while number <= 20:
        response = client.get(url, {"p": number})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Địa phương" in html and "Trụ cột" in html  # the column headings
        rows = re.findall(r"<tr[^>]*>.*?</tr>", html, re.DOTALL)[1:]
        results = list(response.context["results"])
        assert len(rows) == len(results) > 0
        for row, indicator in zip(rows, results, strict=True):
            assert indicator.name in row and f"<td>{indicator.place.area_label}</td>" in re.sub(
                r"\s*(<|>)\s*", r"\1", row
            )
            places.add(indicator.place.area_slug)
        if not response.context["results"].has_next():
            break
        number += 1
    assert {"tphcm", "cao-lanh"} <= places
    # The chosen indicator is named with its place too (the chooser widget shows str()).
    grdp = Indicator.objects.get(slug="kinh-te-so-grdp")
    assert str(grdp) == "Tỷ trọng kinh tế số trong GRDP (Thành phố Hồ Chí Minh)"


# --- item 20: the plan's name, units, progress, the home block ---------------------------------------


def test_shorten_cuts_at_a_word_boundary():
    assert shorten("một hai ba", 80) == "một hai ba"
    text = "Kế hoạch triển khai Chương trình “Chuyển đổi số của TP.HCM” và Đề án “Xây dựng TP.HCM trở thành"
    short = shorten(text, 80)
    assert len(short) <= 80 and short.endswith("…")
    kept = short[:-1]
    assert text.startswith(kept) and text[len(kept)] == " "


def test_the_2024_plan_keeps_its_full_name_and_is_shortened_only_for_display(client):
    plan = Plan.objects.get(slug="kh-cds-2024")
    assert plan.title.endswith("(nguồn không nêu số hiệu)")  # stored whole
    assert plan.label == plan.title
    assert "Xây dựng T…" not in plan.short_label and not plan.short_label.endswith("Xây dựng T")
    assert plan.title.startswith(plan.short_label.rstrip("…"))
    dashboard = client.get("/chi-tieu/").content.decode()
    assert f'title="{plan.title}"' in dashboard.replace("&quot;", '"')
    assert plan.title[:80] + "<" not in dashboard  # the old cut-off name is shown nowhere
    indicator = Indicator.objects.filter(targets__plan=plan).first()
    page = client.get(indicator.url).content.decode()
    assert plan.title in page
    data = json.loads(client.get("/chi-tieu/du-lieu-mo/json/", {"ke-hoach": plan.slug}).content)
    assert data["count"] and all(t["ke_hoach"] == plan.title for row in data["indicators"] for t in row["muc_tieu"])


def test_with_unit():
    assert with_unit("≥ 40", "% GRDP") == "≥ 40% GRDP"
    assert with_unit("≤ 2", "hạng") == "≤ 2 hạng"
    assert with_unit("13,71–15,72", "") == "13,71–15,72"


def test_list_views_show_the_unit_of_every_target(client, home_page):
    dashboard = client.get("/chi-tieu/").content.decode()
    assert "<strong>≥ 40% GRDP</strong>" in dashboard
    cards = re.findall(r'<article class="kpi-card.*?</article>', dashboard, re.DOTALL)
    by_url = {indicator.url: indicator for indicator in Indicator.objects.prefetch_related("targets")}
    checked = 0
    for card in cards:
        indicator = by_url[re.search(r'<h3><a href="([^"]+)"', card).group(1)]
        if not indicator.unit or indicator.kind == progress.MILESTONE:
            continue
        for strong in re.findall(r'<p class="kpi-card__target">.*?<strong>(.*?)</strong>', card, re.DOTALL):
            assert strong.endswith(indicator.unit), (indicator.slug, strong)
            checked += 1
    assert checked > 10
    home = client.get(home_page.url).content.decode()
    assert "% GRDP</strong>" in home


def test_no_progress_beside_no_data_anywhere():
    for indicator in Indicator.objects.prefetch_related("targets", "measurements"):
        for target in indicator.targets.all():
            for year in (2022, 2024, 2026, 2031):
                assessment = indicator.assess(target, year)
                if assessment.status == progress.NO_DATA:
                    assert assessment.progress is None and not assessment.has_progress
    # The case of the issue: one 2021 range, a 2030 target, no baseline. (The seeded GRDP indicator
    # was that case until sourced measurements were seeded: kpi/seed_measurements.yaml.)
    only_range = [progress.Point(2021, None, Decimal("13.71"), Decimal("15.72"))]
    assessment = progress.assess(progress.HIGHER, "at_least", 2030, Decimal(40), only_range, 2026)
    assert assessment.status == progress.NO_DATA and assessment.progress is None
    assessment = progress.assess(progress.HIGHER, "at_least", 2025, 10, [progress.Point(2021, 5)], 2026)
    assert assessment.status == progress.NO_DATA and assessment.progress is None


def test_the_grdp_card_shows_no_progress_beside_no_data(client):
    dashboard = client.get("/chi-tieu/").content.decode()
    for card in re.findall(r'<article class="kpi-card kpi-card--chua-co-so-lieu".*?</article>', dashboard, re.DOTALL):
        assert "<meter" not in card and "Tiến độ" not in card
    assert re.search(r'<article class="kpi-card kpi-card--chua-co-so-lieu"', dashboard)
    # The GRDP card is measured now (seeded sources up to 2024): it shows its status and progress;
    # an indicator still without data shows neither, in the card and in the export.
    grdp = re.search(r'<article class="kpi-card[^"]*"[^>]*>\s*<h3><a href="/chi-tieu/kinh-te-so-grdp/">.*?</article>',
                     dashboard, re.DOTALL).group(0)  # fmt: skip
    assert "Chưa có số liệu" not in grdp and "<meter" in grdp
    data = json.loads(client.get("/chi-tieu/du-lieu-mo/json/").content)
    economy = next(item for item in data["indicators"] if item["ma"] == "kinh-te-so-grdp")
    assert economy["tien_do"] is not None
    unmeasured = next(item for item in data["indicators"] if item["ma"] == "nang-suat-lao-dong")
    assert unmeasured["so_do"] == [] and unmeasured["tien_do"] is None


def test_the_home_page_shows_only_the_citys_indicators(client, home_page):
    from kpi.wagtail_hooks import headline_indicators

    section = headline_indicators(None, home_page)
    assert section["rows"]
    assert {row["indicator"].place.area_slug for row in section["rows"]} == {"tphcm"}
    # Even when another place's indicator would come first by name in a pillar.
    cao_lanh = Indicator.objects.filter(place__area_slug="cao-lanh").first()
    Indicator.objects.filter(pk=cao_lanh.pk).update(name="A " + cao_lanh.name, pillar="government")
    section = headline_indicators(None, home_page)
    assert {row["indicator"].place.area_slug for row in section["rows"]} == {"tphcm"}
    html = client.get(home_page.url).content.decode()
    block = html.split('id="home-section-kpi"', 1)[1].split("</section>", 1)[0]
    assert "/chi-tieu/" in block
    for indicator in Indicator.objects.exclude(place__area_slug="tphcm"):
        assert f'href="{indicator.url}"' not in block
