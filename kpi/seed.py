"""KPI's share of the seed content (kpi/seed/targets.yaml): plans, indicators, every target
the seeds state with its passage, and the one measured figure they give. Nothing else is measured."""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from wagtail.models import Site

from documents.models import LegalDocument
from documents.text import number_key
from kpi.models import Indicator, KpiDashboardPage, Measurement, Plan, Target
from portal.models import Organisation

SEED_DIR = Path(__file__).resolve().parent / "seed"


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
            )
            for m in measurements.get(item["key"], [])
        ]
        indicator.save()
        indicator.save_revision(log_action=True)
        log.created_object("chỉ tiêu", indicator.name)

    ensure_dashboard(log)


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
