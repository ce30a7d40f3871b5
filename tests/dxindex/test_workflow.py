"""A whole period through the services: open, self-assess, submit, appraise (accept / adjust /
return), answer once, sign off, publish; each step refused to the roles it does not belong to."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from dxindex import services
from dxindex.models import Assessment, AssessmentStatus, EntryChange, EntryStatus, PeriodStatus, PublishedResult
from tests.dxindex.conftest import ALL_VALUES, fill

pytestmark = pytest.mark.django_db


def _assessment(period, unit):
    return Assessment.objects.get(period=period, unit=unit)


def test_opening_creates_one_assessment_per_unit_that_existed_with_every_component(period, units, city):
    assessments = Assessment.objects.filter(period=period)
    assert sorted(a.unit.slug for a in assessments) == ["so-thu-nghiem-a", "so-thu-nghiem-b"]
    assert all(a.entries.count() == 4 for a in assessments)
    assert period.status == PeriodStatus.SELF_ASSESSMENT


def test_a_unit_that_ended_before_the_period_is_not_assessed(version, people, units, city):
    import datetime

    from tests import factories

    factories.OrganisationFactory(slug="so-cu", level="department", parent=city, active_until=datetime.date(2080, 1, 1))
    period = factories.PeriodFactory(year=2091, version=version)
    services.open_period(period, people["council"])
    assert "so-cu" not in set(period.assessments.values_list("unit__slug", flat=True))


def test_a_version_without_components_cannot_open(people):
    from tests import factories

    period = factories.PeriodFactory()
    factories.UnitTypeFactory(version=period.version)
    with pytest.raises(ValidationError):
        services.open_period(period, people["council"])


def test_self_scores_are_computed_on_save_and_totals_recomputed(period, units, people):
    assessment = _assessment(period, units[0])
    fill(assessment, people["staff_a"], ALL_VALUES)
    scores = dict(assessment.entries.values_list("component__code", "self_score"))
    assert scores == {"1.1": Decimal("5.00"), "1.2": Decimal("6.00"), "2.1": Decimal("6.67"), "2.2": Decimal("3.00")}
    services.submit(assessment, people["head_a"])
    assessment.refresh_from_db()
    assert assessment.self_total == Decimal("20.67") and assessment.status == AssessmentStatus.SUBMITTED


def test_staff_of_another_unit_and_the_appraiser_cannot_enter_values(period, units, people):
    entry = _assessment(period, units[0]).entries.select_related("component", "assessment__period").first()
    for who in ("staff_b", "head_b", "appraiser", "council"):
        with pytest.raises(PermissionDenied):
            services.save_entry(entry, people[who], "1", "")


def test_only_the_unit_head_submits(period, units, people):
    assessment = _assessment(period, units[0])
    fill(assessment, people["staff_a"], ALL_VALUES)
    for who in ("staff_a", "head_b", "appraiser", "council"):
        with pytest.raises(PermissionDenied):
            services.submit(assessment, people[who])
    services.submit(assessment, people["head_a"])


def test_the_head_withdraws_a_submission_sent_by_mistake_with_a_reason(period, units, people):
    """Before any appraisal decision and before the deadline, the unit head takes the submission
    back (a reason is required, and logged); the unit edits and submits again. Nobody else may."""
    import datetime

    assessment = _assessment(period, units[0])
    fill(assessment, people["staff_a"], ALL_VALUES)
    services.submit(assessment, people["head_a"])
    assessment.refresh_from_db()
    for who in ("staff_a", "head_b", "appraiser", "council"):
        assert not services.can_withdraw(assessment, people[who])
        with pytest.raises(PermissionDenied):
            services.withdraw(assessment, people[who], "nhầm")
    with pytest.raises(ValidationError, match="lý do"):
        services.withdraw(assessment, people["head_a"], "   ")
    assert services.can_withdraw(assessment, people["head_a"])

    services.withdraw(assessment, people["head_a"], "Gửi nhầm  trước khi  bổ sung chỉ số 2.2")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_at, assessment.submitted_by) == (AssessmentStatus.DRAFT, None, None)
    entry = assessment.entries.get(component__code="2.2")
    services.save_entry(entry, people["staff_a"], "1", "đã bổ sung")
    log = ModelLogEntry.objects.filter(action="dxindex.assessment.withdraw").get()
    assert log.data == {"reason": "Gửi nhầm trước khi bổ sung chỉ số 2.2"} and log.user == people["head_a"]
    with pytest.raises(ValidationError, match="đã gửi và chưa thẩm định"):
        services.withdraw(assessment, people["head_a"], "lần nữa")  # a draft has nothing to take back

    services.submit(assessment, people["head_a"])
    assessment.refresh_from_db()
    later = datetime.datetime.combine(
        period.self_closes + datetime.timedelta(days=1), datetime.time(9), tzinfo=datetime.UTC
    )
    with pytest.raises(ValidationError, match="không còn nhận"):
        services.withdraw(assessment, people["head_a"], "sau hạn", now=later)
    services.decide(assessment.entries.get(component__code="1.1"), people["appraiser"], "accept")
    with pytest.raises(ValidationError, match="được thẩm định"):
        services.withdraw(assessment, people["head_a"], "sau khi thẩm định")
    assessment.refresh_from_db()
    assert assessment.status != AssessmentStatus.DRAFT


def test_submission_needs_every_value_and_closes_after_the_deadline(period, units, people):
    import datetime

    assessment = _assessment(period, units[0])
    fill(assessment, people["staff_a"], {"1.1": "1"})
    with pytest.raises(ValidationError, match="chưa nhập giá trị"):
        services.submit(assessment, people["head_a"])
    fill(assessment, people["staff_a"], ALL_VALUES)
    later = datetime.datetime.combine(
        period.self_closes + datetime.timedelta(days=1), datetime.time(9), tzinfo=datetime.UTC
    )
    with pytest.raises(ValidationError, match="quá hạn"):
        services.submit(assessment, people["head_a"], now=later)
    period.late_until = period.self_closes + datetime.timedelta(days=5)
    period.save()
    assessment.refresh_from_db()
    services.submit(assessment, people["head_a"], now=later)
    assessment.refresh_from_db()
    assert assessment.late is True
    not_submitted, late, missing = services.late_and_missing(period, today=later.date())
    assert [a.unit_id for a in late] == [units[0].pk]
    assert [a.unit_id for a in not_submitted] == [units[1].pk]
    assert len(missing) == 4  # values without evidence


def test_appraisal_accept_adjust_return_answer_once_and_publish(period, units, people):
    a, b = (_assessment(period, unit) for unit in units)
    fill(a, people["staff_a"], ALL_VALUES)
    fill(b, people["staff_b"], {"1.1": "0", "1.2": "60", "2.1": "3", "2.2": "1"})
    services.submit(a, people["head_a"])
    services.submit(b, people["head_b"])
    appraiser = people["appraiser"]
    entries_a = {e.component.code: e for e in a.entries.select_related("component", "assessment__period")}
    with pytest.raises(PermissionDenied):
        services.decide(entries_a["1.1"], people["head_a"], "accept")
    with pytest.raises(ValidationError):
        services.decide(entries_a["1.1"], appraiser, "adjust", "2", "")  # a reason is required
    with pytest.raises(ValidationError):
        services.decide(entries_a["1.1"], appraiser, "adjust", "7", "quá điểm tối đa")
    services.decide(entries_a["1.1"], appraiser, "accept")
    services.decide(entries_a["1.2"], appraiser, "adjust", "2", "Chỉ đạt mức 50%")
    services.decide(entries_a["2.1"], appraiser, "accept")
    services.decide(entries_a["2.2"], appraiser, "return", reason="Thiếu văn bản chứng minh")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.RETURNED and a.appraised_total == Decimal("13.67")
    with pytest.raises(ValidationError):
        services.sign_off(period, people["council"])

    returned = a.entries.select_related("component", "assessment__period").get(component__code="2.2")
    with pytest.raises(PermissionDenied):
        services.answer(returned, people["staff_b"], "không phải đơn vị này")
    services.answer(returned, people["staff_a"], "Đã bổ sung Quyết định", "4")
    returned.refresh_from_db()
    assert returned.status == EntryStatus.ANSWERED and returned.self_score == Decimal("4.00")
    with pytest.raises(ValidationError, match="một lần"):
        services.answer(returned, people["staff_a"], "lần hai")
    services.decide(returned, appraiser, "accept")
    for entry in b.entries.select_related("component", "assessment__period"):
        services.decide(entry, appraiser, "accept")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.APPRAISED and a.appraised_total == Decimal("17.67")

    history = list(EntryChange.objects.filter(entry__assessment=a).values_list("action", flat=True))
    assert {"save", "accept", "adjust", "return", "answer"} <= set(history)
    logged = set(ModelLogEntry.objects.filter(action__startswith="dxindex.").values_list("action", flat=True))
    assert {
        "dxindex.entry.adjust",
        "dxindex.entry.return",
        "dxindex.entry.answer",
        "dxindex.assessment.submit",
    } <= logged

    with pytest.raises(PermissionDenied):
        services.sign_off(period, appraiser)
    with pytest.raises(ValidationError):
        services.publish(period, people["council"])  # not signed off yet
    services.sign_off(period, people["council"])
    with pytest.raises(ValidationError):
        services.decide(returned, appraiser, "adjust", "1", "sau khi thông qua")
    with pytest.raises(PermissionDenied):
        services.publish(period, appraiser)
    services.publish(period, people["council"])
    results = {r.unit_id: r for r in PublishedResult.objects.filter(period=period).prefetch_related("scores")}
    assert results[units[0].pk].total == Decimal("17.67") and results[units[0].pk].rank == 1
    # b: 0 + 2 (tier 50) + 10 (ratio 3/3) + 1 = 13
    assert results[units[1].pk].total == Decimal("13.00") and results[units[1].pk].rank == 2
    main_a = {s.order: (s.score, s.rank) for s in results[units[0].pk].scores.all()}
    main_b = {s.order: (s.score, s.rank) for s in results[units[1].pk].scores.all()}
    assert main_a == {1: (Decimal("7.00"), 1), 2: (Decimal("10.67"), 2)}
    assert main_b == {1: (Decimal("2.00"), 2), 2: (Decimal("11.00"), 1)}

    # Frozen: a later rename of the unit does not change what was published.
    units[0].name = "Tên mới"
    units[0].save()
    assert PublishedResult.objects.get(period=period, unit=units[0]).unit_name == "Sở thử nghiệm a"


def test_history_rows_are_append_only(period, units, people):
    assessment = _assessment(period, units[0])
    fill(assessment, people["staff_a"], {"1.1": "1"})
    change = EntryChange.objects.filter(entry__assessment=assessment).first()
    change.text = "sửa"
    with pytest.raises(ValidationError):
        change.save()
