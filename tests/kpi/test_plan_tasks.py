"""Plan tasks: deadlines, status from dated updates, the roll-up rule."""

import datetime

import pytest

from kpi.models import Plan
from kpi.plan_tasks import PlanTask, TaskKind, TaskStatus, TaskUpdate, due_date_from_text, rollup
from portal.models import Organisation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý 1 năm 2023", datetime.date(2023, 3, 31)),
        ("Quý 01 năm 2021", datetime.date(2021, 3, 31)),
        ("Quý 2, 3, 4 năm 2023", datetime.date(2023, 12, 31)),
        ("quý 4/2022", datetime.date(2022, 12, 31)),
        ("Tháng 12 năm 2023", datetime.date(2023, 12, 31)),
        ("Tháng 1 năm 2024", datetime.date(2024, 1, 31)),
        ("Tháng 2 năm 2024", datetime.date(2024, 2, 29)),
        ("Năm 2024", datetime.date(2024, 12, 31)),
        ("trong năm 2024", datetime.date(2024, 12, 31)),
        ("Hằng năm", None),
        ("hàng quý", None),
        ("Định kỳ", None),
        ("", None),
        ("Sau khi có hướng dẫn", None),
    ],
)
def test_due_date_is_the_end_of_the_period_the_plan_names(text, expected):
    assert due_date_from_text(text) == expected


@pytest.fixture
def plan(db):
    return Plan.objects.create(slug="kh-thu", title="Kế hoạch thử", place=Organisation.objects.by_slug("tphcm"))


def make_task(plan, key, **fields):
    fields.setdefault("text", f"Nhiệm vụ {key}")
    fields.setdefault("passage", f"Đoạn trích {key}")
    return PlanTask.objects.create(plan=plan, key=key, **fields)


@pytest.mark.django_db
def test_status_is_the_latest_dated_update_and_history_is_kept(plan):
    task = make_task(plan, "a", deadline_text="Quý 1 năm 2023")
    assert task.status == TaskStatus.UNKNOWN and task.due_date == datetime.date(2023, 3, 31)
    TaskUpdate.objects.create(task=task, date=datetime.date(2023, 2, 1), status=TaskStatus.IN_PROGRESS)
    TaskUpdate.objects.create(task=task, date=datetime.date(2023, 3, 20), status=TaskStatus.DONE, note="Xong")
    # An update entered later about an earlier day does not replace the latest one.
    TaskUpdate.objects.create(task=task, date=datetime.date(2023, 1, 5), status=TaskStatus.NOT_STARTED)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.status_on == datetime.date(2023, 3, 20)
    assert [u.status for u in task.history()] == [TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED]
    task.updates.get(status=TaskStatus.DONE).delete()
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS


@pytest.mark.django_db
def test_saving_a_task_with_its_updates_in_memory_takes_the_latest(plan):
    task = PlanTask(plan=plan, key="b", text="t", passage="p")
    task.updates = [
        TaskUpdate(date=datetime.date(2024, 5, 1), status=TaskStatus.DONE),
        TaskUpdate(date=datetime.date(2024, 1, 1), status=TaskStatus.IN_PROGRESS),
    ]
    task.save()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.updates.count() == 2


@pytest.mark.django_db
def test_an_update_cannot_be_dated_in_the_future(plan):
    from django.core.exceptions import ValidationError

    task = make_task(plan, "c")
    update = TaskUpdate(task=task, date=datetime.date.today() + datetime.timedelta(days=2), status=TaskStatus.DONE)
    with pytest.raises(ValidationError):
        update.full_clean()


@pytest.mark.django_db
def test_rollup_counts_unknown_in_the_total_and_keeps_lapsed_apart_from_overdue(plan):
    today = datetime.date(2025, 1, 1)
    done = make_task(plan, "done", deadline_text="Quý 1 năm 2023")
    TaskUpdate.objects.create(task=done, date=datetime.date(2023, 3, 1), status=TaskStatus.DONE)
    late = make_task(plan, "late", deadline_text="Tháng 12 năm 2023")
    TaskUpdate.objects.create(task=late, date=datetime.date(2023, 6, 1), status=TaskStatus.IN_PROGRESS)
    make_task(plan, "lapsed", deadline_text="Quý 2 năm 2024")  # no update: status unknown
    make_task(plan, "future", deadline_text="Năm 2030")
    make_task(plan, "recurring", deadline_text="Hằng quý")
    stopped = make_task(plan, "stopped", deadline_text="Năm 2023")
    TaskUpdate.objects.create(task=stopped, date=datetime.date(2023, 3, 1), status=TaskStatus.STOPPED)
    make_task(plan, "priority", kind=TaskKind.PRIORITY, deadline_text="Năm 2020")
    summary = rollup(PlanTask.objects.filter(plan=plan), today)
    assert summary["total"] == 6  # the priority is not a task
    assert summary["done"] == 1 and summary["percent_done"] == 16  # 1/6, rounded down
    assert summary["overdue"] == 1  # "late" only: known unfinished and past its due date
    assert summary["lapsed_unknown"] == 1  # "lapsed": past due, status unknown
    assert summary["by_status"][TaskStatus.UNKNOWN] == 3
    assert sum(count for _code, _label, count in summary["counts"]) == 6
    assert rollup([], today)["percent_done"] is None


@pytest.mark.django_db
def test_a_task_needs_a_quoted_passage(plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        PlanTask(plan=plan, key="x", text="Nhiệm vụ", passage="   ").full_clean()
