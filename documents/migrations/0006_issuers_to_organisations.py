"""Issuers become rows of the kernel's registry of public bodies (portal.Organisation).

Step one of two (the second, 0006, drops the old table once every pointer has moved; separate so
that PostgreSQL never alters a table with row updates pending in the same transaction).

Merge rule (forum 0005 and kpi 0003 run after this one: issuers first, then units, then places,
each in order of their old id): every issuer makes its own Organisation, never merged with another
issuer, and keeps its slug (old `?co-quan=<slug>` links work as they did). Units and places are
then merged into these when they are the same body (see those migrations). Each old row
is recorded in OrganisationLegacyId (source "documents.issuer", old id, old slug), so an old id
stays reachable. The level is read from the name (see `level_of`); "other" when it says nothing.

The documents, their saved revisions (drafts and history keep the issuer id in their content) and
the groups' permissions on issuers (the same actions on Organisation) follow.
"""

import re

from django.db import migrations, models

from portal.text import fold

SOURCE = "documents.issuer"

# Cities under the central government (the "city" level; others named "thành phố" were district-level).
CENTRAL_CITIES = ("ho chi minh", "ha noi", "hai phong", "da nang", "can tho", "hue")


def name_key(name):
    return " ".join(fold(name).split())


def level_of(name):
    """The level a body's name states, by its folded opening words; "other" when it states none."""
    key = name_key(name)
    key = re.sub(r"^(uy ban nhan dan|ubnd) ", "ubnd ", key)
    if key.startswith(("bo chinh tri", "ban chap hanh trung uong", "ban bi thu", "quoc hoi", "chinh phu",
                       "thu tuong", "uy ban quoc gia", "van phong chinh phu", "viet nam")):  # fmt: skip
        return "national"
    if key.startswith("bo "):
        return "ministry"
    if key.startswith("so "):
        return "department"
    if key.startswith("ubnd thanh pho thu duc"):
        return "thu_duc"
    if key.startswith(("ubnd phuong", "ubnd xa", "ubnd dac khu")):
        return "commune"
    if key.startswith(("ubnd quan", "ubnd huyen", "ubnd thi xa")):
        return "district"
    if key.startswith("ubnd tinh") or key.startswith(("tinh uy", "ban chap hanh dang bo tinh")):
        return "city"
    if key.startswith(("ubnd thanh pho", "thanh uy")):
        return "city" if any(city in key for city in CENTRAL_CITIES) else "district"
    return "other"


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
    grant_organisation_permissions(apps, "documents", "issuer")


def forwards(apps, schema_editor):
    Issuer = apps.get_model("documents", "Issuer")
    LegalDocument = apps.get_model("documents", "LegalDocument")
    Organisation = apps.get_model("portal", "Organisation")
    LegacyId = apps.get_model("portal", "OrganisationLegacyId")

    mapping = {}
    for issuer in Issuer.objects.order_by("pk"):
        known = LegacyId.objects.filter(source=SOURCE, old_id=issuer.pk).first()
        if known is not None:
            mapping[issuer.pk] = known.organisation_id
            continue
        # Issuers are taken one to one, never merged with each other: two issuers are two bodies
        # as the editors recorded them (and merging them could join two documents of one number).
        org = Organisation.objects.create(
            name=issuer.name,
            short_name=issuer.short_name,
            slug=free_slug(Organisation, issuer.slug),
            level=level_of(issuer.name),
            active_until=issuer.active_until,
        )
        LegacyId.objects.create(organisation=org, source=SOURCE, old_id=issuer.pk, slug=issuer.slug)
        mapping[issuer.pk] = org.pk

    for issuer in Issuer.objects.exclude(succeeded_by=None):
        Organisation.objects.filter(pk=mapping[issuer.pk], successor=None).update(
            successor_id=mapping[issuer.succeeded_by_id]
        )
    for old, new in mapping.items():
        LegalDocument.objects.filter(issuer_id=old).update(organisation_id=new)
    repoint_revisions(apps, "documents", "legaldocument", "issuer", mapping)
    grant_roles(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_media_models_in_portal"),
        ("portal", "0006_organisation"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="legaldocument",
            name="organisation",
            field=models.ForeignKey(
                null=True, blank=True, on_delete=models.PROTECT, related_name="+", to="portal.organisation"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
