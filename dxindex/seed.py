"""The DX index's share of the seed content (dxindex/seed/index_versions.yaml): the index versions
the public sources describe (decision, source with its address, date and passage), their unit types
with the expected number of components, and the names of their main indices; and the 2023 period of
KH 305/KH-UBND with its plan. No component, no points of a main index, no score: the department
enters or imports the components (the pages say so).

Idempotent: what is already there (a version by key, a unit type by version and kind, a main index
by unit type and order, a period by year) is left as it is, editors' changes included.
"""

from decimal import Decimal
from pathlib import Path

import yaml

from documents.models import LegalDocument
from dxindex.models import IndexVersion, MainIndex, Period, UnitType
from kpi.models import Plan
from portal.models import Organisation

SEED_FILE = Path(__file__).resolve().parent / "seed" / "index_versions.yaml"
VERSION_FIELDS = (
    "name",
    "decision_number",
    "decision_date",
    "decision_signer",
    "source_name",
    "source_url",
    "source_date",
    "source_passage",
    "source_note",
)


def records(path=SEED_FILE):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load(log, data=None):
    data = records() if data is None else data
    versions = {}
    for item in data["versions"]:
        versions[item["key"]] = _version(log, item)
    for item in data.get("periods", []):
        _period(log, item, versions)


def _version(log, item):
    version = IndexVersion.objects.filter(key=item["key"]).first()
    if version is None:
        decision = LegalDocument.objects.filter(slug=item.get("decision_slug") or "").first()
        version = IndexVersion(
            key=item["key"],
            year=item["year"],
            decision=decision,
            city=Organisation.objects.by_slug(item.get("city")),
            **{
                name: (item.get(name) or None) if name.endswith("_date") else (item.get(name) or "").strip()
                for name in VERSION_FIELDS
            },
        )
        version.full_clean()
        version.save()
        log.created_object("bộ chỉ số", str(version))
    else:
        log.kept_object("bộ chỉ số", str(version))
    for order, record in enumerate(item.get("unit_types", []), start=1):
        unit_type, created = UnitType.objects.get_or_create(
            version=version,
            kind=record["kind"],
            defaults={
                "name": record["name"],
                "sort_order": order,
                "expected_main_indices": len(record.get("main_indices", [])) or None,
                "expected_components": record.get("expected_components"),
                "max_points": Decimal(str(record["max_points"])) if record.get("max_points") is not None else None,
            },
        )
        if created:
            log.created_object("khối đơn vị", str(unit_type))
        existing = set(unit_type.main_indices.values_list("order", flat=True))
        for position, name in enumerate(record.get("main_indices", []), start=1):
            if position in existing:
                continue
            MainIndex.objects.create(unit_type=unit_type, order=position, name=name)
            log.created_object("chỉ số chính", f"{unit_type} {name}")
    return version


def _period(log, item, versions):
    if Period.objects.filter(year=item["year"]).exists():
        log.kept_object("kỳ đánh giá", str(item["year"]))
        return
    period = Period(
        year=item["year"],
        version=versions[item["version"]],
        plan=Plan.objects.filter(slug=item.get("plan") or "").first(),
        **{
            name: item.get(name)
            for name in ("self_opens", "self_closes", "appraisal_opens", "appraisal_closes", "publish_on")
        },
    )
    period.full_clean()
    period.save()
    log.created_object("kỳ đánh giá", str(period))
