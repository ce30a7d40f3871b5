"""Plan tasks for the editorial roles (portal/roles.py): Biên tập viên record tasks' dated status
updates (and correct a task); Người duyệt also add and delete tasks and updates."""

from django.db import migrations

from portal import roles


def forwards(apps, schema_editor):
    roles.grant_model_permissions(apps, "kpi")


class Migration(migrations.Migration):
    dependencies = [("kpi", "0010_plan_tasks")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
