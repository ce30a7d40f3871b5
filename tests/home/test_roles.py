"""Editorial roles: each group can do what it should and nothing more."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import StandardPage

pytestmark = pytest.mark.django_db

ROLES = ["Biên tập viên", "Người duyệt", "Điều phối viên diễn đàn", "Đơn vị trả lời"]


def _add_page_data(title, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": "trang-thu",
            "intro": "Giới thiệu",
            "body": streamfield([("heading", {"text": "Mục", "level": "h2"})]),
            "sources": streamfield([]),
            "menu_title": "",
            "seo_title": "",
            "search_description": "",
        }
    )
    data[action] = "1"
    return data


def _add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("home", "standardpage", parent.pk))


def test_roles_exist_and_can_reach_the_admin(client, editor, reviewer, forum_moderator, responder):
    assert set(ROLES) <= set(Group.objects.values_list("name", flat=True))
    for user in (editor, reviewer, forum_moderator, responder):
        client.force_login(user)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_citizen_without_role_cannot_reach_the_admin(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 403


def test_page_permissions_per_role(home_page, editor, reviewer, forum_moderator, responder):
    page = StandardPage.objects.get(slug="gioi-thieu")
    editor_perms = page.permissions_for_user(editor)
    assert editor_perms.can_edit() and editor_perms.can_add_subpage()
    assert not editor_perms.can_publish()
    assert not editor_perms.can_delete()
    assert not editor_perms.can_unpublish()
    reviewer_perms = page.permissions_for_user(reviewer)
    assert reviewer_perms.can_edit() and reviewer_perms.can_publish()
    assert not reviewer_perms.can_delete()
    for user in (forum_moderator, responder):
        perms = page.permissions_for_user(user)
        assert not perms.can_edit() and not perms.can_publish() and not perms.can_add_subpage()


def test_editor_cannot_publish_without_approval(client, home_page, editor):
    client.force_login(editor)
    response = client.post(_add_url(home_page), _add_page_data("Trang của biên tập viên", "action-publish"))
    assert response.status_code in (200, 302)
    page = Page.objects.get(slug="trang-thu")
    assert not page.live, "an editor's publish request must not make the page live"
    assert client.get("/trang-thu/").status_code == 404


def test_editor_submits_and_reviewer_approves_and_publishes(client, home_page, editor, reviewer):
    client.force_login(editor)
    response = client.post(_add_url(home_page), _add_page_data("Trang chờ duyệt", "action-submit"))
    assert response.status_code == 302
    page = Page.objects.get(slug="trang-thu")
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Biên tập và duyệt"
    assert not page.live

    # The editor cannot approve their own submission: the task belongs to Người duyệt.
    task_state = state.current_task_state
    assert not task_state.task.specific.user_can_access_editor(page, editor)
    assert task_state.task.specific.get_actions(page, editor) == []

    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": "Đồng ý"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert client.get("/trang-thu/").status_code == 200


def test_reviewer_can_publish_directly(client, home_page, reviewer):
    client.force_login(reviewer)
    client.post(_add_url(home_page), _add_page_data("Trang của người duyệt", "action-publish"))
    assert Page.objects.get(slug="trang-thu").live


def test_the_workflow_covers_the_whole_tree(home_page):
    workflow = Workflow.objects.get(name="Biên tập và duyệt")
    assert home_page.get_workflow() == workflow
    assert [task.name for task in workflow.tasks] == ["Người duyệt phê duyệt"]


def test_forum_roles_cannot_edit_pages_in_the_admin(client, home_page, forum_moderator, responder):
    page = StandardPage.objects.get(slug="gioi-thieu")
    for user in (forum_moderator, responder):
        client.force_login(user)
        response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code in (302, 403)


def test_editor_cannot_manage_users_or_settings(client, editor):
    client.force_login(editor)
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)
    assert client.get(reverse("wagtailsettings:edit", args=("home", "sitesettings"))).status_code in (302, 403)
