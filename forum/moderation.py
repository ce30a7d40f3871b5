"""Every change of a proposal's life goes through here: the allowed transitions, the timeline
event, Wagtail's audit log entry and the notifications, in one transaction."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from forum import notifications
from forum.models import (
    OUTCOME_STATUSES,
    PUBLIC_STATUSES,
    Answer,
    Comment,
    Event,
    Follow,
    Profile,
    Proposal,
    Status,
    Support,
    add_working_days,
)

TRANSITIONS = {
    # A duplicate is public: only an approved proposal can be marked one (reject a pending one
    # with a pointer to the original instead).
    Status.PENDING: {Status.APPROVED, Status.REJECTED, Status.CHANGES_REQUESTED},
    Status.CHANGES_REQUESTED: {Status.PENDING, Status.REJECTED},
    Status.REJECTED: {Status.APPROVED},
    Status.APPROVED: {Status.REVIEWING, Status.ASSIGNED, Status.DUPLICATE},
    Status.REVIEWING: {Status.ASSIGNED, Status.DUPLICATE},
    Status.ASSIGNED: {Status.ASSIGNED, Status.ANSWERED, Status.REVIEWING},
    Status.ANSWERED: {*OUTCOME_STATUSES, Status.ASSIGNED},
    Status.ACCEPTED: {Status.IN_PROGRESS, Status.DONE},
    Status.IN_PROGRESS: {Status.DONE, Status.DECLINED},
    Status.DONE: set(),
    Status.DECLINED: set(),
    Status.DUPLICATE: {Status.APPROVED},
}
NEEDS_REASON = {Status.REJECTED, Status.CHANGES_REQUESTED, Status.DECLINED}
LOG_ACTIONS = {
    Status.APPROVED: "forum.approve",
    Status.REJECTED: "forum.reject",
    Status.CHANGES_REQUESTED: "forum.request_changes",
    Status.PENDING: "forum.resubmit",
    Status.DUPLICATE: "forum.duplicate",
    Status.ASSIGNED: "forum.assign",
    Status.ANSWERED: "forum.answer",
}


def can_moderate(user):
    return user.is_authenticated and user.has_perm("forum.moderate_proposal")


def can_answer(user, proposal):
    if can_moderate(user):
        return True
    responder = getattr(user, "responder", None) if user.is_authenticated else None
    return bool(responder and user.has_perm("forum.answer_proposal") and proposal.unit_id == responder.unit_id)


def _check(proposal, target, reason):
    if target not in Status.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    if target not in TRANSITIONS.get(proposal.status, set()):
        raise ValidationError(
            _("Không thể chuyển từ “%(from)s” sang “%(to)s”.")
            % {"from": proposal.get_status_display(), "to": Status(target).label}
        )
    if target in NEEDS_REASON and not (reason or "").strip():
        raise ValidationError(_("Cần ghi lý do để gửi cho tác giả."))


@transaction.atomic
def transition(proposal, target, user, reason="", *, action=None, notify_followers=None):
    """Move a proposal to `target`, recording who, when and why."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _check(proposal, target, reason)
    previous = proposal.status
    proposal.status = target
    now = timezone.now()
    if target in (Status.REJECTED, Status.CHANGES_REQUESTED, Status.DECLINED):
        proposal.public_reason = reason.strip()
    elif target == Status.PENDING:
        proposal.public_reason = ""
    if target in PUBLIC_STATUSES and proposal.published_at is None:
        proposal.published_at = now
    proposal.save()
    Event.objects.create(
        proposal=proposal,
        action=action or Event.Action.STATUS,
        status=target,
        actor=user,
        note=reason.strip(),
        unit_name=proposal.unit.name if proposal.unit_id else "",
    )
    log(
        instance=proposal,
        action=LOG_ACTIONS.get(target, "forum.status"),
        user=user,
        data={"from": previous, "to": target, "reason": reason.strip()},
    )
    if target == Status.APPROVED and proposal.author_id:
        Follow.objects.get_or_create(proposal=proposal, user_id=proposal.author_id)
    if notify_followers is None:
        notify_followers = target not in (Status.PENDING, Status.APPROVED, Status.REJECTED, Status.CHANGES_REQUESTED)
    transaction.on_commit(lambda: purge_public_copies(proposal))
    if target != Status.PENDING:
        message = _("Ý kiến %(ref)s chuyển sang trạng thái “%(status)s”.") % {
            "ref": proposal.reference,
            "status": Status(target).label,
        }
        notifications.notify(proposal, message, followers=notify_followers)
    return proposal


# One handler per decision: the admin's views and bulk actions call these.


def approve(proposal, user, reason=""):
    return transition(proposal, Status.APPROVED, user, reason)


def reject(proposal, user, reason):
    """Reject with the reason the author reads (required)."""
    return transition(proposal, Status.REJECTED, user, reason)


def request_changes(proposal, user, reason):
    """Send back to the author with what to change (required)."""
    return transition(proposal, Status.CHANGES_REQUESTED, user, reason)


# Statuses set only by their own handler (assign, publish_answer, mark_duplicate, resubmit), which
# set what goes with them (unit and due date, the answer, the original).
OWN_HANDLER = {Status.ASSIGNED, Status.ANSWERED, Status.DUPLICATE, Status.PENDING}


def change_status(proposal, target, user, reason=""):
    """The case file's decision: any allowed next status but those that have their own handler."""
    if target in OWN_HANDLER:
        raise ValidationError(_("Dùng thao tác riêng cho trạng thái này."))
    return transition(proposal, target, user, reason)


@transaction.atomic
def submit(proposal, user, images=()):
    proposal.save()
    for order, upload in enumerate(images):
        proposal.images.create(file=upload, sort_order=order)
    Event.objects.create(proposal=proposal, action=Event.Action.SUBMITTED, status=Status.PENDING, actor=user)
    log(instance=proposal, action="forum.submit", user=user)
    return proposal


@transaction.atomic
def resubmit(proposal, user):
    return transition(proposal, Status.PENDING, user, action=Event.Action.RESUBMITTED)


@transaction.atomic
def assign(proposal, unit, user, note=""):
    if not unit.is_active_on():
        raise ValidationError(_("Đơn vị %(unit)s không còn hoạt động; hãy chọn đơn vị kế thừa.") % {"unit": unit})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (Status.APPROVED, Status.REVIEWING, Status.ASSIGNED):
        raise ValidationError(_("Chỉ chuyển đơn vị cho ý kiến đã duyệt và chưa được trả lời."))
    proposal.unit = unit
    proposal.assigned_at = timezone.now()
    proposal.due_date = add_working_days(
        timezone.localdate(), settings.FORUM_ANSWER_WORKING_DAYS, settings.FORUM_HOLIDAYS
    )
    proposal.save()
    return transition(proposal, Status.ASSIGNED, user, note, action=Event.Action.ASSIGNED)


@transaction.atomic
def mark_duplicate(proposal, original, user, note=""):
    if original.pk == proposal.pk or original.duplicate_of_id == proposal.pk:
        raise ValidationError(_("Một ý kiến không thể trùng với chính nó."))
    if not original.is_public:
        raise ValidationError(_("Ý kiến gốc phải đang công khai."))
    proposal.duplicate_of = original
    proposal.save(update_fields=["duplicate_of"])
    # Its followers hear of the merge before they move to the original.
    notifications.notify(
        proposal,
        _("Ý kiến %(ref)s được gộp vào ý kiến %(original)s; bạn sẽ nhận tin về ý kiến gốc.")
        % {"ref": proposal.reference, "original": original.reference},
        followers=True,
    )
    # Supports and followers move to the original; one per account still holds there.
    for support in Support.objects.filter(proposal=proposal).exclude(user__forum_supports__proposal=original):
        Support.objects.create(proposal=original, user_id=support.user_id)
    Support.objects.filter(proposal=proposal).delete()
    for follow in Follow.objects.filter(proposal=proposal).exclude(user__forum_follows__proposal=original):
        Follow.objects.create(proposal=original, user_id=follow.user_id)
    Follow.objects.filter(proposal=proposal).delete()
    recount_supports(proposal)
    recount_supports(original)
    return transition(
        proposal,
        Status.DUPLICATE,
        user,
        note or _("Trùng với ý kiến %(ref)s.") % {"ref": original.reference},
        action=Event.Action.DUPLICATE,
        notify_followers=False,
    )


def purge_public_copies(proposal):
    """A decision changes the proposal's page, the forum's listing and the home page's forum block:
    purge them from the page caches (the server's and nginx's, when configured)."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from forum.models import ForumIndexPage
    from portal import page_cache

    if not page_cache.purging():
        return
    forum = ForumIndexPage.objects.live().first()
    if forum is None:
        return
    batch = PurgeBatch()
    batch.add_page(forum)
    batch.add_url(forum.full_url + f"{proposal.pk}-{proposal.slug}/")
    site = forum.get_site()
    if site is not None:
        batch.add_page(site.root_page)
    page_cache.purge(batch.urls)


def recount_supports(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(support_count=Support.objects.filter(proposal=proposal).count())


def add_note(proposal, user, note):
    if not note.strip():
        raise ValidationError(_("Ghi chú đang trống."))
    Event.objects.create(proposal=proposal, action=Event.Action.NOTE, actor=user, note=note.strip(), internal=True)
    log(instance=proposal, action="forum.note", user=user, data={"note": note.strip()})


@transaction.atomic
def save_answer(proposal, user, body, signed_by, publish=False):
    proposal = Proposal.objects.select_related("unit").get(pk=proposal.pk)
    if not can_answer(user, proposal):
        raise PermissionDenied
    if proposal.unit_id is None:
        raise ValidationError(_("Ý kiến chưa được chuyển cho đơn vị nào."))
    answer = Answer.objects.filter(proposal=proposal).first() or Answer(proposal=proposal, unit=proposal.unit)
    if answer.status == Answer.State.PUBLISHED and not can_moderate(user):
        raise PermissionDenied
    answer.body = body
    answer.signed_by = signed_by
    if answer.status != Answer.State.PUBLISHED:
        answer.unit = proposal.unit
        answer.unit_name = proposal.unit.name  # the unit's name as it is on the day it answers
    answer.author = answer.author or user
    answer.save()
    log(instance=proposal, action="forum.answer_edit", user=user)
    if publish and answer.status != Answer.State.PUBLISHED:
        answer.status = Answer.State.PUBLISHED
        answer.published_at = timezone.now()
        answer.save()
        Proposal.objects.filter(pk=proposal.pk).update(answered_at=answer.published_at)
        proposal.refresh_from_db()
        transition(proposal, Status.ANSWERED, user, action=Event.Action.ANSWERED, notify_followers=True)
    return answer


def publish_answer(proposal, user, body, signed_by):
    return save_answer(proposal, user, body, signed_by, publish=True)


@transaction.atomic
def withdraw_answer(proposal, user, reason):
    proposal = Proposal.objects.get(pk=proposal.pk)
    if not can_moderate(user):
        raise PermissionDenied
    answer = Answer.objects.filter(proposal=proposal, status=Answer.State.PUBLISHED).first()
    if answer is None:
        raise ValidationError(_("Chưa có câu trả lời đã công bố để rút."))
    answer.status = Answer.State.WITHDRAWN
    answer.save(update_fields=["status", "updated_at"])
    Proposal.objects.filter(pk=proposal.pk).update(answered_at=None)
    proposal.refresh_from_db()
    return transition(proposal, Status.ASSIGNED, user, reason, action=Event.Action.ANSWER_WITHDRAWN)


@transaction.atomic
def set_hidden(obj, hidden, user, reason="", *, automatic=False):
    """Hide or restore a proposal or a comment; restoring also clears its open flags.

    Moderators call it from the case file and the bulk action; the flag service calls it with
    `automatic=True` and no user when enough people flagged the item. Either way the timeline
    event and the audit log entry have the same shape."""
    obj.hidden = hidden
    if isinstance(obj, Comment):
        obj.hidden_reason = reason if hidden else ""
        obj.save(update_fields=["hidden", "hidden_reason"])
        proposal = obj.proposal
        proposal.comment_count = proposal.comments.filter(hidden=False).count()
        Proposal.objects.filter(pk=proposal.pk).update(comment_count=proposal.comment_count)
    else:
        obj.save(update_fields=["hidden"])
        proposal = obj
        Event.objects.create(
            proposal=proposal,
            action=Event.Action.HIDDEN if hidden else Event.Action.RESTORED,
            actor=user,
            note=reason,
            internal=True,
        )
    if not hidden:
        obj.flags.update(resolved=True)
        type(obj).objects.filter(pk=obj.pk).update(flag_count=0)
    data = {"reason": reason, "object": str(obj._meta.model_name), "id": obj.pk}
    if automatic:
        data.update(automatic=True, flags=obj.flag_count)
    log(instance=proposal, action="forum.hide" if hidden else "forum.restore", user=user, data=data)
    transaction.on_commit(lambda: purge_public_copies(proposal))


def suspend(profile_user, user, reason):
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do tạm khoá."))
    profile, _created = Profile.objects.get_or_create(user=profile_user)
    profile.suspended_at = timezone.now()
    profile.suspended_reason = reason.strip()
    profile.save(update_fields=["suspended_at", "suspended_reason"])
    # Logged under the account number, never the person's name: the log outlives an erasure.
    log(
        instance=profile_user,
        action="forum.suspend",
        user=user,
        title=f"#{profile_user.pk}",
        data={"reason": reason.strip()},
    )


def unsuspend(profile_user, user):
    Profile.objects.filter(user=profile_user).update(suspended_at=None, suspended_reason="")
    log(instance=profile_user, action="forum.unsuspend", user=user, title=f"#{profile_user.pk}")
