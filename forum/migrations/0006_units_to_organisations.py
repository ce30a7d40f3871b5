"""Responding units become rows of the kernel's registry of public bodies (portal.Organisation).

Step one of two (0006 drops the old table). Runs after documents 0005 (issuers first, then units,
then places: kpi 0003), each in order of the old id.

Merge rule (the same in documents 0005 and kpi 0003): a unit is the same body as an Organisation
already made when their names are equal once folded (case, diacritics and đ ignored, spaces
collapsed); the lowest-id Organisation wins and gains what it lacks from the unit (email, level
when it had none, active dates). Otherwise the unit makes a new Organisation, its slug the
unit's name folded to ASCII (a number appended if taken). Every unit is recorded in
OrganisationLegacyId (source "forum.unit", old id), so an old id stays reachable.

Levels: sở/ngành -> department; xã, phường, đặc khu -> commune; quận/huyện -> district
(thu_duc for TP Thủ Đức); khác -> other. Responders, proposals and answers follow the unit; the
answer keeps the unit's name as it was (unit_name). Groups keep on Organisation the actions they
had on units.
"""

from django.db import migrations, models

from portal.text import fold, slugify_vi

SOURCE = "forum.unit"

LEVELS = {
    "so_nganh": "department",
    "xa": "commune",
    "phuong": "commune",
    "dac_khu": "commune",
    "quan_huyen": "district",
    "khac": "other",
}


def name_key(name):
    return " ".join(fold(name).split())


def level_of(unit):
    level = LEVELS.get(unit.level, "other")
    if level == "district" and "thu duc" in name_key(unit.name):
        return "thu_duc"
    return level


def free_slug(Organisation, base):
    base = base or "co-quan"
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


def grant_roles(apps, schema_editor):
    """Also run by load_seed_content's ensure_roles after the role migrations it replays."""
    grant_organisation_permissions(apps, "forum", "unit")


def forwards(apps, schema_editor):
    Unit = apps.get_model("forum", "Unit")
    Organisation = apps.get_model("portal", "Organisation")
    LegacyId = apps.get_model("portal", "OrganisationLegacyId")

    mapping = {}
    for unit in Unit.objects.order_by("pk"):
        known = LegacyId.objects.filter(source=SOURCE, old_id=unit.pk).first()
        if known is not None:
            mapping[unit.pk] = known.organisation_id
            continue
        key = name_key(unit.name)
        same = [org for org in Organisation.objects.order_by("pk") if name_key(org.name) == key]
        if same:
            org = same[0]
            org.email = org.email or unit.email
            if org.level == "other":
                org.level = level_of(unit)
            org.active_from = org.active_from or unit.active_from
            org.active_until = org.active_until or unit.active_until
            org.save()
        else:
            org = Organisation.objects.create(
                name=unit.name,
                slug=free_slug(Organisation, slugify_vi(unit.name, max_length=90)),
                level=level_of(unit),
                email=unit.email,
                active_from=unit.active_from,
                active_until=unit.active_until,
            )
        LegacyId.objects.create(organisation=org, source=SOURCE, old_id=unit.pk, slug=org.slug)
        mapping[unit.pk] = org.pk

    for unit in Unit.objects.exclude(succeeded_by=None):
        Organisation.objects.filter(pk=mapping[unit.pk], successor=None).update(
            successor_id=mapping[unit.succeeded_by_id]
        )
    for name in ("Responder", "Proposal", "Answer"):
        model = apps.get_model("forum", name)
        for old, new in mapping.items():
            model.objects.filter(unit_id=old).update(organisation_id=new)
    grant_roles(apps, schema_editor)


def organisation_field():
    return models.ForeignKey(
        null=True, blank=True, on_delete=models.PROTECT, related_name="+", to="portal.organisation"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0005_proposal_kind_and_category_names"),
        ("portal", "0006_organisation"),
        # Issuers are merged first (see the merge rule above).
        ("documents", "0006_issuers_to_organisations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(model_name="responder", name="organisation", field=organisation_field()),
        migrations.AddField(model_name="proposal", name="organisation", field=organisation_field()),
        migrations.AddField(model_name="answer", name="organisation", field=organisation_field()),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
