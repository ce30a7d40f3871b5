"""Supports, follows, comments and flags, with their limits."""

import uuid

import pytest
from django.urls import reverse

from forum.models import Comment, Flag, Follow, Proposal, Support
from tests.factories import ProposalFactory, public_proposal, verified_citizen
from tests.forum.admin_urls import decision_url


def _act(client, proposal, action, **data):
    from forum.models import ForumIndexPage
    from portal.navigation import singleton_route_url

    return client.post(singleton_route_url(ForumIndexPage, "act", pk=proposal.pk, action=action), data)


def test_one_support_per_account_which_can_be_withdrawn(client, citizen):
    proposal = public_proposal()
    client.force_login(citizen)
    _act(client, proposal, "ung-ho")
    _act(client, proposal, "ung-ho")
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.count()
    assert Follow.objects.filter(user=citizen, proposal=proposal).exists()
    _act(client, proposal, "bo-ung-ho")
    proposal.refresh_from_db()
    assert proposal.support_count == 0 == Support.objects.count()


def test_duplicate_support_is_refused_by_the_database(citizen):
    from forum.services import add_support

    proposal = public_proposal()
    assert add_support(proposal, citizen) is True
    assert add_support(proposal, citizen) is False
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_anonymous_visitor_cannot_support_and_sees_a_login_link(client, db):
    proposal = public_proposal()
    response = _act(client, proposal, "ung-ho")
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]
    assert not Support.objects.exists()
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Đăng nhập để ủng hộ" in html
    assert "csrfmiddlewaretoken" not in html  # the anonymous page stays cacheable


def test_pending_proposal_cannot_be_supported_commented_or_flagged(client, citizen):
    proposal = ProposalFactory()
    client.force_login(citizen)
    assert _act(client, proposal, "ung-ho").status_code == 404
    assert _act(client, proposal, "binh-luan", body="x", submission_key=str(uuid.uuid4())).status_code == 404
    assert _act(client, proposal, "bao-cao", reason="spam").status_code == 404
    assert not (Support.objects.exists() or Comment.objects.exists() or Flag.objects.exists())


def test_follow_and_unfollow(client, citizen):
    proposal = public_proposal()
    client.force_login(citizen)
    _act(client, proposal, "theo-doi")
    assert Follow.objects.filter(user=citizen).count() == 1
    _act(client, proposal, "bo-theo-doi")
    assert not Follow.objects.exists()


def test_comment_and_one_level_of_replies(client, citizen, other_citizen):
    proposal = public_proposal()
    client.force_login(citizen)
    _act(client, proposal, "binh-luan", body="Tôi đồng ý.", submission_key=str(uuid.uuid4()))
    top = Comment.objects.get()
    client.force_login(other_citizen)
    _act(client, proposal, "binh-luan", body="Tôi cũng vậy.", parent=top.pk, submission_key=str(uuid.uuid4()))
    reply = Comment.objects.get(parent=top)
    response = _act(
        client, proposal, "binh-luan", body="Trả lời lồng hai cấp", parent=reply.pk, submission_key=str(uuid.uuid4())
    )
    assert response.status_code == 400
    assert "Trả lời lồng hai cấp" in response.content.decode()  # kept for the person to resend
    assert Comment.objects.count() == 2
    proposal.refresh_from_db()
    assert proposal.comment_count == 2
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Tôi đồng ý." in html and "Tôi cũng vậy." in html


def test_double_clicked_comment_creates_one(client, citizen):
    proposal = public_proposal()
    client.force_login(citizen)
    key = str(uuid.uuid4())
    _act(client, proposal, "binh-luan", body="Một lần thôi", submission_key=key)
    _act(client, proposal, "binh-luan", body="Một lần thôi", submission_key=key)
    assert Comment.objects.count() == 1


def test_empty_comment_is_refused(client, citizen):
    proposal = public_proposal()
    client.force_login(citizen)
    response = _act(client, proposal, "binh-luan", body="   ", submission_key=str(uuid.uuid4()))
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_enough_flags_hide_an_item_until_reviewed(client, settings, forum_moderator):
    settings.FORUM_FLAG_THRESHOLD = 2
    proposal = public_proposal()
    comment = proposal.comments.create(author=verified_citizen(username="writer"), body="<p>Quảng cáo</p>")
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=1)
    for name in ("f1", "f2"):
        client.force_login(verified_citizen(username=name))
        _act(client, proposal, "bao-cao", reason="spam", comment=comment.pk)
        _act(client, proposal, "bao-cao", reason="spam", comment=comment.pk)  # the same person twice counts once
    comment.refresh_from_db()
    assert comment.flag_count == 2 and comment.hidden
    for name in ("f3", "f4"):
        client.force_login(verified_citizen(username=name))
        _act(client, proposal, "bao-cao", reason="abuse")
    proposal.refresh_from_db()
    assert proposal.hidden and proposal.flag_count == 2
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(forum_moderator)
    html = client.get(reverse("forum_admin:index")).content.decode()
    assert proposal.reference in html
    client.post(decision_url(proposal.pk, "restore"), {})
    proposal.refresh_from_db()
    assert not proposal.hidden and proposal.flag_count == 0


def test_flag_needs_a_known_reason(client, citizen):
    proposal = public_proposal()
    client.force_login(citizen)
    response = _act(client, proposal, "bao-cao", reason="khong-co")
    assert response.status_code == 400
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    ("action", "rate_key", "data"),
    [
        ("ung-ho", "support", {}),
        ("binh-luan", "comment", {"body": "Bình luận"}),
        ("bao-cao", "flag", {"reason": "spam"}),
    ],
)
def test_rate_limits_answer_429(client, settings, citizen, action, rate_key, data):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, rate_key: {"user": "2/h", "ip": "100/h"}}
    proposals = [public_proposal() for _ in range(3)]
    client.force_login(citizen)
    statuses = [_act(client, p, action, submission_key=str(uuid.uuid4()), **data).status_code for p in proposals]
    assert statuses[:2] == [302, 302]
    assert statuses[2] == 429


def test_proposal_rate_limit_per_ip_across_accounts(client, settings, forum_page):
    from tests.forum.test_proposals import _form

    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "proposal": {"user": "10/h", "ip": "2/h"}}
    statuses = []
    for name in ("a1", "a2", "a3"):
        client.force_login(verified_citizen(username=name))
        statuses.append(client.post(forum_page.url + "gui-y-kien/", _form()).status_code)
    assert statuses == [302, 302, 429]
    assert Proposal.objects.count() == 2
    response = client.post(forum_page.url + "gui-y-kien/", _form())
    assert "thử lại sau" in response.content.decode()


def test_rate_parser(db):
    from portal.ratelimit import parse_rate

    assert parse_rate("5/h") == (5, 3600)
    assert parse_rate("20/10m") == (20, 600)
    with pytest.raises(ValueError):
        parse_rate("nhiều")
