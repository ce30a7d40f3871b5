"""The DX index's admin screens, by role (services.py checks every action again):

- council: import a version's components; a period's page (schedule from the plan's tasks, counts,
  late and missing-evidence lists) with open / start appraisal / sign off / publish;
- unit staff and head: their unit's assessments; one assessment's page: values and notes of every
  component saved together (a bad value saves nothing), evidence per component, submit (head), the
  appraiser's decisions with their reasons and the answer to a return;
- appraisers: the queue of submitted assessments; one assessment's page with accept / adjust /
  return per component.
Each page reads its rows in a fixed number of queries, whatever the number of components.
"""

import datetime
import json
import os
from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.log_actions import log

from documents.models import LegalDocument
from documents.text import number_key
from dxindex import importer, scoring, services
from dxindex.models import (
    Assessment,
    AssessmentStatus,
    ComponentEntry,
    EntryChange,
    EntryStatus,
    Evidence,
    EvidenceKind,
    IndexVersion,
    Period,
    PeriodStatus,
)

# ------------------------------------------------------------------------------ component import


@require_http_methods(["GET", "POST"])
def import_components(request, version_id):
    services.require(request.user, "dxindex.add_component")
    version = get_object_or_404(IndexVersion, pk=version_id)
    context = {"version": version, "form": importer.ComponentSheetForm(), "columns": importer.COLUMNS}
    if request.method == "POST":
        form = importer.ComponentSheetForm(request.POST, request.FILES)
        if form.is_valid():
            reports = importer.validate(version, form.rows)
            bad = [report for report in reports if not report.ok]
            payload = ""
            if not bad:
                payload = signing.dumps(
                    {
                        "version": version.pk,
                        "file": form.cleaned_data["sheet"].name,
                        "rows": [[r.line, r.row] for r in reports],
                    },
                    salt=importer.SALT,
                    compress=True,
                )
            context.update(reports=reports, bad=bad, payload=payload, filename=form.cleaned_data["sheet"].name)
        else:
            context["form"] = form
    context["counts"] = importer.expected_counts(version)
    return TemplateResponse(request, "dxindex/admin/import.html", context)


@require_POST
def import_components_confirm(request, version_id):
    services.require(request.user, "dxindex.add_component")
    version = get_object_or_404(IndexVersion, pk=version_id)
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=importer.SALT, max_age=6 * 3600)
    except signing.BadSignature:
        data = None
    if not data or data.get("version") != version.pk:
        messages.error(request, _("Phiên tải lên không hợp lệ hoặc đã quá hạn; hãy tải tệp lên lại."))
        return redirect("dxindex_import", version.pk)
    reports = importer.validate(version, [(line, row) for line, row in data["rows"]])
    if any(not report.ok for report in reports):
        messages.error(request, _("Danh mục đã thay đổi kể từ khi kiểm tra: chưa lưu dòng nào. Hãy tải lên lại."))
        return redirect("dxindex_import", version.pk)
    count = importer.save(reports)
    log(
        instance=version,
        action="dxindex.components.import",
        user=request.user,
        data={"file": data["file"], "rows": count},
    )
    messages.success(
        request, _("Đã lưu %(count)s chỉ số thành phần từ %(file)s.") % {"count": count, "file": data["file"]}
    )
    return redirect("dxindex_import", version.pk)


# ------------------------------------------------------------------------------ periods (council)


def _can_view_periods(user):
    if not (user.has_perm(services.MANAGE) or user.has_perm(services.APPRAISE)):
        raise PermissionDenied


def period_list(request):
    _can_view_periods(request.user)
    periods = Period.objects.select_related("version").annotate(n=Count("assessments")).order_by("-year")
    return TemplateResponse(request, "dxindex/admin/periods.html", {"periods": periods})


def period_detail(request, period_id):
    _can_view_periods(request.user)
    period = get_object_or_404(Period.objects.select_related("version", "plan__document"), pk=period_id)
    counts = dict(period.assessments.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    not_submitted, late, missing = services.late_and_missing(period)
    tasks = []
    if period.plan_id:
        tasks = list(period.plan.tasks.filter(kind="task").select_related("lead_unit").order_by("sort_order"))
    context = {
        "period": period,
        "statuses": [(value, label, counts.get(value, 0)) for value, label in AssessmentStatus.choices],
        "total": sum(counts.values()),
        "not_submitted": not_submitted,
        "late": late,
        "missing": missing,
        "tasks": tasks,
        "can_manage": request.user.has_perm(services.MANAGE),
        "PeriodStatus": PeriodStatus,
        "counts": importer.expected_counts(period.version),
    }
    return TemplateResponse(request, "dxindex/admin/period.html", context)


PERIOD_ACTIONS = {
    "open": (services.open_period, gettext_lazy("Đã mở kỳ đánh giá; các đơn vị có thể tự đánh giá.")),
    "appraisal": (services.start_appraisal, gettext_lazy("Kỳ đánh giá đã chuyển sang thẩm định.")),
    "sign_off": (services.sign_off, gettext_lazy("Hội đồng đã thông qua; kỳ đánh giá đã đóng.")),
    "publish": (services.publish, gettext_lazy("Đã công bố kết quả; trang công khai chỉ đọc kết quả này.")),
}


@require_POST
def period_action(request, period_id, action):
    period = get_object_or_404(Period, pk=period_id)
    if action not in PERIOD_ACTIONS:
        raise PermissionDenied
    function, message = PERIOD_ACTIONS[action]
    try:
        function(period, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(message))
    return redirect("dxindex_period", period.pk)


# ------------------------------------------------------------------------------ one assessment


def _entries(assessment):
    """The assessment's entries with their component, main index, evidence and history: 3 queries."""
    return list(
        assessment.entries.select_related("component__main_index", "component__supplying_agency")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("document").order_by("pk")),
            Prefetch("changes", queryset=EntryChange.objects.select_related("user").order_by("at", "pk")),
        )
        .order_by("component__main_index__order", "component__order", "component__code")
    )


def _grouped(entries):
    groups = OrderedDict()
    for entry in entries:
        groups.setdefault(entry.component.main_index, []).append(entry)
    result = []
    for main, items in groups.items():
        result.append(
            {
                "main": main,
                "entries": items,
                "self": sum((e.self_score or scoring.ZERO for e in items), scoring.ZERO),
                "final": sum((e.final_score or scoring.ZERO for e in items), scoring.ZERO),
                "max": sum((e.component.max_points for e in items), scoring.ZERO),
            }
        )
    return result


def _assessment(assessment_id):
    return get_object_or_404(
        Assessment.objects.select_related("period__version", "unit", "unit_type"), pk=assessment_id
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=EvidenceKind.choices)
    document_number = forms.CharField(
        label=gettext_lazy("Số hiệu văn bản trong thư viện"), required=False, max_length=80
    )
    file = forms.FileField(label=gettext_lazy("Tệp"), required=False)
    number = forms.CharField(label=gettext_lazy("Số hiệu"), required=False, max_length=80)
    issued_on = forms.DateField(
        label=gettext_lazy("Ngày ban hành"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    summary = forms.CharField(label=gettext_lazy("Trích yếu"), required=False, max_length=500)
    url = forms.URLField(label=gettext_lazy("Liên kết"), required=False, max_length=500, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("kind") == EvidenceKind.DOCUMENT:
            number = (data.get("document_number") or "").strip()
            document = (
                LegalDocument.objects.filter(number_key=number_key(number), live=True).first() if number else None
            )
            if document is None:
                self.add_error(
                    "document_number",
                    _("Không tìm thấy văn bản số hiệu “%(number)s” trong thư viện.") % {"number": number},
                )
            data["document"] = document
        return data

    def evidence_fields(self):
        data = self.cleaned_data
        kind = data["kind"]
        if kind == EvidenceKind.DOCUMENT:
            return {"kind": kind, "document": data["document"]}
        if kind == EvidenceKind.FILE:
            return {
                "kind": kind,
                "file": data.get("file"),
                "number": data.get("number") or "",
                "issued_on": data.get("issued_on"),
                "summary": data.get("summary") or "",
            }
        return {"kind": kind, "url": data.get("url") or "", "summary": data.get("summary") or ""}


def _parse_value(text):
    text = (text or "").strip().replace(",", ".")
    return text or None


@require_http_methods(["GET", "POST"])
def assessment_detail(request, assessment_id):
    """The unit's page (its staff and head) and the appraiser's page of one assessment."""
    assessment = _assessment(assessment_id)
    if not services.can_see_assessment(request.user, assessment):
        raise PermissionDenied
    entries = _entries(assessment)
    errors = {}
    if request.method == "POST":
        services.require_own_unit(request.user, assessment)
        try:
            services.unit_may_edit(assessment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("dxindex_assessment", assessment.pk)
        values = {}
        for entry in entries:
            raw = _parse_value(request.POST.get(f"value-{entry.pk}"))
            try:
                values[entry.pk] = (
                    scoring.validate_value(entry.component.method, raw),
                    request.POST.get(f"note-{entry.pk}", "").strip(),
                )
            except ValidationError as error:
                errors[entry.pk] = " ".join(error.messages)
        if errors:
            messages.error(
                request,
                _("Có %(count)s giá trị không hợp lệ: chưa lưu gì. Hãy sửa các ô được đánh dấu.")
                % {"count": len(errors)},
            )
        else:
            with transaction.atomic():
                for entry in entries:
                    value, note = values[entry.pk]
                    if value != entry.value or note != entry.note:
                        services.save_entry(entry, request.user, value, note)
                scoring.recompute_assessment(assessment)
            messages.success(request, _("Đã lưu bản nháp; điểm đã được tính lại."))
            return redirect("dxindex_assessment", assessment.pk)
    unit = services.unit_of(request.user) if request.user.has_perm(services.SELF_ASSESS) else None
    own_unit = unit is not None and unit.pk == assessment.unit_id
    for entry in entries:
        entry.error = errors.get(entry.pk, "")
        if errors:
            entry.shown_value = request.POST.get(f"value-{entry.pk}", "")
            entry.shown_note = request.POST.get(f"note-{entry.pk}", "")
        else:
            entry.shown_value = "" if entry.value is None else format(entry.value.normalize(), "f")
            entry.shown_note = entry.note
        entry.params_json = json.dumps(entry.component.params or {})
        entry.evidence_form = EvidenceForm(auto_id=f"ev-{entry.pk}-%s")
    editable = (
        own_unit and assessment.status in services.EDITABLE_BY_UNIT and assessment.period.accepts_self_assessment()
    )
    context = {
        "assessment": assessment,
        "period": assessment.period,
        "groups": _grouped(entries),
        "entries": entries,
        "errors": errors,
        "editable": editable,
        "own_unit": own_unit,
        "can_submit": editable and request.user.has_perm(services.SUBMIT),
        "can_withdraw": own_unit and services.can_withdraw(assessment, request.user),
        "can_appraise": request.user.has_perm(services.APPRAISE)
        and assessment.status in services.UNDER_APPRAISAL + (AssessmentStatus.APPRAISED,)
        and assessment.period.status not in (PeriodStatus.SIGNED_OFF, PeriodStatus.PUBLISHED),
        "rules": scoring.SCORING_RULES,
        "EntryStatus": EntryStatus,
        "missing_values": sum(1 for entry in entries if entry.value is None),
    }
    return TemplateResponse(request, "dxindex/admin/assessment.html", context)


def _entry(entry_id):
    return get_object_or_404(
        ComponentEntry.objects.select_related("assessment__period", "assessment__unit", "component"), pk=entry_id
    )


@require_POST
def evidence_add(request, entry_id):
    entry = _entry(entry_id)
    services.require_own_unit(request.user, entry.assessment)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(entry, request.user, **form.evidence_fields())
        except ValidationError as error:
            messages.error(request, _("Chưa thêm tài liệu: %(errors)s") % {"errors": " ".join(error.messages)})
        else:
            messages.success(
                request, _("Đã thêm tài liệu kiểm chứng cho chỉ số %(code)s.") % {"code": entry.component.code}
            )
    else:
        problems = [str(message) for field_errors in form.errors.values() for message in field_errors]
        messages.error(request, _("Chưa thêm tài liệu: %(errors)s") % {"errors": " ".join(problems)})
    return redirect(f"{_assessment_url(entry)}#entry-{entry.pk}")


def evidence_file(request, evidence_id):
    """An uploaded evidence file, to the people who may see its assessment (its unit's staff, the
    appraisers, the council), as a download: the file is private (portal/storage.py) and whatever
    it holds is never shown as a page of the site."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("entry__assessment"), pk=evidence_id, kind=EvidenceKind.FILE
    )
    if not services.can_see_assessment(request.user, evidence.entry.assessment):
        raise PermissionDenied
    try:
        handle = evidence.file.open("rb")
    except (ValueError, FileNotFoundError):  # no file, or gone from the disk
        raise Http404(_("Tệp này không còn trên máy chủ.")) from None
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(evidence.file.name))
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def evidence_remove(request, evidence_id):
    evidence = get_object_or_404(Evidence.objects.select_related("entry__assessment__period"), pk=evidence_id)
    try:
        services.remove_evidence(evidence, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{_assessment_url(evidence.entry)}#entry-{evidence.entry_id}")


def _assessment_url(entry):
    from django.urls import reverse

    return reverse("dxindex_assessment", args=[entry.assessment_id])


@require_POST
def submit(request, assessment_id):
    assessment = _assessment(assessment_id)
    try:
        services.submit(assessment, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi bản tự đánh giá đi thẩm định."))
    return redirect("dxindex_assessment", assessment.pk)


@require_POST
def withdraw(request, assessment_id):
    assessment = _assessment(assessment_id)
    try:
        services.withdraw(assessment, request.user, request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã rút lại bản tự đánh giá: đơn vị sửa rồi gửi lại trước hạn."))
    return redirect("dxindex_assessment", assessment.pk)


@require_POST
def answer(request, entry_id):
    entry = _entry(entry_id)
    try:
        services.answer(entry, request.user, request.POST.get("answer", ""), _parse_value(request.POST.get("value")))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi giải trình cho chỉ số %(code)s.") % {"code": entry.component.code})
    return redirect(f"{_assessment_url(entry)}#entry-{entry.pk}")


@require_POST
def decide(request, entry_id):
    entry = _entry(entry_id)
    try:
        services.decide(
            entry,
            request.user,
            request.POST.get("decision"),
            _parse_value(request.POST.get("score")),
            request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(
            request,
            _("Chỉ số %(code)s: %(errors)s") % {"code": entry.component.code, "errors": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("Đã ghi kết quả thẩm định chỉ số %(code)s.") % {"code": entry.component.code})
    return redirect(f"{_assessment_url(entry)}#entry-{entry.pk}")


# ------------------------------------------------------------------------------ lists


def my_assessments(request):
    """The unit's assessments, newest period first."""
    services.require(request.user, services.SELF_ASSESS)
    unit = services.unit_of(request.user)
    assessments = []
    if unit is not None:
        assessments = list(
            Assessment.objects.filter(unit=unit).select_related("period", "unit_type").order_by("-period__year")
        )
    return TemplateResponse(request, "dxindex/admin/mine.html", {"unit": unit, "assessments": assessments})


QUEUE_STATUSES = {
    "cho-tham-dinh": [AssessmentStatus.SUBMITTED, AssessmentStatus.ANSWERED],
    "tra-lai": [AssessmentStatus.RETURNED],
    "da-tham-dinh": [AssessmentStatus.APPRAISED],
}


def appraisal_queue(request):
    """Submitted assessments of the periods under way, oldest submission first, with their counts of
    entries per decision (one query for the page, however many components)."""
    services.require(request.user, services.APPRAISE)
    shown = request.GET.get("loc")
    statuses = QUEUE_STATUSES.get(shown, [*services.UNDER_APPRAISAL, AssessmentStatus.APPRAISED])
    assessments = (
        Assessment.objects.filter(status__in=statuses)
        .exclude(period__status__in=[PeriodStatus.DRAFT, PeriodStatus.PUBLISHED])
        .select_related("period", "unit", "unit_type")
        .annotate(
            pending=Count("entries", filter=Q(entries__status=EntryStatus.PENDING)),
            returned=Count("entries", filter=Q(entries__status=EntryStatus.RETURNED)),
            answered=Count("entries", filter=Q(entries__status=EntryStatus.ANSWERED)),
            decided=Count("entries", filter=Q(entries__status__in=[EntryStatus.ACCEPTED, EntryStatus.ADJUSTED])),
        )
        .order_by("submitted_at", "pk")
    )
    context = {
        "assessments": assessments[:500],
        "shown": shown,
        "filters": QUEUE_STATUSES,
        "today": datetime.date.today(),
    }
    return TemplateResponse(request, "dxindex/admin/queue.html", context)
