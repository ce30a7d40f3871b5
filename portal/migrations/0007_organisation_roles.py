"""The roles' permissions on the registry of public bodies (portal/roles.py), for databases made
from scratch: the issuer, place and unit permissions that 0006's companions carry over exist only
on sites that had those models."""

from django.db import migrations

from portal import roles


def forwards(apps, schema_editor):
    roles.grant_model_permissions(apps, "portal")


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_organisation"), ("home", "0002_editorial_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
