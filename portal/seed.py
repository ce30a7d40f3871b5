"""The kernel's share of the seed content (portal/seed/organisations.yaml): the registry of public
bodies every app points at, with the 2025 reorganisation the seeds give.

Idempotent: a body is found by its slug, else by its name (a site migrated from the old per-app
tables has its units under slugs made from their names). A body already there keeps what an
editor gave it; the seed only fills what is still empty (dates, successor, parent, level
"other", place name and slug, note), so the 2025 facts reach a migrated site too."""

import datetime
from pathlib import Path

import yaml

from portal.models import Level, Organisation

SEED_DIR = Path(__file__).resolve().parent / "seed"
FILLED = ["short_name", "area_name", "area_slug", "active_from", "active_until", "note"]


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def load(log):
    data = yaml.safe_load((SEED_DIR / "organisations.yaml").read_text(encoding="utf-8"))
    bodies = {}
    for item in data["organisations"]:
        values = {
            "name": item["name"],
            "short_name": item.get("short_name", ""),
            "level": item["level"],
            "area_name": item.get("area_name", ""),
            "area_slug": item.get("area_slug", ""),
            "active_from": _date(item.get("active_from")),
            "active_until": _date(item.get("active_until")),
            "note": " ".join((item.get("note") or "").split()),
        }
        body = (
            Organisation.objects.filter(slug=item["slug"]).first()
            or Organisation.objects.filter(name=item["name"]).order_by("pk").first()
        )
        if body is None:
            body = Organisation.objects.create(slug=item["slug"], **values)
            log.created_object("cơ quan, đơn vị", body.name)
        else:
            changed = [name for name in FILLED if values[name] and not getattr(body, name)]
            if body.level == Level.OTHER and values["level"] != Level.OTHER:
                changed.append("level")
            for name in changed:
                setattr(body, name, values[name])
            if changed:
                body.save(update_fields=changed)
            log.kept_object("cơ quan, đơn vị", body.name)
        bodies[item["slug"]] = body
    for item in data["organisations"]:
        body, changed = bodies[item["slug"]], []
        for field, key in (("parent", "parent"), ("successor", "successor")):
            if item.get(key) and getattr(body, f"{field}_id") is None:
                setattr(body, field, bodies[item[key]])
                changed.append(field)
        if changed:
            body.save(update_fields=changed)
    return bodies
