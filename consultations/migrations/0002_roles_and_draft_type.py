"""The drafting staff role (Cán bộ soạn thảo, portal/roles.py) with its permissions, the reviewers'
permissions on drafting staff, and the document type "Dự thảo" consultations are held on."""

from django.db import migrations

from portal import roles


def forwards(apps, schema_editor):
    roles.create_roles(apps)
    roles.grant_model_permissions(apps, "consultations")
    roles.grant_collection_permissions(apps)
    DocumentType = apps.get_model("documents", "DocumentType")
    DocumentType.objects.get_or_create(
        slug="du-thao", defaults={"name": "Dự thảo", "abbreviation": "DT", "sort_order": 900}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("home", "0005_remove_wagtail_default_groups"),
        ("portal", "0009_search_entry_word_index"),
        ("documents", "0009_library_newest_first_index"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
