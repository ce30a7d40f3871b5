"""The roles are defined once (portal/roles.py): the migrations made exactly what it says, and the
seed command's `ensure_roles` makes the same again in an emptied database."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
)

from portal import roles

pytestmark = pytest.mark.django_db


def _snapshot():
    """What each role may do, by natural keys (ids change when rows are made again)."""
    groups = {}
    for group in Group.objects.filter(name__in=roles.ROLES):
        groups[group.name] = {
            "model": sorted(group.permissions.values_list("content_type__app_label", "codename")),
            "pages": sorted(
                GroupPagePermission.objects.filter(group=group).values_list("page__depth", "permission__codename")
            ),
            "collections": sorted(
                GroupCollectionPermission.objects.filter(group=group).values_list(
                    "collection__depth", "permission__content_type__app_label", "permission__codename"
                )
            ),
        }
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    return {
        "groups": groups,
        "workflow_tasks": [task.name for task in workflow.tasks],
        "task_groups": sorted(
            GroupApprovalTask.objects.get(name=roles.TASK_NAME).groups.values_list("name", flat=True)
        ),
        "workflow_pages": sorted(workflow.workflow_pages.values_list("page__depth", flat=True)),
        "workflow_snippets": sorted(
            WorkflowContentType.objects.filter(workflow=workflow).values_list(
                "content_type__app_label", "content_type__model"
            )
        ),
    }


def test_the_migrated_roles_are_what_the_module_defines():
    snapshot = _snapshot()
    assert set(snapshot["groups"]) == set(roles.ROLES)
    for role in roles.ROLES:
        granted = set(snapshot["groups"][role]["model"])
        expected = {("wagtailadmin", "access_admin")}
        for app_label, by_role in roles.MODEL_PERMISSIONS.items():
            for codenames in by_role.get(role, {}).values():
                expected |= {(app_label, codename) for codename in codenames}
        assert granted == expected, role
        assert {codename for _depth, codename in snapshot["groups"][role]["pages"]} == set(
            roles.PAGE_PERMISSIONS.get(role, [])
        )
        media = {
            (app_label, codename)
            for _depth, app_label, codename in snapshot["groups"][role]["collections"]
            if app_label == roles.MEDIA_APP_LABEL
        }
        expected_media = {
            (roles.MEDIA_APP_LABEL, codename)
            for codenames in roles.COLLECTION_PERMISSIONS.get(role, {}).values()
            for codename in codenames
        }
        assert media == expected_media, role
    assert snapshot["task_groups"] == [roles.REVIEWERS]
    assert snapshot["workflow_pages"] == [1]
    assert snapshot["workflow_snippets"] == roles.WORKFLOW_SNIPPETS


def test_ensure_roles_makes_the_same_roles_again_in_an_emptied_database():
    before = _snapshot()
    roles.ensure_roles(apps)  # idempotent: nothing doubles
    assert _snapshot() == before
    permissions = Permission.objects.count()

    Group.objects.filter(name__in=roles.ROLES).delete()
    Workflow.objects.filter(name=roles.WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name=roles.TASK_NAME).delete()
    assert not Group.objects.filter(name__in=roles.ROLES).exists()

    roles.ensure_roles(apps)
    assert _snapshot() == before
    assert Permission.objects.count() == permissions  # the existing permissions, not new ones
