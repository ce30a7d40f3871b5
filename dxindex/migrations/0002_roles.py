"""The DX-index roles (portal/roles.py): Cán bộ đánh giá của đơn vị, Lãnh đạo đơn vị, Thẩm định viên
and Hội đồng chỉ số CĐS, with their permissions on the dxindex models."""

from django.db import migrations

from portal import roles


def forwards(apps, schema_editor):
    roles.create_roles(apps)
    roles.grant_model_permissions(apps, "dxindex")


class Migration(migrations.Migration):
    dependencies = [("dxindex", "0001_initial"), ("home", "0002_editorial_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
