"""Document types, and the library's permissions for the editorial roles: Biên tập viên draft and
submit documents; Người duyệt publish them. Documents go through the "Biên tập và duyệt" workflow."""

from django.db import migrations

from documents.constants import DOCUMENT_TYPES as TYPES

EDITORS = "Biên tập viên"
REVIEWERS = "Người duyệt"
PERMISSIONS = {
    EDITORS: {
        "legaldocument": ["add", "change", "lock"],
        "issuer": ["view"],
        "documenttype": ["view"],
        "legalfield": ["view"],
    },
    REVIEWERS: {
        "legaldocument": ["add", "change", "publish", "lock", "unlock", "delete"],
        "issuer": ["add", "change", "view"],
        "documenttype": ["view"],
        "legalfield": ["add", "change", "view"],
    },
}


def forwards(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for slug, name, abbreviation, order in TYPES:
        DocumentType.objects.get_or_create(
            slug=slug, defaults={"name": name, "abbreviation": abbreviation, "sort_order": order}
        )

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, models in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="documents", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = Workflow.objects.filter(name="Biên tập và duyệt").first()
    if workflow is not None:
        content_type, _ = ContentType.objects.get_or_create(app_label="documents", model="legaldocument")
        WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("home", "0002_editorial_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
