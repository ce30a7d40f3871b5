"""Importing measurements from CSV.

Columns: chi_tieu* (the indicator's code), nam* (year), gia_tri (a value) or tu and den (a range),
nguon* (publisher or source), ngay_cong_bo (YYYY-MM-DD or DD/MM/YYYY), lien_ket (URL), doan_trich.
A measurement is identified by indicator, year and source: a row that matches one updates it, an
identical row changes nothing. Each bad row is reported (line, column, reason) and not saved.
Every indicator that changes gets a revision, so the history shows who imported what.
"""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from documents.importer import RowError, RowInvalid, parse_date
from kpi.models import Indicator, Measurement, Review


def _decimal(row, name):
    raw = (row.get(name) or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise RowInvalid(name, _("không phải số: %(value)s") % {"value": repr(raw)}) from exc


def parse_row(row, indicators):
    slug = (row.get("chi_tieu") or "").strip()
    if slug not in indicators:
        raise RowInvalid("chi_tieu", _("không có chỉ tiêu %(code)s") % {"code": repr(slug)})
    year = (row.get("nam") or "").strip()
    if not (year.isdigit() and 1990 <= int(year) <= 2100):
        raise RowInvalid("nam", _("năm không hợp lệ: %(value)s") % {"value": repr(year)})
    source = (row.get("nguon") or "").strip()
    if not source:
        raise RowInvalid("nguon", _("thiếu nguồn số liệu"))
    url = (row.get("lien_ket") or "").strip()
    if url:
        try:
            URLValidator()(url)
        except ValidationError as exc:
            raise RowInvalid("lien_ket", _("liên kết không hợp lệ: %(value)s") % {"value": repr(url)}) from exc
    measurement = Measurement(
        indicator=indicators[slug],
        year=int(year),
        value=_decimal(row, "gia_tri"),
        low=_decimal(row, "tu"),
        high=_decimal(row, "den"),
        source=source[:300],
        source_url=url,
        reported_on=parse_date((row.get("ngay_cong_bo") or "").strip(), "ngay_cong_bo"),
        passage=(row.get("doan_trich") or "").strip(),
    )
    try:
        measurement.clean()
    except ValidationError as exc:
        raise RowInvalid("gia_tri", "; ".join(exc.messages)) from exc
    return measurement


FIELDS = ["value", "low", "high", "source_url", "reported_on", "passage"]


def import_measurements(text, user=None):
    """Returns (created, updated, unchanged, errors). The command is an administrator's tool on
    the server: what it imports is public at once when run without --user or by a reviewer;
    another account's import waits for review like an upload in the admin (kpi/data_entry.py)."""
    review = Review.APPROVED if user is None or user.has_perm("kpi.review_measurement") else Review.PENDING
    indicators = {i.slug: i for i in Indicator.objects.prefetch_related("measurements")}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    created = updated = unchanged = 0
    errors, changed = [], {}
    for row in reader:
        try:
            new = parse_row(row, indicators)
        except RowInvalid as exc:
            errors.append(RowError(reader.line_num, exc.field, exc.reason))
            continue
        indicator = new.indicator
        existing = next(
            (m for m in indicator.measurements.all() if m.year == new.year and m.source == new.source), None
        )
        if existing is None:
            new.entered_by, new.review = user, review
            changed.setdefault(indicator.pk, (indicator, []))[1].append(new)
            created += 1
        elif any(getattr(existing, f) != getattr(new, f) for f in FIELDS):
            for name in FIELDS:
                setattr(existing, name, getattr(new, name))
            existing.entered_by, existing.review = user, review
            changed.setdefault(indicator.pk, (indicator, []))[1].append(existing)
            updated += 1
        else:
            unchanged += 1
    for indicator, measurements in changed.values():
        with transaction.atomic():
            for measurement in measurements:
                measurement.indicator = indicator
                measurement.save()
            indicator.refresh_from_db()
            indicator.save_revision(user=user, log_action=True)
    return created, updated, unchanged, errors
