"""What each role does to a period and its assessments, as functions the admin views (and tests)
call. Every change is checked here (status, who), appended to EntryChange where the unit sees it,
and written to Wagtail's audit log (`dxindex.*` actions, registered in wagtail_hooks.py).

Who may do what:
- unit staff (dxindex.self_assess) and the unit head (also dxindex.submit_assessment) act on their
  own unit's assessment only: the unit kpi.UnitStaff records for the account;
- appraisers (dxindex.appraise_assessment) decide the entries of submitted assessments;
- the council (dxindex.manage_period) opens a period, signs it off and publishes it.

Sign-off needs every submitted assessment appraised (no entry waiting, none returned unanswered);
an assessment never submitted is not ranked and is listed apart on the published pages.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from dxindex import scoring
from dxindex.models import (
    Assessment,
    AssessmentStatus,
    Component,
    ComponentEntry,
    EntryChange,
    EntryStatus,
    Evidence,
    Period,
    PeriodStatus,
    PublishedResult,
    PublishedScore,
    UnitType,
)
from kpi.models import UnitStaff
from portal.models import Organisation

SELF_ASSESS = "dxindex.self_assess"
SUBMIT = "dxindex.submit_assessment"
APPRAISE = "dxindex.appraise_assessment"
MANAGE = "dxindex.manage_period"

EDITABLE_BY_UNIT = (AssessmentStatus.DRAFT,)
UNDER_APPRAISAL = (AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED, AssessmentStatus.ANSWERED)


# ------------------------------------------------------------------------------ who


def unit_of(user):
    """The unit the account works for (kpi.UnitStaff), or None."""
    staff = UnitStaff.objects.filter(user=user).select_related("unit").first()
    return staff.unit if staff else None


def can_see_assessment(user, assessment):
    if user.has_perm(APPRAISE) or user.has_perm(MANAGE):
        return True
    if user.has_perm(SELF_ASSESS):
        unit = unit_of(user)
        return unit is not None and unit.pk == assessment.unit_id
    return False


def require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def require_own_unit(user, assessment, permission=SELF_ASSESS):
    require(user, permission)
    unit = unit_of(user)
    if unit is None or unit.pk != assessment.unit_id:
        raise PermissionDenied


# ------------------------------------------------------------------------------ the period


def units_for(unit_type, period):
    """The bodies of the registry this unit type assesses in the period: those of its levels that
    existed on the period's reference date (the opening of self-assessment, else 1 January), under
    the version's city when it names one."""
    units = Organisation.objects.active_on(period.reference_date).filter(level__in=unit_type.levels)
    if period.version.city_id:
        units = units.filter(parent=period.version.city_id)
    return units.order_by("name")


def open_period(period, user):
    """Create one assessment per unit that existed, with one entry per component; self-assessment opens."""
    require(user, MANAGE)
    if period.status != PeriodStatus.DRAFT:
        raise ValidationError(_("Chỉ mở được kỳ đang chuẩn bị."))
    unit_types = list(UnitType.objects.filter(version=period.version).annotate(n=Count("main_indices__components")))
    if not any(unit_type.n for unit_type in unit_types):
        raise ValidationError(_("Bộ chỉ số chưa có chỉ số thành phần nào: hãy nhập danh mục trước khi mở kỳ."))
    created = 0
    with transaction.atomic():
        for unit_type in unit_types:
            if not unit_type.n:
                continue
            components = list(Component.objects.filter(main_index__unit_type=unit_type).values_list("pk", flat=True))
            for unit in units_for(unit_type, period):
                assessment, made = Assessment.objects.get_or_create(
                    period=period, unit=unit, defaults={"unit_type": unit_type}
                )
                if made:
                    ComponentEntry.objects.bulk_create(
                        [ComponentEntry(assessment=assessment, component_id=pk) for pk in components]
                    )
                    created += 1
        period.status = PeriodStatus.SELF_ASSESSMENT
        period.save(update_fields=["status"])
        log(instance=period, action="dxindex.period.open", user=user, data={"assessments": created})
    return created


def _move_period(period, user, allowed, to, action):
    require(user, MANAGE)
    if period.status not in allowed:
        raise ValidationError(_("Kỳ đánh giá không ở bước cho phép thao tác này."))
    period.status = to
    period.save(update_fields=["status"])
    log(instance=period, action=action, user=user)


def start_appraisal(period, user):
    _move_period(
        period,
        user,
        (PeriodStatus.OPEN, PeriodStatus.SELF_ASSESSMENT),
        PeriodStatus.APPRAISAL,
        "dxindex.period.appraisal",
    )


def sign_off(period, user):
    """The council closes the period: every submitted assessment must be fully appraised."""
    require(user, MANAGE)
    if period.status not in (PeriodStatus.SELF_ASSESSMENT, PeriodStatus.APPRAISAL, PeriodStatus.OPEN):
        raise ValidationError(_("Kỳ đánh giá không ở bước thẩm định."))
    waiting = period.assessments.filter(status__in=UNDER_APPRAISAL).count()
    if waiting:
        raise ValidationError(
            _("Còn %(count)s bản tự đánh giá chưa thẩm định xong: chưa thể thông qua.") % {"count": waiting}
        )
    with transaction.atomic():
        period.status, period.signed_off_at, period.signed_off_by = PeriodStatus.SIGNED_OFF, timezone.now(), user
        period.save(update_fields=["status", "signed_off_at", "signed_off_by"])
        log(instance=period, action="dxindex.period.sign_off", user=user)


def publish(period, user):
    """Freeze the results: one PublishedResult per appraised assessment, one PublishedScore per main
    index, ranked within the unit type (total, and each main index); the period is published."""
    require(user, MANAGE)
    if period.status != PeriodStatus.SIGNED_OFF:
        raise ValidationError(_("Chỉ công bố được kỳ đã được hội đồng thông qua."))
    now = timezone.now()
    assessments = list(period.assessments.filter(status=AssessmentStatus.APPRAISED).select_related("unit", "unit_type"))
    entries = defaultdict(list)
    for entry in ComponentEntry.objects.filter(assessment__in=assessments).select_related("component"):
        entries[entry.assessment_id].append(entry)
    main_indices = defaultdict(list)
    for unit_type in {a.unit_type for a in assessments}:
        main_indices[unit_type.pk] = list(unit_type.main_indices.all())
    with transaction.atomic():
        period.published_results.all().delete()
        by_type = defaultdict(dict)
        per_main = defaultdict(lambda: defaultdict(dict))
        computed = {}
        for assessment in assessments:
            by_main, (total, max_total) = scoring.totals(entries[assessment.pk], main_indices[assessment.unit_type_id])
            computed[assessment.pk] = (by_main, total, max_total)
            by_type[assessment.unit_type_id][assessment.pk] = total
            for main_id, (score, _max) in by_main.items():
                per_main[assessment.unit_type_id][main_id][assessment.pk] = score
        ranks = {type_id: scoring.rank(values) for type_id, values in by_type.items()}
        main_ranks = {
            type_id: {main_id: scoring.rank(values) for main_id, values in mains.items()}
            for type_id, mains in per_main.items()
        }
        scores = []
        for assessment in assessments:
            by_main, total, max_total = computed[assessment.pk]
            result = PublishedResult.objects.create(
                period=period,
                unit=assessment.unit,
                unit_name=assessment.unit.name,
                unit_type=assessment.unit_type,
                unit_type_name=assessment.unit_type.name,
                total=total,
                max_total=max_total,
                rank=ranks[assessment.unit_type_id][assessment.pk],
                published_at=now,
            )
            for main in main_indices[assessment.unit_type_id]:
                score, maximum = by_main.get(main.pk, (scoring.ZERO, scoring.ZERO))
                scores.append(
                    PublishedScore(
                        result=result,
                        main_index=main,
                        order=main.order,
                        name=main.name,
                        score=score,
                        max_points=maximum,
                        rank=main_ranks[assessment.unit_type_id].get(main.pk, {}).get(assessment.pk, 1),
                    )
                )
        PublishedScore.objects.bulk_create(scores)
        period.status, period.published_at = PeriodStatus.PUBLISHED, now
        period.save(update_fields=["status", "published_at"])
        log(instance=period, action="dxindex.period.publish", user=user, data={"results": len(assessments)})
    return len(assessments)


# ------------------------------------------------------------------------------ the unit


def unit_may_edit(assessment):
    if not assessment.period.accepts_self_assessment():
        raise ValidationError(_("Kỳ đánh giá không còn nhận tự đánh giá."))
    if assessment.status not in EDITABLE_BY_UNIT:
        raise ValidationError(_("Bản tự đánh giá đã gửi: không sửa được nữa."))


def save_entry(entry, user, value, note):
    """A unit's value and note for one component; the self score is computed on the server."""
    assessment = entry.assessment
    require_own_unit(user, assessment)
    unit_may_edit(assessment)
    component = entry.component
    value = scoring.validate_value(component.method, value)
    before, old_value = entry.self_score, entry.value
    entry.value, entry.note = value, note
    entry.self_score = scoring.component_score(component, value)
    entry.save(update_fields=["value", "note", "self_score", "updated_at"])
    if value != old_value:
        EntryChange.objects.create(
            entry=entry,
            action=EntryChange.Action.SAVE,
            user=user,
            value=value,
            score_before=before,
            score_after=entry.self_score,
        )
    return entry


def add_evidence(entry, user, **fields):
    """Evidence for an entry the unit may still change, or one the appraiser returned."""
    assessment = entry.assessment
    require_own_unit(user, assessment)
    if not entry.can_answer:
        unit_may_edit(assessment)
    evidence = Evidence(entry=entry, added_by=user, **fields)
    evidence.full_clean()
    evidence.save()
    log(
        instance=assessment,
        action="dxindex.evidence.add",
        user=user,
        data={"component": entry.component.code, "evidence": str(evidence)},
    )
    return evidence


def remove_evidence(evidence, user):
    entry = evidence.entry
    require_own_unit(user, entry.assessment)
    unit_may_edit(entry.assessment)
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    if name:  # a removed file is not kept: it is the unit's, and private
        transaction.on_commit(lambda: storage.delete(name))


def submit(assessment, user, now=None):
    """The unit head sends the assessment. After the close date it is refused, unless the council set
    a late deadline (`late_until`): until then it is accepted and flagged late."""
    require_own_unit(user, assessment, SUBMIT)
    unit_may_edit(assessment)
    now = now or timezone.now()
    period = assessment.period
    if period.is_closed(now):
        raise ValidationError(
            _("Đã quá hạn gửi tự đánh giá (%(date)s).") % {"date": period.self_closes.strftime("%d/%m/%Y")}
        )
    missing = assessment.entries.filter(value__isnull=True).count()
    if missing:
        raise ValidationError(
            _("Còn %(count)s chỉ số thành phần chưa nhập giá trị: chưa gửi được.") % {"count": missing}
        )
    with transaction.atomic():
        assessment.status, assessment.submitted_at, assessment.submitted_by = AssessmentStatus.SUBMITTED, now, user
        assessment.late = bool(period.self_closes and timezone.localdate(now) > period.self_closes)
        assessment.save(update_fields=["status", "submitted_at", "submitted_by", "late"])
        scoring.recompute_assessment(assessment)
        log(instance=assessment, action="dxindex.assessment.submit", user=user)


def can_withdraw(assessment, user, now=None):
    """The unit head may take back a submission sent by mistake while self-assessment still runs,
    its period still takes submissions, and no appraiser has decided on any of its entries."""
    try:
        _check_withdraw(assessment, user, now)
    except (PermissionDenied, ValidationError):
        return False
    return True


def _check_withdraw(assessment, user, now=None):
    require_own_unit(user, assessment, SUBMIT)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Chỉ rút lại được bản tự đánh giá đã gửi và chưa thẩm định."))
    if not assessment.period.accepts_self_assessment() or assessment.period.is_closed(now or timezone.now()):
        raise ValidationError(_("Kỳ đánh giá không còn nhận tự đánh giá: không rút lại được."))
    if assessment.entries.exclude(status=EntryStatus.PENDING).exists():
        raise ValidationError(_("Đã có chỉ số được thẩm định: không rút lại được."))


def withdraw(assessment, user, reason, now=None):
    """The unit head takes back a submission, with a reason: the assessment is the unit's draft
    again (it leaves the appraisers' queue) and must be sent again before the close date."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Hãy ghi lý do rút lại."))
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().select_related("period").get(pk=assessment.pk)
        _check_withdraw(assessment, user, now)
        assessment.status, assessment.submitted_at, assessment.submitted_by = AssessmentStatus.DRAFT, None, None
        assessment.late = False
        assessment.save(update_fields=["status", "submitted_at", "submitted_by", "late"])
        log(instance=assessment, action="dxindex.assessment.withdraw", user=user, data={"reason": reason})
    return assessment


def answer(entry, user, text, value=None):
    """The unit answers a return, once per return, with a text and, if it wants, a new value."""
    assessment = _fresh(entry)
    require_own_unit(user, assessment)
    if assessment.period.status in (PeriodStatus.SIGNED_OFF, PeriodStatus.PUBLISHED) or not entry.can_answer:
        raise ValidationError(_("Chỉ số này không chờ đơn vị giải trình (mỗi lần trả lại chỉ trả lời một lần)."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Hãy ghi nội dung giải trình, bổ sung."))
    with transaction.atomic():
        before = entry.self_score
        if value is not None:
            entry.value = scoring.validate_value(entry.component.method, value)
            entry.self_score = scoring.component_score(entry.component, entry.value)
        entry.unit_answer, entry.status, entry.answer_count = text, EntryStatus.ANSWERED, entry.answer_count + 1
        entry.save()
        EntryChange.objects.create(
            entry=entry,
            action=EntryChange.Action.ANSWER,
            user=user,
            value=entry.value,
            score_before=before,
            score_after=entry.self_score,
            text=text,
        )
        _refresh_status(assessment)
        scoring.recompute_assessment(assessment)
        log(
            instance=assessment,
            action="dxindex.entry.answer",
            user=user,
            data={"component": entry.component.code, "text": text},
        )


# ------------------------------------------------------------------------------ the appraiser

ACCEPT, ADJUST, RETURN = "accept", "adjust", "return"


def decide(entry, user, decision, score=None, reason=""):
    """Accept the self score, adjust it (a score within [0, max] and a reason the unit sees), or return
    it for more evidence (with a reason). Totals are recomputed at once."""
    require(user, APPRAISE)
    assessment = _fresh(entry)
    if assessment.status not in UNDER_APPRAISAL + (AssessmentStatus.APPRAISED,):
        raise ValidationError(_("Bản tự đánh giá chưa được gửi."))
    if assessment.period.status in (PeriodStatus.SIGNED_OFF, PeriodStatus.PUBLISHED):
        raise ValidationError(_("Kỳ đánh giá đã được thông qua: không thẩm định thêm được."))
    reason = (reason or "").strip()
    before = entry.appraised_score
    if decision == ACCEPT:
        if entry.self_score is None:
            raise ValidationError(_("Chỉ số chưa có điểm tự đánh giá để chấp nhận."))
        entry.appraised_score, entry.status, action = entry.self_score, EntryStatus.ACCEPTED, EntryChange.Action.ACCEPT
    elif decision == ADJUST:
        if score in (None, ""):
            raise ValidationError(_("Hãy ghi điểm thẩm định."))
        if not reason:
            raise ValidationError(_("Khi điều chỉnh điểm, hãy ghi lý do để đơn vị biết."))
        entry.appraised_score = scoring.validate_appraised(entry.component, score)
        entry.status, action = EntryStatus.ADJUSTED, EntryChange.Action.ADJUST
    elif decision == RETURN:
        if not reason:
            raise ValidationError(_("Khi trả lại, hãy ghi cần bổ sung gì."))
        entry.status, action = EntryStatus.RETURNED, EntryChange.Action.RETURN
        entry.return_count += 1
    else:
        raise ValidationError(_("Hãy chọn chấp nhận, điều chỉnh hoặc trả lại."))
    entry.appraiser_reason = reason
    with transaction.atomic():
        entry.save()
        EntryChange.objects.create(
            entry=entry,
            action=action,
            user=user,
            value=entry.value,
            score_before=before,
            score_after=entry.appraised_score,
            text=reason,
        )
        _refresh_status(assessment)
        scoring.recompute_assessment(assessment)
        log(
            instance=assessment,
            action=f"dxindex.entry.{decision}",
            user=user,
            data={
                "component": entry.component.code,
                "before": str(before) if before is not None else None,
                "after": str(entry.appraised_score) if entry.appraised_score is not None else None,
                "reason": reason,
            },
        )
    return entry


def _fresh(entry):
    """The entry's assessment and period as the database has them now (the caller's copy may be old)."""
    entry.assessment = Assessment.objects.select_related("period").get(pk=entry.assessment_id)
    return entry.assessment


def _refresh_status(assessment):
    counts = assessment.entries.aggregate(
        returned=Count("pk", filter=Q(status=EntryStatus.RETURNED)),
        answered=Count("pk", filter=Q(status=EntryStatus.ANSWERED)),
        pending=Count("pk", filter=Q(status=EntryStatus.PENDING)),
    )
    if counts["returned"]:
        status = AssessmentStatus.RETURNED
    elif counts["answered"]:
        status = AssessmentStatus.ANSWERED
    elif counts["pending"]:
        status = AssessmentStatus.SUBMITTED
    else:
        status = AssessmentStatus.APPRAISED
    if status != assessment.status:
        assessment.status = status
        assessment.save(update_fields=["status"])


# ------------------------------------------------------------------------------ the department's lists


def late_and_missing(period, today=None):
    """For the department: units not yet submitted past the close date, units submitted late, and
    entries with a value but no evidence (submitted assessments) — three lists, three queries."""
    today = today or timezone.localdate()
    not_submitted = []
    if period.self_closes and today > period.self_closes:
        not_submitted = list(
            period.assessments.filter(status=AssessmentStatus.DRAFT).select_related("unit", "unit_type")
        )
    late = list(period.assessments.filter(late=True).select_related("unit", "unit_type"))
    missing = list(
        ComponentEntry.objects.filter(assessment__period=period, value__isnull=False, evidence__isnull=True)
        .exclude(assessment__status=AssessmentStatus.DRAFT)
        .select_related("assessment__unit", "component")
        .order_by("assessment__unit__name", "component__code")
    )
    return not_submitted, late, missing


def current_period():
    return Period.objects.exclude(status=PeriodStatus.DRAFT).select_related("version").order_by("-year").first()
