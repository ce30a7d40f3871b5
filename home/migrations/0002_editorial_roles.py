"""Editorial roles as Wagtail groups, each with only the permissions it needs, and the
"Biên tập và duyệt" workflow: Biên tập viên submit, Người duyệt approve and publish.

The roles are defined once, in portal/roles.py. The image and document models were home's when
this migration ran, so their collection permissions are made on home's content types (portal 0004
renames those content types when the models move to the kernel)."""

from django.db import migrations

from portal import roles


def create_roles(apps, schema_editor):
    roles.create_roles(apps)
    roles.grant_page_permissions(apps)
    roles.grant_collection_permissions(apps, app_label="home")
    roles.create_workflow(apps)


def remove_roles(apps, schema_editor):
    roles.remove_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
