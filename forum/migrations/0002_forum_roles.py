"""Forum permissions for the roles the foundation created (defined in portal/roles.py).

Điều phối viên diễn đàn moderate proposals and comments, read reports and keep the category and
kind lists; Đơn vị trả lời answer what is assigned to their unit. Units and responder accounts are
managed by administrators."""

from django.db import migrations

from portal import roles


def forwards(apps, schema_editor):
    roles.grant_model_permissions(apps, "forum")


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial"), ("home", "0002_editorial_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
