"""KPI permissions for the editorial roles (defined in portal/roles.py): Biên tập viên enter
indicators, targets and measurements; Người duyệt also manage plans and places and delete."""

from django.db import migrations

from portal import roles


def forwards(apps, schema_editor):
    roles.grant_model_permissions(apps, "kpi")


class Migration(migrations.Migration):
    dependencies = [("kpi", "0001_initial"), ("home", "0002_editorial_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
