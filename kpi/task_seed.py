"""The plans' tasks of the seed content (kpi/seed_tasks.yaml), loaded by kpi.seed.load.

Idempotent: a unit, plan or task already there (by slug, key) is kept as it is, edits included; a
deleted task comes back. A plan's library document without full text gets the transcription the
file names (documents/seed/fulltext/), as a new published revision.
"""

from pathlib import Path

import yaml

from documents.models import LegalDocument
from documents.seed import SEED_DIR as DOCUMENT_SEED_DIR
from documents.seed import text_to_html
from documents.text import number_key
from kpi.models import Plan
from kpi.plan_tasks import PlanTask, TaskKind
from portal.models import Organisation

TASKS_FILE = Path(__file__).resolve().parent / "seed_tasks.yaml"
FULL_TEXT_DIR = DOCUMENT_SEED_DIR / "fulltext"
UNIT_NOTE = (
    "Thêm vào danh mục từ kế hoạch giao nhiệm vụ (kpi/seed_tasks.yaml); tên như kế hoạch ghi. "
    "Các văn bản nguồn không nêu ngày hoạt động và quan hệ kế thừa sau năm 2025."
)


def task_records(path=TASKS_FILE):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_tasks(log, data=None):
    data = task_records() if data is None else data
    _load_units(log, data.get("units", []))
    units = {}

    def unit(slug):
        if slug not in units:
            units[slug] = Organisation.objects.by_slug(slug)
            if units[slug] is None:
                raise ValueError(f"seed_tasks.yaml names an unknown unit: {slug}")
        return units[slug]

    for item in data["plans"]:
        plan = _plan(log, item)
        if plan.document_id and item.get("full_text"):
            _fill_full_text(log, plan.document, item["full_text"])
        existing = set(plan.tasks.values_list("key", flat=True))
        for order, record in enumerate(item["tasks"], start=1):
            if record["key"] in existing:
                log.kept_object("nhiệm vụ", f"{plan.slug} {record['key']}")
                continue
            passage = record["passage"].strip()
            task = PlanTask(
                plan=plan,
                key=record["key"],
                kind=record.get("kind", TaskKind.TASK),
                number=record.get("number") or "",
                sort_order=order * 10,
                section=record.get("section") or "",
                text=(record.get("text") or passage).strip(),
                passage=passage,
                lead_unit=unit(record["lead"]) if record.get("lead") else None,
                lead_text=record.get("lead_text") or "",
                co_text=record.get("co_text") or "",
                unit_note=record.get("unit_note") or "",
                deadline_text=record.get("deadline") or "",
            )
            task.full_clean()
            task.save()
            task.joint_lead_units.set([unit(slug) for slug in record.get("joint", [])])
            task.co_units.set([unit(slug) for slug in record.get("co", [])])
            log.created_object("nhiệm vụ", f"{plan.slug} {task}")


def _load_units(log, records):
    for record in records:
        if Organisation.objects.filter(slug=record["slug"]).exists():
            log.kept_object("cơ quan, đơn vị", record["name"])
            continue
        body = Organisation(
            slug=record["slug"],
            name=record["name"],
            short_name=record.get("short_name") or "",
            level=record.get("level") or "other",
            parent=Organisation.objects.by_slug(record.get("parent")),
            note=record.get("note") or UNIT_NOTE,
        )
        body.full_clean()
        body.save()
        log.created_object("cơ quan, đơn vị", body.name)


def _plan(log, item):
    plan = Plan.objects.filter(slug=item["key"]).select_related("document").first()
    if plan is not None:
        return plan
    document = None
    if item.get("number"):
        document = LegalDocument.objects.filter(number_key=number_key(item["number"])).first()
    if document is None and item.get("document_slug"):
        document = LegalDocument.objects.filter(slug=item["document_slug"]).first()
    plan = Plan.objects.create(
        slug=item["key"], title=item["title"], document=document, place=Organisation.objects.by_slug(item["place"])
    )
    log.created_object("kế hoạch", plan.title[:60])
    return plan


def _fill_full_text(log, document, filename):
    """The transcription for a library document loaded before it had one (an existing database)."""
    if document.full_text:
        return
    document.full_text = text_to_html((FULL_TEXT_DIR / filename).read_text(encoding="utf-8"))
    document.save_revision(log_action=True).publish(log_action=True)
    log.created_object("toàn văn", str(document))
