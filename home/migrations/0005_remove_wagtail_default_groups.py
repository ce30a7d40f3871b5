"""Only the documented roles exist: Wagtail's default groups "Editors" and "Moderators" (and
its "Moderators approval" workflow, whose task only they could complete) are removed. Any
members they have are moved to the equivalent role first: Editors → Biên tập viên,
Moderators → Người duyệt."""

from django.db import migrations

from portal.roles import WAGTAIL_DEFAULT_GROUPS as EQUIVALENT_ROLE

DEFAULT_WORKFLOW = "Moderators approval"


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    for old_name, role_name in EQUIVALENT_ROLE.items():
        old = Group.objects.filter(name=old_name).first()
        if old is None:
            continue
        role = Group.objects.filter(name=role_name).first()
        if role is not None:
            for user in old.user_set.all():
                user.groups.add(role)
        old.delete()

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        if WorkflowPage.objects.filter(workflow=workflow).exists():
            continue
        task_ids = list(WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True))
        workflow.delete()
        Task.objects.filter(pk__in=task_ids, name=DEFAULT_WORKFLOW, workflow_tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_image_alt_text"),
        ("forum", "0002_forum_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
