"""The component list of an index version, imported from a sheet (CSV UTF-8 or XLSX) in the admin
the way kpi/data_entry.py imports measurements: the file is read (kpi.data_entry.read_sheet), each
row is checked and reported before anything is saved, then every row is saved in one transaction or
none is (the rows travel signed between the report and the save, and are checked again).

Columns (header row): khoi* (department / district / commune, the unit type of the version),
chi_so_chinh* (the main index's order number, 1, 2, …), ma* (the component's code), ten*,
diem_toi_da*, cach_tinh* (yes_no / tiers / ratio / appraiser), tham_so (JSON, as the method needs),
thu_tu, tai_lieu_kiem_chung, co_quan_cung_cap (the supplying agency's slug in the registry).
A row whose code already exists under that main index updates the component; the others are new.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxindex import scoring
from dxindex.models import Component, MainIndex, Method
from kpi.data_entry import MAX_BYTES, SheetError, read_sheet
from portal.models import Organisation

REQUIRED = ("khoi", "chi_so_chinh", "ma", "ten", "diem_toi_da", "cach_tinh")
COLUMNS = [*REQUIRED, "tham_so", "thu_tu", "tai_lieu_kiem_chung", "co_quan_cung_cap"]
SALT = "dxindex.importer"
NEW, UPDATE = "new", "update"
ACTIONS = {NEW: gettext_lazy("Chỉ số mới"), UPDATE: gettext_lazy("Cập nhật chỉ số đã có")}


class ComponentSheetForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("Danh mục chỉ số thành phần (.csv hoặc .xlsx)"),
        help_text=gettext_lazy("Dòng đầu là tên cột: %(columns)s.") % {"columns": ", ".join(COLUMNS)},
    )

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if sheet.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."))
        try:
            self.rows = read_sheet(sheet, required=REQUIRED)
        except SheetError as error:
            raise forms.ValidationError(str(error)) from error
        if not self.rows:
            raise forms.ValidationError(_("Tệp không có dòng nào dưới dòng tên cột."))
        return sheet


@dataclass
class RowReport:
    line: int
    row: dict
    errors: list = field(default_factory=list)
    component: Component | None = None
    action: str = ""

    @property
    def ok(self):
        return not self.errors

    @property
    def action_label(self):
        return ACTIONS.get(self.action, "")


def _decimal(text):
    try:
        value = Decimal(str(text).replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def validate(version, rows):
    """A RowReport per row: its errors (translated) or the unsaved component and what saving does."""
    mains = {
        (main.unit_type.kind, main.order): main
        for main in MainIndex.objects.filter(unit_type__version=version).select_related("unit_type")
    }
    existing = {
        (component.main_index_id, component.code): component
        for component in Component.objects.filter(main_index__unit_type__version=version)
    }
    agencies = {body.slug: body for body in Organisation.objects.only("pk", "slug", "name")}
    seen, reports = {}, []
    for line, row in rows:
        report = RowReport(line, row)
        reports.append(report)
        errors = report.errors
        for column in REQUIRED:
            if not (row.get(column) or "").strip():
                errors.append((column, _("Thiếu giá trị.")))
        if errors:
            continue
        order = row["chi_so_chinh"].strip()
        main = mains.get((row["khoi"].strip(), int(order))) if order.isdigit() else None
        if main is None:
            errors.append(
                (
                    "chi_so_chinh",
                    _("Bộ chỉ số không có chỉ số chính số %(order)s của khối %(kind)s.")
                    % {"order": order, "kind": row["khoi"]},
                )
            )
        max_points = _decimal(row["diem_toi_da"])
        if max_points is None or max_points <= 0 or max_points.as_tuple().exponent < -2:
            errors.append(("diem_toi_da", _("Điểm tối đa phải là số dương, tối đa 2 chữ số thập phân.")))
        method = row["cach_tinh"].strip()
        if method not in Method.values:
            errors.append(
                ("cach_tinh", _("Cách tính phải là một trong: %(methods)s.") % {"methods": ", ".join(Method.values)})
            )
        params = {}
        if (row.get("tham_so") or "").strip():
            try:
                params = json.loads(row["tham_so"])
            except ValueError:
                errors.append(("tham_so", _("Tham số không phải JSON hợp lệ.")))
        if not errors:
            try:
                params = scoring.validate_params(method, params, max_points)
            except ValidationError as error:
                errors.extend(("tham_so", message) for message in error.messages)
        agency = None
        if (row.get("co_quan_cung_cap") or "").strip():
            agency = agencies.get(row["co_quan_cung_cap"].strip())
            if agency is None:
                errors.append(
                    (
                        "co_quan_cung_cap",
                        _("Không có cơ quan mã %(slug)s trong danh mục.") % {"slug": row["co_quan_cung_cap"]},
                    )
                )
        thu_tu = (row.get("thu_tu") or "").strip()
        if thu_tu and not thu_tu.isdigit():
            errors.append(("thu_tu", _("Thứ tự phải là số nguyên không âm.")))
        code = row["ma"].strip()
        if len(code) > 20:
            errors.append(("ma", _("Mã dài quá 20 ký tự.")))
        if errors:
            continue
        key = (main.pk, code)
        if key in seen:
            errors.append(("ma", _("Trùng dòng %(line)s: cùng chỉ số chính và mã.") % {"line": seen[key]}))
            continue
        seen[key] = line
        component = existing.get(key) or Component(main_index=main, code=code)
        report.action = UPDATE if component.pk else NEW
        component.name = row["ten"].strip()
        component.max_points = max_points
        component.method = method
        component.params = params
        component.order = int(thu_tu) if thu_tu else line
        component.evidence_required = (row.get("tai_lieu_kiem_chung") or "").strip()
        component.supplying_agency = agency
        report.component = component
    return reports


def save(reports):
    """Every component of an all-valid report, in one transaction."""
    if any(not report.ok for report in reports):
        raise ValueError("only a report without errors is saved")
    with transaction.atomic():
        for report in reports:
            report.component.full_clean(validate_unique=False)
            report.component.save()
    return len(reports)


def expected_counts(version):
    """[(unit type, components now, components the source states)] for the report."""
    from django.db.models import Count

    return [
        (unit_type, unit_type.n, unit_type.expected_components)
        for unit_type in version.unit_types.annotate(n=Count("main_indices__components")).order_by("sort_order")
    ]
