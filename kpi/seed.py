"""KPI's share of the seed content (kpi/seed/targets.yaml): plans, indicators, every target
the seeds state with its passage, and the one measured figure they give; then the figures public
sources state (kpi/seed_measurements.yaml), each with its source, link, date and passage."""

import datetime
from collections import Counter
from decimal import Decimal
from pathlib import Path

import yaml
from wagtail.models import Site

from documents.models import LegalDocument
from documents.text import number_key
from kpi.models import Indicator, KpiDashboardPage, Measurement, Plan, Review, Target
from kpi.task_seed import load_tasks
from portal.models import Organisation

SEED_DIR = Path(__file__).resolve().parent / "seed"
MEASUREMENTS_FILE = Path(__file__).resolve().parent / "seed_measurements.yaml"


def load(log):
    data = yaml.safe_load((SEED_DIR / "targets.yaml").read_text(encoding="utf-8"))
    # Places are bodies of the kernel's registry (portal/seed/organisations.yaml, loaded first).
    places = {
        key: Organisation.objects.by_slug(key) for key in {item["place"] for item in data["plans"] + data["indicators"]}
    }
    plans = {}
    for item in data["plans"]:
        document = None
        if item.get("number"):
            document = LegalDocument.objects.filter(number_key=number_key(item["number"])).first()
        elif item.get("document_slug"):
            document = LegalDocument.objects.filter(slug=item["document_slug"]).first()
        plans[item["key"]], created = Plan.objects.get_or_create(
            slug=item["key"],
            defaults={"title": item["description"], "document": document, "place": places[item["place"]]},
        )
        if created:
            log.created_object("kế hoạch", item["description"][:60])
    targets = {}
    for target in data["targets"]:
        targets.setdefault(target["indicator"], []).append(target)
    measurements = {}
    for measurement in data.get("measurements", []):
        measurements.setdefault(measurement["indicator"], []).append(measurement)

    for item in data["indicators"]:
        if Indicator.objects.filter(slug=item["key"]).exists():
            log.kept_object("chỉ tiêu", item["name"])
            continue
        indicator = Indicator(
            slug=item["key"],
            name=item["name"],
            description=item.get("description", ""),
            pillar=item["pillar"],
            unit=item.get("unit") or "",
            kind=item["kind"],
            comparator=item["comparator"],
            place=places[item["place"]],
        )
        indicator.targets = [
            Target(
                plan=plans[t["plan"]],
                year=t["year"],
                value=Decimal(str(t["value"])),
                base_year=t.get("base_year"),
                passage=t["passage"].strip(),
            )
            for t in targets.get(item["key"], [])
        ]
        indicator.measurements = [
            Measurement(
                year=m["period"],
                value=Decimal(str(m["value"])) if m.get("value") is not None else None,
                low=Decimal(str(m["low"])) if m.get("low") is not None else None,
                high=Decimal(str(m["high"])) if m.get("high") is not None else None,
                source=m["source"],
                reported_on=m.get("reported_on")
                if isinstance(m.get("reported_on"), datetime.date) or m.get("reported_on") is None
                else datetime.date.fromisoformat(m["reported_on"]),
                passage=m.get("passage", "").strip(),
                review=Review.APPROVED,  # from the seeds, each with its source: public
            )
            for m in measurements.get(item["key"], [])
        ]
        indicator.save()
        indicator.save_revision(log_action=True)
        log.created_object("chỉ tiêu", indicator.name)

    link_comparable(data.get("comparable", []))
    load_measurements(log)
    ensure_dashboard(log)
    load_tasks(log)


def link_comparable(groups):
    """Mark each group's indicators as comparable with each other (idempotent: add() skips links
    that exist; the relation is symmetrical)."""
    for keys in groups:
        members = list(Indicator.objects.filter(slug__in=keys))
        missing = set(keys) - {member.slug for member in members}
        if missing:
            raise ValueError(f"comparable: unknown indicators {sorted(missing)}")
        for member in members:
            member.comparable.add(*[other for other in members if other.pk != member.pk])


def _decimal(value):
    return Decimal(str(value)) if value is not None else None


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def measurement_records(path=MEASUREMENTS_FILE):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["measurements"]


def _is_seeded(measurement, record, shared_link):
    """Whether `measurement` is the record's figure, possibly edited since."""
    if measurement.year != record["year"]:
        return False
    if measurement.source == record["source"]:
        return True
    if not record.get("url") or measurement.source_url != record["url"]:
        return False
    value = (_decimal(record.get("value")), _decimal(record.get("low")), _decimal(record.get("high")))
    return not shared_link or (measurement.value, measurement.low, measurement.high) == value


def load_measurements(log, records=None):
    """Adds each sourced figure its indicator lacks. A figure is there when the indicator has a
    measurement of that year from the same source (name or link): an editor's change to it, even
    to its source's name, is kept; a deleted one comes back, as a deleted seeded page does."""
    records = measurement_records() if records is None else records
    wanted, links = {}, Counter()
    for record in records:
        wanted.setdefault(record["indicator"], []).append(record)
        links[(record["indicator"], record["year"], record.get("url") or "")] += 1
    for indicator in Indicator.objects.filter(slug__in=wanted).prefetch_related("measurements"):
        existing = list(indicator.measurements.all())
        added = []
        for record in wanted[indicator.slug]:
            # The link identifies the figure too, unless the page gives several for the year
            # (two series in one article): then the link and the value do.
            shared_link = links[(indicator.slug, record["year"], record.get("url") or "")] > 1
            if any(_is_seeded(m, record, shared_link) for m in existing + added):
                log.kept_object("số đo", f"{indicator.slug} {record['year']}")
                continue
            added.append(
                Measurement(
                    indicator=indicator,
                    year=record["year"],
                    value=_decimal(record.get("value")),
                    low=_decimal(record.get("low")),
                    high=_decimal(record.get("high")),
                    source=record["source"],
                    source_url=record.get("url") or "",
                    reported_on=_date(record.get("reported_on")),
                    passage=" ".join(record["passage"].split()),
                    review=Review.APPROVED,  # sourced and quoted (test_seed_measurements): public
                )
            )
        if not added:
            continue
        for measurement in added:
            measurement.full_clean(exclude=["indicator"])
            measurement.save()
            log.created_object("số đo", f"{indicator.slug} {measurement.year}: {measurement.display}")
        indicator.refresh_from_db()
        indicator.save_revision(log_action=True)


def ensure_dashboard(log):
    if KpiDashboardPage.objects.exists():
        log.kept_object("trang chỉ tiêu", "Chỉ tiêu")
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = KpiDashboardPage(
        title="Chỉ tiêu chuyển đổi số",
        slug="chi-tieu",
        menu_title="Chỉ tiêu",
        intro=(
            "Các chỉ tiêu chuyển đổi số mà các chương trình, kế hoạch đặt ra, mỗi chỉ tiêu kèm văn bản nguồn, "
            "số liệu đo được (nếu có) và tình trạng tính theo quy tắc công khai."
        ),
        show_in_menus=True,
    )
    home.add_child(instance=page)  # last in the menu: Trang chủ ... Cẩm nang, Thư viện, Chỉ tiêu
    page.save_revision(log_action=True).publish(log_action=True)
    log.created_object("trang chỉ tiêu", page.title)
