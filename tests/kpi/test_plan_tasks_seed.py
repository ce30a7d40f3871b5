"""The seeded plan tasks (kpi/seed_tasks.yaml): every task the seeds give, quoted from the plan's
transcribed text, with its plan, units of the registry and no invented deadline."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from documents.models import LegalDocument
from kpi.models import Plan
from kpi.plan_tasks import PlanTask, TaskKind, TaskStatus
from kpi.task_seed import FULL_TEXT_DIR, load_tasks, task_records
from portal.models import Organisation

DATA = task_records()


def normalise(text):
    """The text without the transcription's markup ('## ', '- ' at a line's start) and with its
    whitespace collapsed."""
    lines = [re.sub(r"^(#{1,6}\s+|-\s+)", "", line.strip()) for line in text.splitlines()]
    return " ".join(" ".join(lines).split())


def all_tasks():
    for plan in DATA["plans"]:
        for task in plan["tasks"]:
            yield plan, task


def test_every_seeded_task_quotes_its_plans_text():
    assert {plan["key"] for plan in DATA["plans"]} == {"kh-681", "kh-305", "kh-cds-2024", "kh-cds-cao-lanh"}
    texts = {p["key"]: normalise((FULL_TEXT_DIR / p["full_text"]).read_text(encoding="utf-8")) for p in DATA["plans"]}
    for plan, task in all_tasks():
        assert task["passage"].strip(), task["key"]
        assert normalise(task["passage"]) in texts[plan["key"]], (plan["key"], task["key"])


def test_deadlines_are_the_plans_words_and_units_are_in_the_registry_file():
    slugs = {unit["slug"] for unit in DATA["units"]}
    registry = (Path(settings.BASE_DIR) / "portal" / "seed" / "organisations.yaml").read_text(encoding="utf-8")
    for plan, task in all_tasks():
        if task.get("deadline"):
            words = task["deadline"].casefold().replace("hằng", "hàng")
            assert words in task["passage"].casefold(), (plan["key"], task["key"])
        for slug in [task.get("lead"), *task.get("joint", []), *task.get("co", [])]:
            if slug:
                assert slug in slugs or f"slug: {slug}\n" in registry, slug


def test_the_seeds_tasks_are_all_counted():
    counts = {plan["key"]: len(plan["tasks"]) for plan in DATA["plans"]}
    assert counts["kh-305"] >= 6
    kinds = [t.get("kind", TaskKind.TASK) for p, t in all_tasks() if p["key"] == "kh-cds-2024"]
    assert kinds.count(TaskKind.TASK) == 11 and kinds.count(TaskKind.PRIORITY) == 4
    steps = [t for p, t in all_tasks() if p["key"] == "kh-305" and re.fullmatch(r"II\.\d", t.get("number", ""))]
    assert [t["deadline"] for t in steps] == [
        "Quý 1 năm 2023",
        "Quý 1 năm 2023",
        "Tháng 12 năm 2023",
        "Quý 2, 3, 4 năm 2023",
        "Tháng 1 năm 2024",
        "Tháng 1 năm 2024",
    ]


@pytest.mark.django_db
def test_the_database_holds_every_seeded_task_with_unknown_status():
    for record in DATA["plans"]:
        plan = Plan.objects.get(slug=record["key"])
        tasks = {t.key: t for t in PlanTask.objects.filter(plan=plan)}
        assert set(tasks) == {t["key"] for t in record["tasks"]}
        for item in record["tasks"]:
            task = tasks[item["key"]]
            assert task.status == TaskStatus.UNKNOWN and task.passage and task.plan_id == plan.pk
    assert Plan.objects.get(slug="kh-681").document.number == "681/KH-UBND"
    assert Plan.objects.get(slug="kh-305").document.number == "305/KH-UBND"
    step3 = PlanTask.objects.get(plan__slug="kh-305", key="ii-3")
    assert step3.lead_unit.slug == "van-phong-ubnd-tphcm" and step3.joint_lead_units.count() == 9
    assert step3.co_units.get().slug == "so-tttt-tphcm"
    assert step3.due_date.isoformat() == "2023-12-31" and step3.unit_note


@pytest.mark.django_db
def test_the_loader_is_idempotent_and_brings_back_a_deleted_task():
    class Log:
        def __init__(self):
            self.created = []

        def created_object(self, kind, label):
            self.created.append((kind, label))

        def kept_object(self, kind, label):
            pass

    before = PlanTask.objects.count()
    units = Organisation.objects.count()
    log = Log()
    load_tasks(log)
    assert log.created == [] and PlanTask.objects.count() == before and Organisation.objects.count() == units
    PlanTask.objects.get(plan__slug="kh-681", key="iv-2-a").delete()
    load_tasks(log)
    assert PlanTask.objects.count() == before and [kind for kind, _ in log.created] == ["nhiệm vụ"]


@pytest.mark.django_db
def test_the_2024_and_cao_lanh_plans_have_their_transcribed_text():
    plan2024 = LegalDocument.objects.get(slug="kh-cds-tphcm-2024")
    cao_lanh = LegalDocument.objects.get(slug="kh-cds-tp-cao-lanh")
    assert "11 nhiệm vụ trọng tâm" in plan2024.full_text and "Ưu tiên quản trị số" in plan2024.full_text
    assert "Uuuw" not in plan2024.full_text
    assert "Phòng Văn hóa &amp; Thông tin Thành phố" in cao_lanh.full_text
    # A database loaded before the transcription existed gets it from the tasks' loader.
    LegalDocument.objects.filter(pk=cao_lanh.pk).update(full_text="")
    load_tasks(type("Log", (), {"created_object": lambda *a: None, "kept_object": lambda *a: None})())
    cao_lanh.refresh_from_db()
    assert "Lĩnh vực Nông nghiệp" in cao_lanh.full_text
    assert "Lĩnh vực Nông nghiệp" in cao_lanh.latest_revision.content["full_text"]
