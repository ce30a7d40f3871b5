"""KPI permissions for the editorial roles: Biên tập viên enter indicators, targets and
measurements; Người duyệt also manage plans and places and delete."""

from django.db import migrations

PERMISSIONS = {
    "Biên tập viên": {"indicator": ["add", "change", "view"], "plan": ["view"], "place": ["view"]},
    "Người duyệt": {
        "indicator": ["add", "change", "delete", "view"],
        "plan": ["add", "change", "view"],
        "place": ["add", "change", "view"],
    },
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, models in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="kpi", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("kpi", "0001_initial"), ("home", "0002_editorial_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
