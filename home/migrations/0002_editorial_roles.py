"""Editorial roles as Wagtail groups, each with only the permissions it needs, and the
"Biên tập và duyệt" workflow: Biên tập viên submit, Người duyệt approve and publish."""

from django.db import migrations

EDITORS = "Biên tập viên"
REVIEWERS = "Người duyệt"
FORUM_MODERATORS = "Điều phối viên diễn đàn"
RESPONDERS = "Đơn vị trả lời"
WORKFLOW_NAME = "Biên tập và duyệt"
TASK_NAME = "Người duyệt phê duyệt"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = {
    EDITORS: {"portalimage": ["add_image", "change_image", "choose_image"],
              "portaldocument": ["add_document", "change_document", "choose_document"]},
    REVIEWERS: {"portalimage": ["add_image", "change_image", "choose_image", "delete_image"],
                "portaldocument": ["add_document", "change_document", "choose_document", "delete_document"]},
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    groups = {}
    for name in (EDITORS, REVIEWERS, FORUM_MODERATORS, RESPONDERS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        groups[name] = group

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root_page, permission=_permission(apps, "wagtailcore", "page", codename)
            )
    for name, models in COLLECTION_PERMISSIONS.items():
        for model, codenames in models.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name],
                    collection=root_collection,
                    permission=_permission(apps, "home", model, codename),
                )

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(groups[REVIEWERS])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()
    Group.objects.filter(name__in=[EDITORS, REVIEWERS, FORUM_MODERATORS, RESPONDERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
