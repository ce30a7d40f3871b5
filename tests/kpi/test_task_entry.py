"""Issue 14, item 3: a unit's staff send updates of their own unit's plan tasks; a reviewer approves
before the status is public, or returns the update with a note the unit sees; history is kept."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import ModelLogEntry

from kpi.choices import Review
from kpi.models import Plan, UnitStaff
from kpi.plan_tasks import PlanTask, TaskStatus, TaskUpdate
from kpi.task_entry import unit_tasks
from portal.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/chi-tieu/nhiem-vu/don-vi/"
REVIEW_URL = "/admin/chi-tieu/nhiem-vu/duyet/"


@pytest.fixture
def plan():
    return Plan.objects.create(
        slug="kh-thu-nhiem-vu", title="Kế hoạch thử", place=Organisation.objects.by_slug("tphcm")
    )


@pytest.fixture
def units():
    return {
        slug: Organisation.objects.get(slug=slug) for slug in ("so-khcn-tphcm", "so-tttt-tphcm", "so-tai-chinh-tphcm")
    }


@pytest.fixture
def tasks(plan, units):
    def task(key, lead, **fields):
        return PlanTask.objects.create(
            plan=plan, key=key, text=f"Nhiệm vụ {key}", passage="Trích", lead_unit=lead, **fields
        )

    own = task("rieng", units["so-khcn-tphcm"], deadline_text="Quý 4 năm 2026")
    inherited = task("ke-thua", units["so-tttt-tphcm"])  # Sở TT&TT's task, reported on by its successor
    joint = task("cung-chu-tri", units["so-tai-chinh-tphcm"])
    joint.joint_lead_units.add(units["so-khcn-tphcm"])
    other = task("khac", units["so-tai-chinh-tphcm"])
    return {"own": own, "inherited": inherited, "joint": joint, "other": other}


@pytest.fixture
def staff(units):
    user = factories.UserFactory(username="can-bo-khcn")
    user.groups.add(Group.objects.get(name="Cán bộ số liệu"))
    UnitStaff.objects.create(user=user, unit=units["so-khcn-tphcm"])
    return user


def send(client, chosen, **fields):
    data = {
        "task": chosen.pk,
        "date": "16/11/2026",
        "status": TaskStatus.IN_PROGRESS,
        "note": "Đã triển khai ở 80% phường",
    }
    data.update(fields)
    return client.post(URL, data)


def test_staff_see_their_units_tasks_including_those_of_the_body_it_succeeded(client, staff, tasks, units):
    assert set(unit_tasks(units["so-khcn-tphcm"]).filter(plan=tasks["own"].plan)) == {
        tasks["own"],
        tasks["inherited"],
        tasks["joint"],
    }
    client.force_login(staff)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhiệm vụ rieng" in html and "Nhiệm vụ ke-thua" in html and "Nhiệm vụ khac" not in html
    assert "Sở Thông tin và Truyền thông" in html  # the body the plan gave the task to


def test_an_update_waits_for_review_then_becomes_the_public_status(client, staff, tasks, reviewer):
    client.force_login(staff)
    response = send(client, tasks["own"])
    assert response.status_code == 302
    update = TaskUpdate.objects.get(task=tasks["own"])
    assert update.review == Review.PENDING and update.author == staff and update.date == datetime.date(2026, 11, 16)
    assert update.note == "Đã triển khai ở 80% phường"
    tasks["own"].refresh_from_db()
    assert tasks["own"].status == TaskStatus.UNKNOWN and tasks["own"].history() == []
    assert ModelLogEntry.objects.filter(action="kpi.task_update.submit", object_id=str(tasks["own"].pk)).exists()
    # The unit sees what it sent, not yet public.
    assert "Chờ duyệt" in client.get(URL).content.decode()

    client.force_login(reviewer)
    queue = client.get(REVIEW_URL)
    assert queue.status_code == 200 and "Nhiệm vụ rieng" in queue.content.decode()
    response = client.post(REVIEW_URL, {"chon": [update.pk], "quyet_dinh": "duyet"})
    assert response.status_code == 302
    update.refresh_from_db()
    tasks["own"].refresh_from_db()
    assert update.review == Review.APPROVED and update.reviewed_by == reviewer
    assert tasks["own"].status == TaskStatus.IN_PROGRESS and tasks["own"].status_on == datetime.date(2026, 11, 16)
    assert ModelLogEntry.objects.filter(action="kpi.task_update.approve", object_id=str(tasks["own"].pk)).exists()


def test_a_returned_update_shows_its_note_to_the_unit_and_changes_nothing_public(client, staff, tasks, reviewer):
    client.force_login(staff)
    send(client, tasks["inherited"], status=TaskStatus.DONE, evidence_url="https://sokhcn.hochiminhcity.gov.vn/bao-cao")
    update = TaskUpdate.objects.get(task=tasks["inherited"])
    client.force_login(reviewer)
    response = client.post(REVIEW_URL, {"chon": [update.pk], "quyet_dinh": "tra_lai", "ghi_chu": ""})
    assert "ghi lý do" in response.content.decode()
    update.refresh_from_db()
    assert update.review == Review.PENDING
    client.post(
        REVIEW_URL, {"chon": [update.pk], "quyet_dinh": "tra_lai", "ghi_chu": "Liên kết không mở được báo cáo."}
    )
    update.refresh_from_db()
    tasks["inherited"].refresh_from_db()
    assert update.review == Review.RETURNED and update.review_note == "Liên kết không mở được báo cáo."
    assert tasks["inherited"].status == TaskStatus.UNKNOWN
    client.force_login(staff)
    assert "Liên kết không mở được báo cáo." in client.get(URL).content.decode()


def test_bad_input_is_refused_with_the_reason_and_nothing_is_saved(client, staff, tasks):
    client.force_login(staff)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    cases = [
        ({"task": tasks["other"].pk}, "task"),  # another unit's task
        ({"date": tomorrow}, "date"),
        ({"status": "unknown"}, "status"),
        ({"status": TaskStatus.DONE}, "evidence_number"),  # done needs evidence
        ({"evidence_number": "999/KH-KHONGCO"}, "evidence_number"),
        ({"evidence_url": "khong phai lien ket"}, "evidence_url"),
        ({"note": "x" * 2001}, "note"),
    ]
    for fields, field in cases:
        response = send(client, tasks["own"], **fields)
        assert response.status_code == 200, fields
        assert field in response.context["form"].errors, fields
        assert "Chưa gửi được" in response.content.decode()
    assert not TaskUpdate.objects.filter(task__plan=tasks["own"].plan).exists()


def test_evidence_is_found_by_its_number_in_any_written_form(client, staff, tasks):
    document = factories.LegalDocumentFactory(number="4321/KH-UBND")
    client.force_login(staff)
    response = send(client, tasks["own"], status=TaskStatus.DONE, evidence_number="4321 kh ubnd")
    assert response.status_code == 302
    assert TaskUpdate.objects.get(task=tasks["own"]).evidence_document == document


@pytest.mark.parametrize("role", ["editor", "forum_moderator", "responder", "citizen"])
def test_other_roles_cannot_send_or_review_unit_updates(client, role, request, tasks, staff):
    pending = TaskUpdate.objects.create(task=tasks["own"], status=TaskStatus.DONE, review=Review.PENDING, author=staff)
    user = factories.UserFactory() if role == "citizen" else request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    assert send(client, tasks["own"]).status_code in (302, 403)
    assert client.post(REVIEW_URL, {"chon": [pending.pk], "quyet_dinh": "duyet"}).status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.review == Review.PENDING
    assert list(TaskUpdate.objects.filter(task=tasks["own"])) == [pending]


def test_staff_cannot_review_and_staff_without_a_unit_are_told(client, staff, tasks):
    client.force_login(staff)
    assert client.get(REVIEW_URL).status_code in (302, 403)  # Wagtail's admin sends a refusal home
    loner = factories.UserFactory(username="chua-co-don-vi")
    loner.groups.add(Group.objects.get(name="Cán bộ số liệu"))
    client.force_login(loner)
    response = client.get(URL)
    assert response.status_code == 200 and "chưa được gắn với đơn vị nào" in response.content.decode()
    assert send(client, tasks["own"]).status_code in (302, 403)
    assert not TaskUpdate.objects.filter(task=tasks["own"]).exists()


def test_an_editors_update_in_the_task_admin_waits_for_a_reviewer(client, editor, tasks):
    from kpi.task_admin import _record

    update = TaskUpdate.objects.create(task=tasks["own"], date=datetime.date(2026, 11, 14), status=TaskStatus.DONE)
    tasks["own"].refresh_from_db()
    assert tasks["own"].status == TaskStatus.DONE  # saved as approved by the admin form

    class Request:
        user = editor

    _record(Request, TaskUpdate.objects.filter(pk=update.pk))
    update.refresh_from_db()
    tasks["own"].refresh_from_db()
    assert update.review == Review.PENDING and update.author == editor
    assert tasks["own"].status == TaskStatus.UNKNOWN


def test_the_pages_read_in_a_constant_number_of_queries(
    client, staff, tasks, plan, units, reviewer, django_assert_max_num_queries
):
    for index in range(40):
        task = PlanTask.objects.create(
            plan=plan, key=f"them-{index}", text=f"Thêm {index}", passage="T", lead_unit=units["so-khcn-tphcm"]
        )
        TaskUpdate.objects.create(
            task=task,
            date=datetime.date(2026, 11, 13),
            status=TaskStatus.IN_PROGRESS,
            review=Review.PENDING,
            author=staff,
        )
    client.force_login(staff)
    # 31: one of them reads the data's generations (portal.generations), which the cached site,
    # routing and restrictions are kept under.
    with django_assert_max_num_queries(31):
        assert client.get(URL).status_code == 200
    client.force_login(reviewer)
    with django_assert_max_num_queries(31):
        assert client.get(REVIEW_URL).status_code == 200


def test_the_public_tracker_shows_approved_updates_only(client, tasks, staff):
    TaskUpdate.objects.create(
        task=tasks["own"],
        date=datetime.date(2026, 11, 13),
        status=TaskStatus.DONE,
        note="Bí mật chờ duyệt",
        review=Review.PENDING,
    )
    TaskUpdate.objects.create(
        task=tasks["own"], date=datetime.date(2026, 10, 20), status=TaskStatus.IN_PROGRESS, note="Đã công khai"
    )
    response = client.get(f"/chi-tieu/ke-hoach/{tasks['own'].plan.slug}/nhiem-vu/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã công khai" in html and "Bí mật chờ duyệt" not in html
