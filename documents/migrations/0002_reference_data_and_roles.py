"""Document types, and the library's permissions for the editorial roles: Biên tập viên draft and
submit documents; Người duyệt publish them. Documents go through the "Biên tập và duyệt" workflow.
The roles and their permissions are defined in portal/roles.py."""

from django.db import migrations

from documents.constants import DOCUMENT_TYPES as TYPES
from portal import roles


def forwards(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for slug, name, abbreviation, order in TYPES:
        DocumentType.objects.get_or_create(
            slug=slug, defaults={"name": name, "abbreviation": abbreviation, "sort_order": order}
        )

    roles.grant_model_permissions(apps, "documents")
    roles.attach_workflow(apps, "documents")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("home", "0002_editorial_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
