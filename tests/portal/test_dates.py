"""Issue 11 item 1: dates are read day first in every language, as the admin's widgets write them
(WAGTAIL_DATE_FORMAT dd/mm/yyyy), and the importers read dd/mm/yyyy and ISO, never month first."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.utils import formats, timezone, translation
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from documents.importer import RowInvalid
from documents.importer import parse_date as import_date
from portal.formats import parse_date

LANGUAGES = [code for code, _ in settings.LANGUAGES]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/4/2022", datetime.date(2022, 4, 12)),
        ("12/04/2022", datetime.date(2022, 4, 12)),
        ("2/3/2023", datetime.date(2023, 3, 2)),
        ("28/11/2026", datetime.date(2026, 11, 28)),
        ("31/12/2025", datetime.date(2025, 12, 31)),
        ("2022-04-12", datetime.date(2022, 4, 12)),
    ],
)
def test_date_fields_read_day_first(lang, typed, expected):
    with translation.override(lang):
        assert forms.DateField().clean(typed) == expected
        assert forms.DateField(widget=AdminDateInput).clean(typed) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_month_first_is_refused(lang):
    with translation.override(lang), pytest.raises(forms.ValidationError):
        forms.DateField().clean("4/28/2022")  # no 28th month: month-first input is not accepted


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/04/2022 09:30", (2022, 4, 12, 9, 30)),
        ("28/11/2026 14:05", (2026, 11, 28, 14, 5)),
        ("28/11/2026 14:05:10", (2026, 11, 28, 14, 5, 10)),
        ("2026-11-28 14:05", (2026, 11, 28, 14, 5)),
    ],
)
def test_datetime_fields_read_day_first(lang, typed, expected):
    with translation.override(lang):
        value = forms.DateTimeField().clean(typed)
    assert timezone.localtime(value).replace(tzinfo=None) == datetime.datetime(*expected)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wagtail_formats_are_input_formats(lang):
    """Wagtail's own check (wagtailadmin.E003), which Django 6 no longer runs (no USE_L10N)."""
    with translation.override(lang):
        assert settings.WAGTAIL_DATE_FORMAT in formats.get_format("DATE_INPUT_FORMATS")
        assert settings.WAGTAIL_DATETIME_FORMAT in formats.get_format("DATETIME_INPUT_FORMATS")
        for name in ("DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"):
            assert not [fmt for fmt in formats.get_format(name) if fmt.startswith(("%m", "%b", "%B"))]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("day", [datetime.date(2022, 4, 12), datetime.date(2023, 3, 2), datetime.date(2026, 11, 28)])
def test_admin_widgets_read_back_what_they_write(lang, day):
    with translation.override(lang):
        field = forms.DateField(widget=AdminDateInput)
        shown = field.widget.format_value(day)
        assert shown == day.strftime("%d/%m/%Y")
        assert field.clean(shown) == day

        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 15)))
        field = forms.DateTimeField(widget=AdminDateTimeInput)
        shown = field.widget.format_value(timezone.localtime(moment))
        assert shown == timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")
        assert field.clean(shown) == moment


def test_no_language_active_reads_day_first():
    """Management commands and importers run with no language active."""
    with translation.override(None):
        assert forms.DateField().clean("12/4/2022") == datetime.date(2022, 4, 12)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12/4/2022", datetime.date(2022, 4, 12)),
        ("2/3/2023", datetime.date(2023, 3, 2)),
        ("28/11/2026", datetime.date(2026, 11, 28)),
        ("12-04-2022", datetime.date(2022, 4, 12)),
        ("12.04.2022", datetime.date(2022, 4, 12)),
        ("2022-04-12", datetime.date(2022, 4, 12)),
        ("2022-04-12T00:00:00", datetime.date(2022, 4, 12)),
        (" 12/4/2022 ", datetime.date(2022, 4, 12)),
    ],
)
def test_importers_read_day_first(raw, expected):
    assert parse_date(raw) == expected
    assert import_date(raw, "ngay_ban_hanh") == expected


@pytest.mark.parametrize("raw", ["4/28/2022", "2022-28-04", "12/4", "hôm qua", "32/1/2022"])
def test_importers_refuse_what_is_not_a_day_first_date(raw):
    assert parse_date(raw) is None
    with pytest.raises(RowInvalid):
        import_date(raw, "ngay_ban_hanh")


@pytest.mark.django_db
def test_kpi_importer_reads_day_first():
    from kpi.importer import parse_row
    from kpi.models import Indicator

    indicator = Indicator.objects.first()
    if indicator is None:
        pytest.skip("no seeded indicator")
    row = {"chi_tieu": indicator.slug, "nam": "2022", "gia_tri": "1", "nguon": "Báo cáo", "ngay_cong_bo": "12/4/2022"}
    assert parse_row(row, {indicator.slug: indicator}).reported_on == datetime.date(2022, 4, 12)
