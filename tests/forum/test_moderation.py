"""Moderators decide, responders answer, every step lands in the timeline, the audit log and
the author's notifications."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forum import moderation
from forum.models import (
    Answer,
    Event,
    Follow,
    Notification,
    Proposal,
    Status,
    Support,
    add_working_days,
    responding_units,
)
from portal.models import Organisation
from tests.factories import ProposalFactory, public_proposal, verified_citizen
from tests.forum.admin_urls import decision_url


def _admin(pk):
    return reverse("forum_admin:inspect", args=[pk])


def _bulk(action, *proposals):
    """Wagtail's bulk action URL for the queue's selection."""
    ids = "&".join(f"id={proposal.pk}" for proposal in proposals)
    return reverse("wagtail_bulk_action", args=["forum", "proposal", action]) + "?" + ids


def test_moderator_queue_lists_pending_oldest_first_with_author_history(client, forum_moderator, citizen):
    older = ProposalFactory(author=citizen, created_at=timezone.now() - datetime.timedelta(days=3))
    newer = ProposalFactory(author=citizen)
    public_proposal(author=citizen)
    client.force_login(forum_moderator)
    html = client.get(reverse("forum_admin:index")).content.decode()
    assert html.index(older.reference) < html.index(newer.reference)
    assert "Chờ duyệt: 2" in html and "Đã duyệt: 1" in html


def test_queue_filters_by_category_and_kind(client, forum_moderator):
    from forum.models import ProposalCategory

    first = ProposalFactory()
    other = ProposalFactory(category=ProposalCategory.objects.get(slug="kinh-te-so"))
    client.force_login(forum_moderator)
    html = client.get(reverse("forum_admin:index"), {"category": other.category_id}).content.decode()
    assert other.reference in html and first.reference not in html


def test_queue_query_count_does_not_grow_with_the_queue(client, forum_moderator, django_assert_max_num_queries):
    for _ in range(3):
        ProposalFactory()
    client.force_login(forum_moderator)
    client.get(reverse("forum_admin:index"))
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("forum_admin:index"))
    for _ in range(20):
        ProposalFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("forum_admin:index"))


def test_moderator_approves_and_the_author_is_told(
    client, forum_moderator, citizen, forum_page, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(author=citizen)
    client.force_login(forum_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decision_url(proposal.pk, "status"), {"status": "approved", "reason": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED and proposal.published_at
    assert ModelLogEntry.objects.filter(
        action="forum.approve", object_id=str(proposal.pk), user=forum_moderator
    ).exists()
    assert Notification.objects.filter(user=citizen, proposal=proposal).exists()
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    assert "/tai-khoan/thong-bao/tat-email/?t=" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http")
    client.logout()
    public = client.get(proposal.get_absolute_url())
    assert public.status_code == 200
    assert proposal.title in client.get(forum_page.url).content.decode()


def test_reject_needs_a_reason_and_changes_nothing_without_one(client, forum_moderator, citizen):
    proposal = ProposalFactory(author=citizen)
    client.force_login(forum_moderator)
    client.post(decision_url(proposal.pk, "status"), {"status": "rejected", "reason": " "})
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING
    assert not ModelLogEntry.objects.filter(action="forum.reject").exists()
    client.post(decision_url(proposal.pk, "status"), {"status": "rejected", "reason": "Nội dung quảng cáo."})
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED and proposal.public_reason == "Nội dung quảng cáo."
    client.force_login(citizen)
    assert "Nội dung quảng cáo." in client.get(proposal.get_absolute_url()).content.decode()


def test_impossible_transition_is_refused(forum_moderator):
    proposal = ProposalFactory()
    with pytest.raises(ValidationError):
        moderation.transition(proposal, Status.DONE, forum_moderator)
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING


def test_bulk_approve_and_reject(client, forum_moderator):
    first, second, third = ProposalFactory(), ProposalFactory(), ProposalFactory()
    client.force_login(forum_moderator)
    client.post(_bulk("approve", first, second), {})
    client.post(_bulk("reject", third), {"reason": "Trùng nội dung đã có."})
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "approved", third.pk: "rejected"}


def test_assignment_sets_the_due_date_and_the_public_page_shows_it(client, forum_moderator, unit):
    proposal = public_proposal()
    client.force_login(forum_moderator)
    client.post(decision_url(proposal.pk, "assign"), {"unit": unit.pk, "reason": ""})
    proposal.refresh_from_db()
    assert proposal.status == Status.ASSIGNED
    assert proposal.due_date == add_working_days(timezone.localdate(), 15)
    client.logout()
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert unit.name in html and proposal.due_date.strftime("%d/%m/%Y") in html


def test_working_days_skip_weekends_and_holidays():
    friday = datetime.date(2026, 11, 20)
    assert add_working_days(friday, 1) == datetime.date(2026, 11, 23)
    assert add_working_days(friday, 15) == datetime.date(2026, 12, 11)
    assert add_working_days(friday, 1, ["2026-11-23"]) == datetime.date(2026, 11, 24)


def test_a_unit_that_no_longer_exists_cannot_be_assigned(forum_moderator):
    former = Organisation.objects.get(name="Sở Thông tin và Truyền thông TP. Hồ Chí Minh")
    assert not former.is_active_on()
    assert former.current_successor().name == "Sở Khoa học và Công nghệ TP. Hồ Chí Minh"
    proposal = public_proposal()
    with pytest.raises(ValidationError):
        moderation.assign(proposal, former, forum_moderator)
    assert former not in responding_units()


def test_overdue_assignment_stands_out_in_the_queue(client, forum_moderator, unit):
    proposal = public_proposal(status="assigned", unit=unit, due_date=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(forum_moderator)
    html = client.get(reverse("forum_admin:index")).content.decode()
    assert "Quá hạn" in html and proposal.reference in html


def test_responder_answers_for_their_unit_and_the_answer_keeps_the_unit_name(
    client, unit_responder, unit, forum_moderator, citizen, django_capture_on_commit_callbacks
):
    proposal = public_proposal(author=citizen)
    follower = verified_citizen(username="follower")
    Follow.objects.create(proposal=proposal, user=follower)
    moderation.assign(proposal, unit, forum_moderator)
    mail.outbox.clear()
    client.force_login(unit_responder)
    assert proposal.reference in client.get(reverse("forum_admin:assigned")).content.decode()
    client.post(decision_url(proposal.pk, "save_answer"), {"body": "Bản nháp", "signed_by": ""})
    assert Answer.objects.get().status == "draft"
    assert client.get(proposal.get_absolute_url()).content.decode().count("Bản nháp") == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            decision_url(proposal.pk, "publish_answer"),
            {"body": "Sở sẽ triển khai trong quý I.", "signed_by": "Giám đốc Sở"},
        )
    proposal.refresh_from_db()
    answer = proposal.answer
    assert proposal.status == Status.ANSWERED and proposal.answered_at
    assert answer.status == "published" and answer.unit_name == unit.name
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([citizen.email, follower.email])
    # The unit is renamed later: the answer keeps the name it was given under.
    Organisation.objects.filter(pk=unit.pk).update(name="Tên mới của Sở")
    client.logout()
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Sở sẽ triển khai trong quý I." in html and unit.name in html and "Đã trả lời" in html
    # A published answer is locked for the responder; the moderator can withdraw it.
    client.force_login(unit_responder)
    client.post(decision_url(proposal.pk, "save_answer"), {"body": "Sửa lén", "signed_by": ""})
    assert Answer.objects.get().body == "<p>Sở sẽ triển khai trong quý I.</p>"
    client.force_login(forum_moderator)
    client.post(decision_url(proposal.pk, "withdraw"), {"reason": "Cần bổ sung số liệu."})
    proposal.refresh_from_db()
    assert proposal.status == Status.ASSIGNED and proposal.answer.status == "withdrawn"


def test_responder_of_another_unit_cannot_open_or_answer(client, responder, forum_moderator, unit):
    from forum.models import Responder

    other = Organisation.objects.create(name="UBND phường Sài Gòn", level="commune")
    Responder.objects.create(user=responder, unit=other)
    proposal = public_proposal()
    moderation.assign(proposal, unit, forum_moderator)
    client.force_login(responder)
    # Wagtail turns a refusal in its admin into a redirect with a message.
    assert client.get(_admin(proposal.pk)).status_code in (302, 403)
    assert client.post(decision_url(proposal.pk, "publish_answer"), {"body": "x"}).status_code in (302, 403)
    assert proposal.reference not in client.get(reverse("forum_admin:assigned")).content.decode()
    assert not Answer.objects.exists()


def test_responder_cannot_moderate(client, unit_responder, unit, forum_moderator):
    proposal = public_proposal()
    moderation.assign(proposal, unit, forum_moderator)
    client.force_login(unit_responder)
    assert client.post(decision_url(proposal.pk, "status"), {"status": "reviewing"}).status_code in (302, 403)
    proposal.refresh_from_db()
    assert proposal.status == Status.ASSIGNED
    assert client.get(reverse("forum_admin:index")).status_code in (302, 403)


def test_outcome_statuses_need_a_reason_when_declined(forum_moderator, unit, citizen):
    proposal = public_proposal(author=citizen)
    moderation.assign(proposal, unit, forum_moderator)
    moderation.save_answer(proposal, forum_moderator, "<p>Trả lời</p>", "", publish=True)
    proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        moderation.transition(proposal, Status.DECLINED, forum_moderator, "")
    moderation.transition(proposal, Status.ACCEPTED, forum_moderator)
    moderation.transition(proposal, Status.IN_PROGRESS, forum_moderator)
    moderation.transition(proposal, Status.DONE, forum_moderator)
    proposal.refresh_from_db()
    assert proposal.status == Status.DONE
    statuses = list(proposal.events.exclude(status="").values_list("status", flat=True))
    assert statuses[-3:] == ["accepted", "in_progress", "done"]
    assert Notification.objects.filter(user=citizen).count() >= 5


def test_internal_notes_never_reach_the_public_page(client, forum_moderator):
    proposal = public_proposal()
    client.force_login(forum_moderator)
    client.post(decision_url(proposal.pk, "note"), {"reason": "Ghi chú nội bộ bí mật"})
    assert Event.objects.filter(internal=True, note="Ghi chú nội bộ bí mật").exists()
    assert "Ghi chú nội bộ bí mật" in client.get(_admin(proposal.pk)).content.decode()
    client.logout()
    assert "Ghi chú nội bộ bí mật" not in client.get(proposal.get_absolute_url()).content.decode()


def test_duplicate_moves_supports_and_followers(client, forum_moderator):
    original = public_proposal()
    duplicate = public_proposal()
    both = verified_citizen(username="both")
    only_duplicate = verified_citizen(username="dup")
    for user in (both, only_duplicate):
        Support.objects.create(proposal=duplicate, user=user)
        Follow.objects.create(proposal=duplicate, user=user)
    Support.objects.create(proposal=original, user=both)
    moderation.recount_supports(original)
    client.force_login(forum_moderator)
    client.post(decision_url(duplicate.pk, "duplicate"), {"original": original.reference.lower()})
    duplicate.refresh_from_db()
    original.refresh_from_db()
    assert duplicate.status == Status.DUPLICATE and duplicate.duplicate_of == original
    assert original.support_count == 2 == original.supports.count()
    assert duplicate.support_count == 0
    assert set(original.follows.values_list("user__username", flat=True)) >= {"both", "dup"}
    client.logout()
    assert original.reference in client.get(duplicate.get_absolute_url()).content.decode()


def test_moderator_hides_and_restores_a_comment(client, forum_moderator, citizen):
    proposal = public_proposal()
    comment = proposal.comments.create(author=citizen, body="<p>Bình luận vi phạm</p>", flag_count=2)
    client.force_login(forum_moderator)
    client.post(decision_url(proposal.pk, "hide_comment"), {"comment": comment.pk, "reason": "Xúc phạm"})
    comment.refresh_from_db()
    assert comment.hidden
    client.logout()
    assert "Bình luận vi phạm" not in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(forum_moderator)
    client.post(decision_url(proposal.pk, "restore_comment"), {"comment": comment.pk})
    comment.refresh_from_db()
    assert not comment.hidden and comment.flag_count == 0


def test_moderator_suspends_an_account_which_then_cannot_post(client, forum_moderator, citizen, forum_page):
    proposal = public_proposal(author=citizen)
    client.force_login(forum_moderator)
    client.post(decision_url(proposal.pk, "suspend"), {"reason": "Đăng quảng cáo nhiều lần"})
    assert ModelLogEntry.objects.filter(action="forum.suspend").exists()
    client.force_login(citizen)
    response = client.post(f"{forum_page.url}{proposal.pk}/ung-ho/")
    assert response.status_code == 302
    assert not Support.objects.exists()
    assert client.get(forum_page.url + "gui-y-kien/").status_code == 302


def test_admin_dashboard_counts_waiting_items(client, forum_moderator):
    ProposalFactory()
    ProposalFactory()
    client.force_login(forum_moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Diễn đàn: việc đang chờ" in html
    assert "<span>2</span> ý kiến chờ duyệt" in html


def test_reports_and_csv_export(client, forum_moderator, unit):
    proposal = public_proposal()
    moderation.assign(proposal, unit, forum_moderator)
    moderation.save_answer(proposal, forum_moderator, "<p>Trả lời</p>", "", publish=True)
    ProposalFactory()
    client.force_login(forum_moderator)
    assert client.get(reverse("forum_admin:reports")).status_code == 200
    csv = client.get(reverse("forum_admin:reports"), {"format": "csv"}).content.decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0].startswith("month,category,kind,status,unit,count,answered")
    assert any(unit.name in line and ",1,1," in line for line in lines)
    assert any("Chờ duyệt" in line for line in lines)


def test_failed_notification_email_is_recorded_and_retried_later(
    citizen, forum_moderator, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage
    from django.core.management import call_command

    def down(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", down)
    proposal = ProposalFactory(author=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.transition(proposal, Status.APPROVED, forum_moderator)  # the decision still stands
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED
    notification = Notification.objects.get(user=citizen)
    assert notification.email_status == "failed" and notification.email_attempts == 1
    assert "mail server down" in notification.email_error
    monkeypatch.undo()
    call_command("retry_forum_notifications")
    notification.refresh_from_db()
    assert notification.email_status == "sent" and notification.email_attempts == 2
    assert len(mail.outbox) == 1


def test_a_failure_is_retried_later_with_a_growing_delay_where_the_backend_can_defer(citizen, monkeypatch):
    from django.core.mail import EmailMessage
    from django.tasks import task_backends

    from forum import notifications
    from forum.tasks import send_notification_emails

    monkeypatch.setattr(EmailMessage, "send", lambda self, *a, **k: (_ for _ in ()).throw(OSError("down")))
    monkeypatch.setattr(type(task_backends["default"]), "supports_defer", True)
    scheduled = []

    class Deferred:
        def __init__(self, run_after):
            self.run_after = run_after

        def enqueue(self, ids):
            scheduled.append((self.run_after, ids))

    monkeypatch.setattr(type(send_notification_emails), "using", lambda self, run_after=None, **kw: Deferred(run_after))
    note = Notification.objects.create(user=citizen, message="x", email_status="pending")
    before = timezone.now()
    assert notifications.send_pending([note.pk]) == 1
    assert len(scheduled) == 1 and scheduled[0][1] == [note.pk]
    assert datetime.timedelta(seconds=50) < scheduled[0][0] - before < datetime.timedelta(seconds=70)
    Notification.objects.filter(pk=note.pk).update(email_attempts=3)
    scheduled.clear()
    notifications.send_pending([note.pk])
    assert scheduled == []  # three attempts: left for the retry command


def test_muted_author_gets_the_on_site_notification_only(citizen, forum_moderator, django_capture_on_commit_callbacks):
    citizen.forum_profile.email_notifications = False
    citizen.forum_profile.save()
    proposal = ProposalFactory(author=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.transition(proposal, Status.APPROVED, forum_moderator)
    assert Notification.objects.get(user=citizen).email_status == "none"
    assert mail.outbox == []
