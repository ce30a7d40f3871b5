"""Data entry in the admin (issue 14, item 3): a unit's staff upload a sheet of measurements,
see a report per row before anything is saved, then save every row or none; a reviewer approves
each measurement before it is public, or returns it with a note; the history is kept.

The sheet: CSV (UTF-8) or XLSX (first worksheet), a header row with the columns of
`manage.py import_measurements` (kpi/importer.py): chi_tieu*, nam*, gia_tri or tu and den, nguon*,
ngay_cong_bo, lien_ket, doan_trich. Who may send what:
- Cán bộ số liệu (UnitStaff): the indicators whose responsible unit is their own, nothing else;
- Biên tập viên and Người duyệt: every indicator.
A row that repeats a measurement already public (same indicator, year and source, same figures)
changes nothing; one that differs is saved as a new measurement waiting for review, and replaces
the public one only when approved. Between the report and the save the rows travel signed (they
cannot be altered) and are checked again, so a row that became invalid meanwhile stops the save.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.log_actions import log

from documents.importer import RowInvalid
from kpi.importer import FIELDS, parse_row
from kpi.models import Indicator, Measurement, Review, UnitStaff
from kpi.task_entry import decide_chosen

REQUIRED = ("chi_tieu", "nam")
COLUMNS = ["chi_tieu", "nam", "gia_tri", "tu", "den", "nguon", "ngay_cong_bo", "lien_ket", "doan_trich"]
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
SALT = "kpi.data_entry"
NEW, UPDATE, SAME = "new", "update", "same"
ACTIONS = {
    NEW: gettext_lazy("Số đo mới"),
    UPDATE: gettext_lazy("Thay số đo đang công khai"),
    SAME: gettext_lazy("Không đổi"),
}


class SheetError(Exception):
    pass


class UploadForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("Bảng số liệu (.csv hoặc .xlsx)"),
        help_text=gettext_lazy(
            "Dòng đầu là tên cột: chi_tieu, nam, gia_tri (hoặc tu và den), nguon, ngay_cong_bo, lien_ket, doan_trich."
        ),
    )

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if sheet.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."))
        try:
            self.rows = read_sheet(sheet)
        except SheetError as error:
            raise forms.ValidationError(str(error)) from error
        if not self.rows:
            raise forms.ValidationError(_("Tệp không có dòng số liệu nào dưới dòng tên cột."))
        return sheet


def _cell(value):
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def _rows(header, records, required):
    names = [str(name or "").strip().lower() for name in header]
    if any(name not in names for name in required):
        if required == REQUIRED:
            raise SheetError(_("Dòng đầu phải có tên cột, ít nhất chi_tieu và nam."))
        raise SheetError(_("Dòng đầu phải có tên cột, ít nhất: %(columns)s.") % {"columns": ", ".join(required)})
    rows = []
    for line, values in records:
        row = {name: _cell(value) for name, value in zip(names, values, strict=False) if name}
        if any(row.values()):
            rows.append((line, row))
            if len(rows) > MAX_ROWS:
                raise SheetError(_("Tệp có hơn %(max)s dòng; hãy chia nhỏ.") % {"max": MAX_ROWS})
    return rows


def read_sheet(upload, required=None):
    """[(line, {column: text})] from a CSV or XLSX upload whose header names the `required` columns
    (the measurement sheet's by default; dxindex's component list reads its own); SheetError for an
    unreadable file."""
    required = tuple(required or REQUIRED)
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SheetError(_("Tệp CSV phải mã hoá UTF-8.")) from error
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if header is None:
            return []

        def records():
            for values in reader:
                yield reader.line_num, values

        return _rows(header, records(), required)
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise SheetError(_("Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính).")) from error
        try:
            sheet = workbook.worksheets[0]
            records = enumerate(sheet.iter_rows(values_only=True), start=1)
            first = next(records, None)
            return [] if first is None else _rows(first[1], records, required)
        finally:
            workbook.close()
    raise SheetError(_("Chỉ nhận tệp .csv hoặc .xlsx."))


@dataclass
class RowReport:
    line: int
    row: dict
    errors: list = field(default_factory=list)
    measurement: Measurement | None = None
    action: str = ""

    @property
    def ok(self):
        return not self.errors

    @property
    def action_label(self):
        return ACTIONS.get(self.action, "")


def allowed_indicators(user):
    """The indicators this account may send measurements for, by code."""
    indicators = Indicator.objects.select_related("place").prefetch_related("measurements")
    staff = UnitStaff.objects.filter(user=user).first()
    if staff is not None and not user.has_perm("kpi.review_measurement"):
        indicators = indicators.filter(responsible_unit=staff.unit)
    return {indicator.slug: indicator for indicator in indicators}


def validate(rows, user):
    """A RowReport per row: its errors (translated), else the unsaved measurement and what saving does."""
    allowed = allowed_indicators(user)
    known = set(Indicator.objects.values_list("slug", flat=True)) if len(allowed) < Indicator.objects.count() else None
    seen, reports = {}, []
    for line, row in rows:
        report = RowReport(line, row)
        reports.append(report)
        slug = (row.get("chi_tieu") or "").strip()
        if known is not None and slug in known and slug not in allowed:
            report.errors.append(("chi_tieu", _("Chỉ tiêu %(code)s không thuộc đơn vị của bạn.") % {"code": slug}))
            continue
        try:
            measurement = parse_row(row, allowed)
        except RowInvalid as error:
            report.errors.append((error.field, error.reason))
            continue
        key = (slug, measurement.year, measurement.source)
        if key in seen:
            report.errors.append(
                ("nguon", _("Trùng dòng %(line)s: cùng chỉ tiêu, năm và nguồn.") % {"line": seen[key]})
            )
            continue
        seen[key] = line
        public = [
            m
            for m in measurement.indicator.measurements.all()
            if m.review == Review.APPROVED and m.year == measurement.year and m.source == measurement.source
        ]
        if public and all(getattr(public[0], name) == getattr(measurement, name) for name in FIELDS):
            report.action = SAME
        else:
            report.action = UPDATE if public else NEW
        report.measurement = measurement
    return reports


def _can_submit(user):
    if not user.has_perm("kpi.submit_measurement"):
        raise PermissionDenied


def _report(request, reports, form=None, filename=""):
    bad = [report for report in reports if not report.ok]
    payload = ""
    if reports and not bad:
        payload = signing.dumps(
            {"file": filename, "rows": [[report.line, report.row] for report in reports]}, salt=SALT, compress=True
        )
    context = {
        "form": form or UploadForm(),
        "reports": reports,
        "bad": bad,
        "to_save": sum(1 for report in reports if report.ok and report.action != SAME),
        "payload": payload,
        "filename": filename,
        "columns": COLUMNS,
        "recent": recent_submissions(request.user),
    }
    return TemplateResponse(request, "kpi/admin/upload.html", context)


def recent_submissions(user, limit=20):
    return list(
        Measurement.objects.filter(entered_by=user)
        .select_related("indicator", "reviewed_by")
        .order_by("-entered_at", "-pk")[:limit]
    )


@require_http_methods(["GET", "POST"])
def upload(request):
    """Step 1: the file, then the report per row. Nothing is saved here."""
    _can_submit(request.user)
    if request.method == "GET":
        return _report(request, [])
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _report(request, [], form=form)
    return _report(
        request, validate(form.rows, request.user), form=UploadForm(), filename=form.cleaned_data["sheet"].name
    )


@require_POST
def confirm(request):
    """Step 2: every row checked again and saved in one transaction, or none at all."""
    _can_submit(request.user)
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=SALT, max_age=6 * 3600)
    except signing.BadSignature:
        messages.error(request, _("Phiên tải lên không hợp lệ hoặc đã quá hạn; hãy tải tệp lên lại."))
        return redirect("kpi_upload")
    reports = validate([(line, row) for line, row in data["rows"]], request.user)
    if any(not report.ok for report in reports):
        messages.error(request, _("Số liệu đã thay đổi kể từ khi kiểm tra: chưa lưu dòng nào. Hãy xem lại báo cáo."))
        return _report(request, reports, filename=data["file"])
    now = timezone.now()
    saved = 0
    with transaction.atomic():
        for report in reports:
            if report.action == SAME:
                continue
            measurement = report.measurement
            measurement.entered_by, measurement.entered_at, measurement.review = request.user, now, Review.PENDING
            measurement.save()
            log(
                instance=measurement.indicator,
                action="kpi.measurement.submit",
                user=request.user,
                data={"year": measurement.year, "value": measurement.display, "source": measurement.source},
            )
            saved += 1
    messages.success(
        request,
        _("Đã gửi %(count)s số đo từ %(file)s; số đo chỉ công khai sau khi được duyệt.")
        % {"count": saved, "file": data["file"]},
    )
    return redirect("kpi_upload")


# --- review ---------------------------------------------------------------------------------------


def _can_review(user):
    if not user.has_perm("kpi.review_measurement"):
        raise PermissionDenied


def approve(measurement, reviewer, now=None):
    """Make it public; a public measurement of the same indicator, year and source is replaced
    (its figures stay in the indicator's history: the log entry, and the revision the caller
    saves once per indicator approved)."""
    now = now or timezone.now()
    replaced = list(
        Measurement.objects.filter(
            indicator=measurement.indicator_id, year=measurement.year, source=measurement.source, review=Review.APPROVED
        ).exclude(pk=measurement.pk)
    )
    for old in replaced:
        old.delete()
    measurement.review, measurement.reviewed_by, measurement.reviewed_at = Review.APPROVED, reviewer, now
    measurement.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    log(
        instance=measurement.indicator,
        action="kpi.measurement.approve",
        user=reviewer,
        data={
            "year": measurement.year,
            "value": measurement.display,
            "source": measurement.source,
            "replaced": [old.display for old in replaced],
        },
    )


def return_to_sender(measurement, reviewer, note, now=None):
    measurement.review, measurement.reviewed_by = Review.RETURNED, reviewer
    measurement.reviewed_at, measurement.review_note = now or timezone.now(), note
    measurement.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
    log(
        instance=measurement.indicator,
        action="kpi.measurement.return",
        user=reviewer,
        data={"year": measurement.year, "value": measurement.display, "note": note},
    )


@require_http_methods(["GET", "POST"])
def review_queue(request):
    """Measurements waiting for review, oldest first; approve some, or return them with a note."""
    _can_review(request.user)
    pending = Measurement.objects.filter(review=Review.PENDING).select_related("indicator__place", "entered_by")
    if request.method == "POST":

        def act(chosen, decision, note):
            for measurement in chosen:
                if decision == "duyet":
                    approve(measurement, request.user)
                else:
                    return_to_sender(measurement, request.user, note)
            if decision == "duyet":
                for indicator in {m.indicator_id: m.indicator for m in chosen}.values():
                    indicator.save_revision(user=request.user)

        decided = decide_chosen(request, pending, act)
        if decided:
            # Saving each measurement schedules the purge of its indicator's pages (kpi.embeds).
            decision, chosen = decided
            if decision == "duyet":
                messages.success(request, _("Đã duyệt %(count)s số đo; số đo đã công khai.") % {"count": len(chosen)})
            else:
                messages.success(request, _("Đã trả lại %(count)s số đo.") % {"count": len(chosen)})
            return redirect("kpi_review")
    context = {"pending": list(pending.order_by("entered_at", "pk")[:500]), "total": pending.count()}
    return TemplateResponse(request, "kpi/admin/review.html", context)
