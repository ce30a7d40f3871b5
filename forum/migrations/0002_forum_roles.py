"""Forum permissions for the roles the foundation created.

Điều phối viên diễn đàn moderate proposals and comments, read reports and keep the category and
kind lists; Đơn vị trả lời answer what is assigned to their unit. Units and responder accounts are
managed by administrators."""

from django.db import migrations

PERMISSIONS = {
    "Điều phối viên diễn đàn": {
        "proposal": ["moderate_proposal", "view_forum_reports", "view_proposal"],
        "category": ["add_category", "change_category", "view_category"],
        "kind": ["change_kind", "view_kind"],
        "unit": ["view_unit"],
        "responder": ["view_responder"],
    },
    # On the answer, not the proposal (see 0004): a permission on the proposal would show
    # responders every proposal's history in Wagtail's site history report.
    "Đơn vị trả lời": {"answer": ["answer_proposal"]},
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, models in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, codenames in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="forum", model=model)
            for codename in codenames:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial"), ("home", "0002_editorial_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
