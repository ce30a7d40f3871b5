"""The forum's admin on Wagtail's viewsets: the queue's filter set and bulk actions, the flags
listing, the menu group, one view per decision, and who is refused where."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forum import moderation
from forum.models import Event, Proposal, Status
from tests.factories import ProposalFactory, public_proposal, verified_citizen
from tests.forum.admin_urls import URL_NAMES, decision_url

pytestmark = pytest.mark.django_db


def _bulk(action, *proposals):
    ids = "&".join(f"id={proposal.pk}" for proposal in proposals)
    return reverse("wagtail_bulk_action", args=["forum", "proposal", action]) + "?" + ids


def test_the_queue_is_a_listing_with_bulk_actions_and_the_forum_filters(client, forum_moderator):
    proposal = ProposalFactory()
    client.force_login(forum_moderator)
    html = client.get(reverse("forum_admin:index")).content.decode()
    assert "data-bulk-action-checkbox" in html and f'data-object-id="{proposal.pk}"' in html
    for action in ("approve", "reject", "request_changes", "hide"):
        assert reverse("wagtail_bulk_action", args=["forum", "proposal", action]) in html
    assert reverse("forum_admin:inspect", args=[proposal.pk]) in html
    for name in ("status", "category", "kind", "unit", "flagged", "min_flags"):
        assert f'name="{name}"' in html


def test_the_queue_filters_by_status_unit_and_flags(client, forum_moderator, unit):
    pending = ProposalFactory()
    approved = public_proposal()
    assigned = public_proposal()
    moderation.assign(assigned, unit, forum_moderator)
    flagged = public_proposal(flag_count=3)
    client.force_login(forum_moderator)

    def listed(**params):
        html = client.get(reverse("forum_admin:index"), params).content.decode()
        return {p.reference for p in (pending, approved, assigned, flagged) if p.reference in html}

    # By default: what waits for a moderator (pending, flagged, overdue), not every proposal.
    assert listed() == {pending.reference, flagged.reference}
    assert listed(status="approved") == {approved.reference, flagged.reference}
    assert listed(status="tat-ca") == {p.reference for p in (pending, approved, assigned, flagged)}
    assert listed(status="tat-ca", unit=unit.pk) == {assigned.reference}
    assert listed(status="tat-ca", flagged="true") == {flagged.reference}
    assert listed(status="tat-ca", min_flags=4) == set()


def test_the_queue_shows_overdue_assignments(client, forum_moderator, unit):
    late = public_proposal(status="assigned", unit=unit, due_date=timezone.localdate() - datetime.timedelta(days=2))
    on_time = public_proposal(status="assigned", unit=unit, due_date=timezone.localdate() + datetime.timedelta(days=2))
    client.force_login(forum_moderator)
    html = client.get(reverse("forum_admin:index")).content.decode()
    assert late.reference in html and on_time.reference not in html and "Quá hạn" in html


def test_bulk_approve_asks_for_confirmation_first(client, forum_moderator):
    first, second = ProposalFactory(), ProposalFactory()
    client.force_login(forum_moderator)
    response = client.get(_bulk("approve", first, second))
    assert response.status_code == 200
    html = response.content.decode()
    assert first.reference in html and second.reference in html
    assert set(Proposal.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_bulk_approve_skips_what_is_not_pending_and_logs_each_decision(client, forum_moderator):
    pending, approved = ProposalFactory(), public_proposal()
    client.force_login(forum_moderator)
    html = client.get(_bulk("approve", pending, approved)).content.decode()
    assert "không áp dụng được" in html
    response = client.post(_bulk("approve", pending, approved), {})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED
    assert ModelLogEntry.objects.filter(action="forum.approve", object_id=str(pending.pk)).count() == 1
    assert not ModelLogEntry.objects.filter(action="forum.approve", object_id=str(approved.pk)).exists()


def test_bulk_reject_needs_a_reason_and_sends_it_to_the_authors(client, forum_moderator, citizen):
    proposal = ProposalFactory(author=citizen)
    client.force_login(forum_moderator)
    response = client.post(_bulk("reject", proposal), {"reason": " "})
    assert response.status_code == 200 and "Cần ghi lý do để gửi cho tác giả." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING
    client.post(_bulk("reject", proposal), {"reason": "Nội dung quảng cáo."})
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED and proposal.public_reason == "Nội dung quảng cáo."
    entry = ModelLogEntry.objects.get(action="forum.reject", object_id=str(proposal.pk))
    assert entry.user == forum_moderator and entry.data["reason"] == "Nội dung quảng cáo."


def test_bulk_request_changes_and_hide(client, forum_moderator):
    pending, public = ProposalFactory(), public_proposal()
    client.force_login(forum_moderator)
    client.post(_bulk("request_changes", pending), {"reason": "Ghi rõ địa điểm."})
    client.post(_bulk("hide", public), {"reason": "Lộ số điện thoại."})
    pending.refresh_from_db()
    public.refresh_from_db()
    assert pending.status == Status.CHANGES_REQUESTED and pending.public_reason == "Ghi rõ địa điểm."
    assert public.hidden
    assert public.events.filter(action=Event.Action.HIDDEN, actor=forum_moderator, internal=True).exists()


@pytest.mark.parametrize("role", ["editor", "unit_responder", "citizen"])
def test_bulk_actions_are_refused_to_everyone_but_moderators(client, request, role):
    proposal = ProposalFactory()
    client.force_login(request.getfixturevalue(role))
    for action in ("approve", "reject", "hide"):
        assert client.post(_bulk(action, proposal), {"reason": "x"}).status_code in (302, 403)
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING and not proposal.hidden


@pytest.mark.parametrize("role", ["editor", "unit_responder"])
def test_every_decision_view_is_refused_to_non_moderators(client, request, role, unit, forum_moderator):
    proposal = public_proposal()
    moderation.assign(proposal, unit, forum_moderator)
    client.force_login(request.getfixturevalue(role))
    for action in URL_NAMES:
        if action in ("save_answer", "publish_answer") and role == "unit_responder":
            continue  # the responder of the assigned unit answers
        response = client.post(decision_url(proposal.pk, action), {"reason": "x", "status": "reviewing"})
        assert response.status_code in (302, 403), action
    proposal.refresh_from_db()
    assert proposal.status == Status.ASSIGNED and not proposal.hidden
    assert not proposal.events.filter(internal=True).exists()


def test_decision_views_accept_posts_only(client, forum_moderator):
    proposal = ProposalFactory()
    client.force_login(forum_moderator)
    assert client.get(decision_url(proposal.pk, "status")).status_code == 405


def test_the_flags_listing_shows_open_reports_to_moderators_only(client, forum_moderator, editor, citizen):
    from forum.services import add_flag

    proposal = public_proposal()
    comment = proposal.comments.create(author=citizen, body="<p>Bình luận có số điện thoại</p>")
    add_flag(proposal, comment, verified_citizen(username="flagger"), "personal", "Lộ số điện thoại")
    add_flag(proposal, None, verified_citizen(username="flagger2"), "spam", "")
    client.force_login(forum_moderator)
    html = client.get(reverse("forum_flags:index")).content.decode()
    assert "Bình luận có số điện thoại" in html and "Lộ số điện thoại" in html and proposal.reference in html
    case_file = reverse("forum_admin:inspect", args=[proposal.pk])
    assert f'href="{case_file}"' in html and f'href="{case_file}#comment-{comment.pk}"' in html
    html = client.get(reverse("forum_flags:index"), {"target": "binh-luan"}).content.decode()
    assert f'href="{case_file}#comment-{comment.pk}"' in html and f'href="{case_file}"' not in html
    # Restoring the proposal resolves its flags: they leave the list of open reports.
    moderation.set_hidden(proposal, False, forum_moderator)
    html = client.get(reverse("forum_flags:index")).content.decode()
    assert f'href="{case_file}#comment-{comment.pk}"' in html and f'href="{case_file}"' not in html
    client.force_login(editor)
    assert client.get(reverse("forum_flags:index")).status_code in (302, 403)


def test_automatic_hiding_goes_through_the_moderators_set_hidden(settings):
    from forum.services import add_flag

    settings.FORUM_FLAG_THRESHOLD = 2
    proposal = public_proposal()
    for name in ("a", "b"):
        add_flag(proposal, None, verified_citizen(username=name), "spam", "")
    proposal.refresh_from_db()
    assert proposal.hidden
    event = proposal.events.get(action=Event.Action.HIDDEN)
    assert event.actor is None and event.internal and event.note == "Tự động ẩn vì bị báo cáo nhiều lần."
    entry = ModelLogEntry.objects.get(action="forum.hide", object_id=str(proposal.pk))
    assert entry.user is None
    assert entry.data == {
        "reason": "Tự động ẩn vì bị báo cáo nhiều lần.",
        "object": "proposal",
        "id": proposal.pk,
        "automatic": True,
        "flags": 2,
    }


def test_the_forum_menu_group_shows_each_role_its_own_entries(client, forum_moderator, unit_responder, editor):
    def menu(user):
        client.force_login(user)
        return client.get(reverse("wagtailadmin_home")).content.decode()

    queue, assigned, reports = (
        reverse("forum_admin:index"),
        reverse("forum_admin:assigned"),
        reverse("forum_admin:reports"),
    )
    html = menu(forum_moderator)
    assert queue in html and assigned in html and reports in html and reverse("forum_flags:index") in html
    html = menu(unit_responder)
    assert assigned in html and queue not in html and reports not in html
    html = menu(editor)
    assert queue not in html and assigned not in html


def test_the_case_file_offers_the_answer_form_to_the_assigned_unit_only(client, unit_responder, unit, forum_moderator):
    proposal = public_proposal()
    moderation.assign(proposal, unit, forum_moderator)
    client.force_login(unit_responder)
    html = client.get(reverse("forum_admin:inspect", args=[proposal.pk])).content.decode()
    assert reverse("forum_admin:publish_answer", args=[proposal.pk]) in html
    assert reverse("forum_admin:decide", args=[proposal.pk]) not in html
    response = client.post(decision_url(proposal.pk, "publish_answer"), {"body": "", "signed_by": "Giám đốc Sở"})
    html = response.content.decode()
    assert response.status_code == 400 and 'class="error-message"' in html and 'value="Giám đốc Sở"' in html
    assert not proposal.events.filter(action=Event.Action.ANSWERED).exists()


@pytest.mark.parametrize(
    ("status", "true"),
    [
        ("pending", {"is_pending", "can_be_marked_duplicate"}),
        ("rejected", {"is_rejected"}),
        ("changes_requested", {"needs_changes"}),
        ("approved", {"can_be_assigned", "can_be_marked_duplicate"}),
        ("assigned", {"is_assigned", "can_be_assigned"}),
        ("answered", {"is_answered"}),
        ("declined", {"is_answered", "is_declined"}),
        ("duplicate", {"is_duplicate"}),
    ],
)
def test_templates_ask_the_proposal_what_its_status_means(status, true):
    names = {
        "is_pending",
        "is_rejected",
        "needs_changes",
        "is_assigned",
        "is_answered",
        "is_declined",
        "is_duplicate",
        "can_be_assigned",
        "can_be_marked_duplicate",
    }
    proposal = Proposal(status=status)
    assert {name for name in names if getattr(proposal, name)} == true


def test_the_assigned_list_waits_by_default_and_shows_everything_on_request(
    client, unit_responder, unit, forum_moderator
):
    waiting, answered = public_proposal(), public_proposal()
    for proposal in (waiting, answered):
        moderation.assign(proposal, unit, forum_moderator)
    moderation.save_answer(answered, forum_moderator, "<p>Trả lời</p>", "", publish=True)
    client.force_login(unit_responder)
    html = client.get(reverse("forum_admin:assigned")).content.decode()
    assert waiting.reference in html and answered.reference not in html and unit.name in html
    html = client.get(reverse("forum_admin:assigned"), {"trang_thai": "cho-tra-loi"}).content.decode()
    assert waiting.reference in html and answered.reference not in html
    html = client.get(reverse("forum_admin:assigned"), {"trang_thai": "tat-ca"}).content.decode()
    assert waiting.reference in html and answered.reference in html


def test_the_group_editor_offers_the_forum_permissions_that_mean_something(client, superuser):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.get(name="Điều phối viên diễn đàn")
    client.force_login(superuser)
    response = client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    moderate = Permission.objects.get(content_type__app_label="forum", codename="moderate_proposal")
    add_flag = Permission.objects.get(content_type__app_label="forum", codename="add_flag")
    assert f'value="{moderate.pk}"' in html and f'value="{add_flag.pk}"' not in html


def test_the_audit_log_of_a_proposal_is_wagtails_history_view(client, forum_moderator, unit_responder, unit):
    proposal = ProposalFactory()
    moderation.approve(proposal, forum_moderator)
    moderation.assign(proposal, unit, forum_moderator, "Giao Sở")
    client.force_login(forum_moderator)
    history = reverse("forum_admin:history", args=[proposal.pk])
    assert history in client.get(reverse("forum_admin:inspect", args=[proposal.pk])).content.decode()
    html = client.get(history).content.decode()
    assert "Duyệt ý kiến" in html and "Chuyển ý kiến cho đơn vị" in html
    client.force_login(unit_responder)
    assert client.get(history).status_code in (302, 403)


def test_the_queue_finds_a_proposal_by_its_reference(client, forum_moderator):
    wanted, other = ProposalFactory(), ProposalFactory()
    client.force_login(forum_moderator)
    html = client.get(reverse("forum_admin:index"), {"q": wanted.reference.lower()}).content.decode()
    assert wanted.reference in html and other.reference not in html
