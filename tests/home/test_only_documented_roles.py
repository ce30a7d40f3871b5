"""Only the documented roles exist as groups: Wagtail's default "Editors" and "Moderators"
(which could publish the whole tree) are gone, and so is their default workflow."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Workflow

pytestmark = pytest.mark.django_db

DOCUMENTED_ROLES = {
    "Biên tập viên",
    "Người duyệt",
    "Điều phối viên diễn đàn",
    "Đơn vị trả lời",
    "Cán bộ số liệu",
    "Cán bộ soạn thảo",
    # the DX-index assessment (dxindex)
    "Cán bộ đánh giá của đơn vị",
    "Lãnh đạo đơn vị",
    "Thẩm định viên",
    "Hội đồng chỉ số CĐS",
}

migration = importlib.import_module("home.migrations.0005_remove_wagtail_default_groups")


def test_the_groups_are_exactly_the_documented_roles():
    assert set(Group.objects.values_list("name", flat=True)) == DOCUMENTED_ROLES


def test_only_reviewers_may_publish_pages():
    publishers = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list("group__name", flat=True)
    )
    assert publishers == {"Người duyệt"}


def test_wagtail_default_workflow_is_gone():
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Biên tập và duyệt"]


def test_members_of_the_default_groups_move_to_the_equivalent_role(django_user_model):
    editors = Group.objects.create(name="Editors")
    moderators = Group.objects.create(name="Moderators")
    alice = django_user_model.objects.create_user(username="alice", email="alice@example.vn")
    bob = django_user_model.objects.create_user(username="bob", email="bob@example.vn")
    alice.groups.add(editors)
    bob.groups.add(moderators)

    migration.remove_default_groups(global_apps, None)

    assert set(Group.objects.values_list("name", flat=True)) == DOCUMENTED_ROLES
    assert list(alice.groups.values_list("name", flat=True)) == ["Biên tập viên"]
    assert list(bob.groups.values_list("name", flat=True)) == ["Người duyệt"]
