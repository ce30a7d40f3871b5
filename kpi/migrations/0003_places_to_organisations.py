"""Places become rows of the kernel's registry of public bodies (portal.Organisation).

Step one of two (0004 drops the old table). Runs after documents 0005 and forum 0005 (issuers
first, then units, then places, each in order of the old id).

Merge rule (as in documents 0005 and forum 0005, with one addition for places): a place is the
same body as an Organisation already made when, folded (case, diacritics and đ ignored, spaces
collapsed, a trailing "(...)" qualifier dropped), its name equals the Organisation's name, or
"Ủy ban nhân dân " + its name does — a place is the area its people's committee governs, so
"Thành phố Hồ Chí Minh" is "Ủy ban nhân dân Thành phố Hồ Chí Minh" (issuer UBND TP.HCM) and
"Thành phố Cao Lãnh (tỉnh Đồng Tháp)" is "Ủy ban nhân dân thành phố Cao Lãnh". The lowest-id
Organisation without a place of its own wins; it keeps its name and slug and takes the place's
name and slug as area_name and area_slug, so that plans and indicators print the same name and
`?dia-phuong=<slug>` links work as they did. A place that matches nothing makes its own
Organisation (area_name and area_slug the place's, slug the place's slug when free). Every place
is recorded in OrganisationLegacyId (source "kpi.place", old id, old slug).

Plans, indicators and the indicators' saved revisions follow; groups keep on Organisation the
actions they had on places.
"""

import re

from django.db import migrations, models

from portal.text import fold

SOURCE = "kpi.place"
CENTRAL_CITIES = ("ho chi minh", "ha noi", "hai phong", "da nang", "can tho", "hue")


def name_key(name):
    return " ".join(fold(re.sub(r"\s*\([^)]*\)\s*$", "", name or "")).split())


def level_of(name):
    """The level a place's name states; "other" when it states none."""
    key = name_key(name)
    if key == "viet nam":
        return "national"
    if key.startswith("tinh "):
        return "city"
    if key.startswith("thanh pho thu duc"):
        return "thu_duc"
    if key.startswith("thanh pho "):
        return "city" if any(city in key for city in CENTRAL_CITIES) else "district"
    if key.startswith(("quan ", "huyen ", "thi xa ")):
        return "district"
    if key.startswith(("phuong ", "xa ", "dac khu ")):
        return "commune"
    return "other"


def free_slug(Organisation, base):
    base = base or "dia-phuong"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def grant_organisation_permissions(apps, app_label, model):
    """Every group keeps, on Organisation, the actions (add, change, delete, view) it had on `model`."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    old_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if old_type is None:
        return
    new_type, _ = ContentType.objects.get_or_create(app_label="portal", model="organisation")
    for group in Group.objects.filter(permissions__content_type=old_type).distinct():
        for old in group.permissions.filter(content_type=old_type):
            action = old.codename.split("_", 1)[0]
            if old.codename != f"{action}_{model}":
                continue
            permission, _ = Permission.objects.get_or_create(
                content_type=new_type,
                codename=f"{action}_organisation",
                defaults={"name": f"Can {action} cơ quan, đơn vị"},
            )
            group.permissions.add(permission)


def repoint_revisions(apps, app_label, model, field, mapping):
    """Saved revisions hold the old id in their content: point them at the Organisation."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(base_content_type=content_type).iterator():
        content = revision.content or {}
        if content.get(field) in mapping:
            content[field] = mapping[content[field]]
            Revision.objects.filter(pk=revision.pk).update(content=content)


def grant_roles(apps, schema_editor):
    """Also run by load_seed_content's ensure_roles after the role migrations it replays."""
    grant_organisation_permissions(apps, "kpi", "place")


def forwards(apps, schema_editor):
    Place = apps.get_model("kpi", "Place")
    Organisation = apps.get_model("portal", "Organisation")
    LegacyId = apps.get_model("portal", "OrganisationLegacyId")

    mapping = {}
    for place in Place.objects.order_by("pk"):
        known = LegacyId.objects.filter(source=SOURCE, old_id=place.pk).first()
        if known is not None:
            mapping[place.pk] = known.organisation_id
            continue
        keys = {name_key(place.name), name_key("Ủy ban nhân dân " + place.name)}
        same = [
            org
            for org in Organisation.objects.filter(area_slug="").order_by("pk")
            if name_key(org.name) in keys
        ]
        if same:
            org = same[0]
            org.area_name, org.area_slug = place.name, place.slug
            if org.level == "other":
                org.level = level_of(place.name)
            org.save()
        else:
            org = Organisation.objects.create(
                name=place.name,
                slug=free_slug(Organisation, place.slug),
                level=level_of(place.name),
                area_name=place.name,
                area_slug=place.slug,
            )
        LegacyId.objects.create(organisation=org, source=SOURCE, old_id=place.pk, slug=place.slug)
        mapping[place.pk] = org.pk

    for name in ("Plan", "Indicator"):
        model = apps.get_model("kpi", name)
        for old, new in mapping.items():
            model.objects.filter(place_id=old).update(organisation_id=new)
    repoint_revisions(apps, "kpi", "indicator", "place", mapping)
    grant_roles(apps, schema_editor)


def organisation_field():
    return models.ForeignKey(
        null=True, blank=True, on_delete=models.PROTECT, related_name="+", to="portal.organisation"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kpi", "0002_roles"),
        ("portal", "0006_organisation"),
        # Issuers, then units, are merged first (see the merge rule above).
        ("documents", "0006_issuers_to_organisations"),
        ("forum", "0006_units_to_organisations"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(model_name="plan", name="organisation", field=organisation_field()),
        migrations.AddField(model_name="indicator", name="organisation", field=organisation_field()),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
