"""Defects a review found, each kept fixed by a test."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from forum import moderation
from forum.models import Comment, Proposal, Status, Support
from tests.factories import ProposalFactory, public_proposal, verified_citizen
from tests.forum.admin_urls import decision_url

pytestmark = pytest.mark.django_db


def test_staff_without_the_second_factor_see_only_what_citizens_see(forum_moderator):
    pending = ProposalFactory()
    plain = Client()
    plain.force_login(forum_moderator)  # password only: no second factor in this session
    assert plain.get(pending.get_absolute_url()).status_code == 404


def test_a_pending_proposal_cannot_be_made_public_as_a_duplicate(forum_moderator):
    original = public_proposal()
    pending = ProposalFactory()
    with pytest.raises(ValidationError):
        moderation.mark_duplicate(pending, original, forum_moderator)
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and not pending.is_public


def test_every_public_status_has_a_publication_date(forum_moderator):
    proposal = ProposalFactory()
    moderation.transition(proposal, Status.APPROVED, forum_moderator)
    proposal.refresh_from_db()
    assert proposal.published_at is not None


def test_reasons_for_the_author_stay_off_the_public_timeline(client, citizen, forum_moderator):
    proposal = ProposalFactory(author=citizen)
    moderation.transition(
        proposal, Status.CHANGES_REQUESTED, forum_moderator, "Xin xoá số điện thoại 0909 của hàng xóm"
    )
    moderation.resubmit(proposal, citizen)
    moderation.transition(proposal, Status.APPROVED, forum_moderator)
    assert "0909" not in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(citizen)
    assert "0909" in client.get(proposal.get_absolute_url()).content.decode()


def test_automatic_hiding_is_in_the_audit_log(settings):
    from forum.services import add_flag

    settings.FORUM_FLAG_THRESHOLD = 1
    proposal = public_proposal()
    add_flag(proposal, None, verified_citizen(username="flagger"), "spam", "")
    assert ModelLogEntry.objects.filter(action="forum.hide", object_id=str(proposal.pk), data__automatic=True).exists()


def test_erasing_an_account_deletes_its_photos_from_disk(
    client, citizen, forum_page, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.forum.test_proposals import _form, jpeg_bytes

    client.force_login(citizen)
    client.post(forum_page.url + "gui-y-kien/", {**_form(), "images": [SimpleUploadedFile("a.jpg", jpeg_bytes())]})
    image = Proposal.objects.get().images.get()
    storage, name = image.file.storage, image.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum_delete_account"), {"confirm": "XOA"})
    assert not storage.exists(name)


def test_erasing_with_content_keeps_other_peoples_replies(client, citizen, other_citizen):
    proposal = public_proposal()
    mine = proposal.comments.create(author=citizen, body="<p>Của tôi</p>")
    reply = proposal.comments.create(author=other_citizen, body="<p>Trả lời của người khác</p>", parent=mine)
    client.force_login(citizen)
    client.post(reverse("forum_delete_account"), {"confirm": "XOA", "remove_content": "on"})
    reply.refresh_from_db()
    mine.refresh_from_db()
    assert mine.author is None and "Của tôi" not in mine.body
    assert Comment.objects.filter(pk=reply.pk).exists()


def test_erasing_removes_the_name_from_the_audit_log(client, citizen, forum_moderator):
    citizen.display_name = "Tên Bí Mật"
    citizen.save()
    moderation.suspend(citizen, forum_moderator, "Quảng cáo")
    client.force_login(citizen)
    client.post(reverse("forum_delete_account"), {"confirm": "XOA"})
    labels = ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(citizen)).values_list(
        "label", flat=True
    )
    assert labels and not any("Bí Mật" in label for label in labels)


@pytest.mark.parametrize("status", ["assigned", "answered", "duplicate", "khong-co"])
def test_the_status_action_cannot_skip_what_other_actions_set(client, forum_moderator, status):
    proposal = public_proposal()
    client.force_login(forum_moderator)
    response = client.post(decision_url(proposal.pk, "status"), {"status": status})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED


def test_withdrawing_without_an_answer_is_refused_cleanly(client, forum_moderator, unit):
    proposal = public_proposal()
    moderation.assign(proposal, unit, forum_moderator)
    client.force_login(forum_moderator)
    response = client.post(decision_url(proposal.pk, "withdraw"), {"reason": "x"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.ASSIGNED


def test_a_duplicate_sends_supports_to_its_original_and_tells_its_followers(client, forum_moderator, citizen):
    from forum.models import Follow, Notification

    original = public_proposal()
    duplicate = public_proposal()
    Follow.objects.create(proposal=duplicate, user=citizen)
    moderation.mark_duplicate(duplicate, original, forum_moderator)
    assert Notification.objects.filter(user=citizen, proposal=duplicate, message__contains=original.reference).exists()
    supporter = verified_citizen(username="late")
    client.force_login(supporter)
    from forum.models import ForumIndexPage
    from portal.navigation import singleton_route_url

    response = client.post(singleton_route_url(ForumIndexPage, "act", pk=duplicate.pk, action="ung-ho"))
    assert response.status_code == 302 and response["Location"] == original.get_absolute_url()
    assert not Support.objects.filter(user=supporter).exists()
