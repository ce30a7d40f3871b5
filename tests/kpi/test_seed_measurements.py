"""The sourced measurements of kpi/seed_measurements.yaml: every figure quotes its source and the
quote states it; the loader puts them in and a rerun changes nothing."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from kpi import seed
from kpi.models import Indicator, Measurement

RECORDS = seed.measurement_records()

# A rank the passage writes in words: the words (lower case) and the number they mean.
WORDS = {"dẫn đầu": 1, "đứng đầu": 1, "thứ nhất": 1, "first": 1, "thứ hai": 2, "second": 2, "thứ ba": 3,
         "third": 3, "thứ tư": 4, "fourth": 4}  # fmt: skip


def numbers_in(text):
    """Every number the text writes, in the Vietnamese way (22,3 · 1.621.191) or the English one
    (22.3), as Decimals: '12,62%' -> 12.62; '1.621.191' -> 1621191; '0.7163' -> 0.7163."""
    found = set()
    for raw in re.findall(r"\d+(?:[.,]\d+)*", text):
        candidates = {raw.replace(".", "").replace(",", "."), raw.replace(",", "")}
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw) is None:
            candidates.add(raw.replace(",", "."))
        for candidate in candidates:
            if candidate.count(".") <= 1:
                found.add(Decimal(candidate).normalize())
    return found


def stated(record, number):
    """Whether the record's passage states `number`: written as digits, or, for a record that says
    how (`stated_as`, with a note), in words whose meaning is that number."""
    number = Decimal(str(number)).normalize()
    passage = " ".join(record["passage"].split())
    if number in numbers_in(passage):
        return True
    words = (record.get("stated_as") or "").lower()
    return bool(
        words
        and record.get("note")
        and words in passage.lower()
        and any(key in words and value == number for key, value in WORDS.items())
    )


def test_the_normaliser_reads_vietnamese_and_english_numbers():
    assert Decimal("22.3") in numbers_in("đạt 22,3% GRDP")
    assert Decimal("22.3") in numbers_in("about 22.3 per cent")
    assert Decimal("1621191") in numbers_in("ước đạt 1.621.191 tỷ đồng")
    assert Decimal("13.71") in numbers_in("khoảng 13,71%-15,72%") and Decimal("15.72") in numbers_in("13,71%-15,72%")
    assert Decimal("22") in numbers_in("ước đạt 22%") and Decimal("2") not in numbers_in("ước đạt 22%")


@pytest.mark.parametrize("record", RECORDS, ids=[f"{r['indicator']}-{r['year']}-{r['source'][:20]}" for r in RECORDS])
def test_every_record_carries_its_source_and_its_quote_states_it(record):
    assert record["passage"].strip(), "no quoted passage"
    assert record["source"].strip() and len(record["source"]) <= 300
    assert re.match(r"https?://[^\s/]+\.[^\s/]+/", record["url"]), record["url"]
    assert isinstance(record["reported_on"], datetime.date)
    assert 1990 <= record["year"] <= record["reported_on"].year
    has_value, has_range = record.get("value") is not None, record.get("low") is not None
    assert has_value != has_range, "a value or a range (low, high), not both"
    if has_value:
        assert stated(record, record["value"]), (record["value"], record["passage"])
    else:
        assert record["low"] <= record["high"]
        assert stated(record, record["low"]) and stated(record, record["high"]), record["passage"]
    if record.get("stated_as"):
        assert record.get("note"), "a value read from words says so in a note"


def test_a_record_whose_value_the_passage_does_not_state_fails():
    record = dict(RECORDS[0])
    assert stated(record, record["value"])
    assert not stated({**record, "value": Decimal("12.6")}, Decimal("12.6"))
    assert not stated({**record, "value": 99}, 99)
    # Words count only where the record says so, with a note, and only for what they mean.
    rank = {"passage": "TP.HCM dẫn đầu nhóm 63 tỉnh, thành", "stated_as": "dẫn đầu nhóm 63 tỉnh", "note": "x"}
    assert stated(rank, 1) and not stated(rank, 2) and not stated({**rank, "note": ""}, 1)


def test_records_are_unique_and_their_indicators_exist(db):
    slugs = set(Indicator.objects.values_list("slug", flat=True))
    assert {r["indicator"] for r in RECORDS} <= slugs
    keys = [(r["indicator"], r["year"], r["source"]) for r in RECORDS]
    assert len(keys) == len(set(keys))


@pytest.mark.django_db
def test_every_record_is_loaded_with_its_source():
    for record in RECORDS:
        measurement = Measurement.objects.get(
            indicator__slug=record["indicator"], year=record["year"], source=record["source"]
        )
        assert measurement.source_url == record["url"] and measurement.reported_on == record["reported_on"]
        assert measurement.passage == " ".join(record["passage"].split())
        if record.get("value") is not None:
            assert measurement.value == Decimal(str(record["value"]))
        else:
            assert (measurement.low, measurement.high) == (Decimal(str(record["low"])), Decimal(str(record["high"])))
    # Every measurement in the database quotes its source (the seeds' own one included).
    assert not Measurement.objects.filter(passage="").exists()


def _state():
    fields = ["indicator__slug", "year", "value", "low", "high", "source", "source_url", "reported_on", "passage"]
    return sorted(Measurement.objects.values_list(*fields), key=repr)


@pytest.mark.django_db
def test_rerunning_the_loader_changes_nothing_and_keeps_an_editors_change():
    before = _state()
    assert len(before) == len(RECORDS) + 1  # and the seeds' own 2021 range
    call_command("load_seed_content", stdout=StringIO())
    assert _state() == before
    # An editor corrects one seeded figure's value, and another's source name: a rerun keeps both
    # changes and adds no second copy (the source, or the link and the value, identify them).
    economy = Measurement.objects.filter(indicator__slug="kinh-te-so-grdp")
    corrected = economy.get(year=2023, value=Decimal("21.5"))
    corrected.value = Decimal("21.4")
    corrected.save()
    renamed = economy.get(year=2022, value=Decimal("13.51"))
    renamed.source = "Tổng cục Thống kê"
    renamed.save()
    ranked = Measurement.objects.get(indicator__slug="xep-hang-chi-so-cds-cap-tinh", year=2024)
    ranked.source, ranked.value = "Bộ KH&CN", Decimal("4")
    ranked.save()
    edited = _state()
    call_command("load_seed_content", stdout=StringIO())
    assert _state() == edited
    # A deleted seeded figure comes back, as a deleted seeded page does.
    corrected.delete()
    call_command("load_seed_content", stdout=StringIO())
    assert economy.filter(year=2023, value=Decimal("21.5")).exists()
    assert len(_state()) == len(edited)


@pytest.mark.django_db
def test_loading_records_a_revision_for_each_indicator_that_gets_figures():
    indicator = Indicator.objects.get(slug="xep-hang-chi-so-cds-cap-tinh")
    assert indicator.latest_revision is not None
    assert len(indicator.latest_revision.content["measurements"]) == indicator.measurements.count() >= 2


@pytest.mark.django_db
def test_a_status_resting_on_old_data_says_so(client):
    from kpi.models import Plan, Target
    from portal.models import Organisation

    economy = Indicator.objects.get(slug="kinh-te-so-grdp")  # latest figure: 2024
    assert not economy.summary(today_year=2026)["stale"] and economy.summary(today_year=2027)["stale"]
    old = Indicator(slug="so-lieu-cu", name="Chỉ tiêu số liệu cũ", pillar="society", kind="higher_better",
                    place=Organisation.objects.get(area_slug="tphcm"))  # fmt: skip
    old.targets = [Target(plan=Plan.objects.get(slug="qd-2393"), year=2030, value=100, passage="100%")]
    old.measurements = [Measurement(year=2019, value=50, source="Thử nghiệm", passage="50", review="approved")]
    old.save()
    notice = "Số liệu mới nhất năm 2019: tình trạng dựa trên số liệu cũ."
    dashboard = client.get("/chi-tieu/").content.decode()
    card = re.search(r'<h3><a href="/chi-tieu/so-lieu-cu/">.*?</article>', dashboard, re.DOTALL).group(0)
    assert notice in card
    grdp = re.search(r'<h3><a href="/chi-tieu/kinh-te-so-grdp/">.*?</article>', dashboard, re.DOTALL).group(0)
    assert "số liệu cũ" not in grdp
    assert notice in client.get("/chi-tieu/so-lieu-cu/").content.decode()
    assert "số liệu cũ" not in client.get("/chi-tieu/kinh-te-so-grdp/").content.decode()
