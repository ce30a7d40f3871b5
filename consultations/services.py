"""Every change to a consultation's comments and synthesis goes through here, with Wagtail's audit
log entry and the followers' notifications (the forum's notifications and mail task).

Moderation follows the forum's rules (forum.moderation): moderators are those holding
forum.moderate_proposal, a rejection needs a reason the author reads, enough flags
(FORUM_FLAG_THRESHOLD) hide a comment until a moderator looks at it.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from consultations.models import (
    CommentFlag,
    CommentSupport,
    Consultation,
    ConsultationComment,
    ConsultationFollow,
    FieldSubscription,
    Handling,
    Notice,
    Phase,
)
from forum import moderation as forum_moderation
from forum.notifications import notify_users

Status = ConsultationComment.Status


# --- who may do what ------------------------------------------------------------------------


def can_moderate(user):
    """The forum's moderators moderate consultation comments too."""
    return forum_moderation.can_moderate(user)


def staff_unit_id(user):
    staff = getattr(user, "drafting_staff", None) if user.is_authenticated else None
    return staff.unit_id if staff is not None else None


def can_manage(user, consultation=None):
    """Drafting-unit staff manage their own unit's consultations (a superuser every one)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("consultations.change_consultation"):
        return False
    unit_id = staff_unit_id(user)
    if unit_id is None:
        return False
    return consultation is None or consultation.unit_id == unit_id


def can_synthesise(user, consultation=None):
    return can_manage(user, consultation) and (
        user.is_superuser or user.has_perm("consultations.synthesise_consultation")
    )


# --- comments ---------------------------------------------------------------------------------


def add_comment(consultation, user, data):
    """A pending comment, once per submission key: (comment, created)."""
    if consultation.phase != Phase.OPEN:
        raise ValidationError(_("Đợt lấy ý kiến này không còn nhận góp ý."))
    key = data["submission_key"]
    existing = ConsultationComment.objects.filter(author=user, submission_key=key).first()
    if existing is not None:
        return existing, False
    profile = getattr(user, "forum_profile", None)
    try:
        with transaction.atomic():
            comment = ConsultationComment.objects.create(
                consultation=consultation,
                section=data.get("section"),
                quote=data.get("quote", ""),
                body=data["body"],
                organisation_name=data.get("organisation_name", ""),
                author=user,
                author_type=data.get("author_type") or (profile.author_type if profile else "citizen"),
                submission_key=key,
            )
            log(instance=comment, action="consultations.comment", user=user, title=f"#{comment.pk}")
    except IntegrityError:
        return ConsultationComment.objects.get(author=user, submission_key=key), False
    return comment, True


@transaction.atomic
def decide(comment, user, target, reason=""):
    """Approve or reject a pending comment (or approve one rejected by mistake)."""
    if not can_moderate(user):
        raise PermissionDenied
    comment = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
    allowed = {Status.PENDING: {Status.APPROVED, Status.REJECTED}, Status.REJECTED: {Status.APPROVED}}
    if target not in allowed.get(comment.status, set()):
        raise ValidationError(_("Không thể đổi trạng thái góp ý này."))
    if target == Status.REJECTED and not reason.strip():
        raise ValidationError(_("Cần ghi lý do để gửi cho tác giả."))
    comment.status = target
    comment.public_reason = reason.strip() if target == Status.REJECTED else ""
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "public_reason", "moderated_at"])
    log(
        instance=comment,
        action="consultations.approve" if target == Status.APPROVED else "consultations.reject",
        user=user,
        title=f"#{comment.pk}",
        data={"reason": reason.strip()},
    )
    if comment.author_id:
        if target == Status.APPROVED:
            ConsultationFollow.objects.get_or_create(consultation=comment.consultation, user_id=comment.author_id)
            message = _("Góp ý của bạn cho dự thảo “%(title)s” đã được duyệt và công khai.")
        else:
            message = _("Góp ý của bạn cho dự thảo “%(title)s” không được duyệt. Lý do: %(reason)s")
        notify_users(
            [comment.author_id],
            message % {"title": comment.consultation.title, "reason": reason.strip()},
            link=comment.consultation.get_absolute_url() or "",
        )
    return comment


@transaction.atomic
def set_hidden(comment, hidden, user, reason="", automatic=False):
    comment.hidden = hidden
    comment.hidden_reason = reason if hidden else ""
    comment.save(update_fields=["hidden", "hidden_reason"])
    if not hidden:
        comment.flags.update(resolved=True)
        ConsultationComment.objects.filter(pk=comment.pk).update(flag_count=0)
    data = {"reason": reason}
    if automatic:
        data["automatic"] = True
    log(
        instance=comment,
        action="consultations.hide" if hidden else "consultations.restore",
        user=user,
        title=f"#{comment.pk}",
        data=data,
    )


def add_support(comment, user):
    try:
        with transaction.atomic():
            CommentSupport.objects.create(comment=comment, user=user)
            ConsultationComment.objects.filter(pk=comment.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


def remove_support(comment, user):
    with transaction.atomic():
        deleted, _details = CommentSupport.objects.filter(comment=comment, user=user).delete()
        if deleted:
            ConsultationComment.objects.filter(pk=comment.pk).update(support_count=F("support_count") - deleted)
    return bool(deleted)


def add_flag(comment, user, reason, note=""):
    """One flag per account; at FORUM_FLAG_THRESHOLD flags the comment is hidden for review."""
    try:
        with transaction.atomic():
            CommentFlag.objects.create(comment=comment, user=user, reason=reason, note=note)
            ConsultationComment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
    except IntegrityError:
        return False
    comment.refresh_from_db(fields=["flag_count", "hidden"])
    if comment.flag_count >= settings.FORUM_FLAG_THRESHOLD and not comment.hidden:
        set_hidden(comment, True, None, _("Bị báo cáo nhiều lần, đang chờ xem xét."), automatic=True)
    return True


def follow(consultation, user):
    ConsultationFollow.objects.get_or_create(consultation=consultation, user=user)


def unfollow(consultation, user):
    ConsultationFollow.objects.filter(consultation=consultation, user=user).delete()


# --- synthesis --------------------------------------------------------------------------------


def _check_synthesis(consultation, user):
    if not can_synthesise(user, consultation):
        raise PermissionDenied
    if not consultation.is_closed:
        raise ValidationError(_("Chỉ tổng hợp, tiếp thu, giải trình sau khi hết hạn góp ý."))


@transaction.atomic
def record_handling(consultation, user, comments, decision, reason, handling=None):
    """Record (or change) how these comments were handled: one Handling for the group."""
    _check_synthesis(consultation, user)
    comments = list(comments)
    if not comments:
        raise ValidationError(_("Hãy chọn ít nhất một góp ý."))
    if any(c.consultation_id != consultation.pk or not c.is_public for c in comments):
        raise ValidationError(_("Chỉ xử lý các góp ý đã công khai của đợt lấy ý kiến này."))
    if not (reason or "").strip():
        raise ValidationError(_("Hãy ghi nội dung tiếp thu hoặc lý do giải trình, không tiếp thu."))
    if handling is None:
        handling = Handling(consultation=consultation, author=user)
    handling.decision = decision
    handling.reason = reason.strip()
    handling.save()
    previous = {c.handling_id for c in comments if c.handling_id and c.handling_id != handling.pk}
    ConsultationComment.objects.filter(pk__in=[c.pk for c in comments]).update(handling=handling)
    # A group left empty by the move has nothing to explain any more.
    Handling.objects.filter(pk__in=previous, comments__isnull=True).delete()
    log(
        instance=consultation,
        action="consultations.handling",
        user=user,
        data={"handling": handling.pk, "decision": decision, "comments": [c.pk for c in comments]},
    )
    return handling


@transaction.atomic
def publish_report(consultation, user, intro="", signed_by=""):
    _check_synthesis(consultation, user)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.report_published_at:
        raise ValidationError(_("Báo cáo đã được công bố."))
    unhandled = consultation.comments.public().filter(handling__isnull=True).count()
    if unhandled:
        raise ValidationError(_("Còn %(count)s góp ý chưa được tiếp thu, giải trình.") % {"count": unhandled})
    consultation.report_intro = intro
    consultation.report_signed_by = signed_by
    consultation.report_published_at = timezone.now()
    consultation.save(update_fields=["report_intro", "report_signed_by", "report_published_at", "updated_at"])
    log(instance=consultation, action="consultations.publish_report", user=user)
    send_notice(consultation, Notice.Kind.REPORT)
    return consultation


# --- followers' mail ---------------------------------------------------------------------------

NOTICE_MESSAGES = {
    Notice.Kind.OPENED: gettext_lazy("Bắt đầu lấy ý kiến dự thảo “%(title)s” đến %(closes)s."),
    Notice.Kind.CLOSING: gettext_lazy("Còn một tuần để góp ý dự thảo “%(title)s” (hết hạn %(closes)s)."),
    Notice.Kind.REPORT: gettext_lazy(
        "Đã công bố báo cáo tổng hợp, tiếp thu, giải trình ý kiến về dự thảo “%(title)s”."
    ),
}


def followers(consultation):
    """Those who follow the consultation, and those subscribed to a field of its draft."""
    users = set(ConsultationFollow.objects.filter(consultation=consultation).values_list("user_id", flat=True))
    users.update(
        FieldSubscription.objects.filter(field__documents=consultation.draft_id).values_list("user_id", flat=True)
    )
    return users


def send_notice(consultation, kind):
    """Notify the followers once per kind; False when this notice was already sent."""
    try:
        with transaction.atomic():
            notice = Notice.objects.create(consultation=consultation, kind=kind)
    except IntegrityError:
        return False
    users = followers(consultation)
    closes = timezone.localtime(consultation.closes_at).strftime("%H:%M %d/%m/%Y")
    message = str(NOTICE_MESSAGES[kind]) % {"title": consultation.title, "closes": closes}
    link = consultation.report_url if kind == Notice.Kind.REPORT else consultation.get_absolute_url()
    notify_users(users, message, link=link or "")
    Notice.objects.filter(pk=notice.pk).update(recipients=len(users))
    return True


def send_due_notices(now=None):
    """The notices due now: opened for every open consultation, closing for those closing within
    a week. Idempotent: run it as often as you like (the worker or cron), each mail leaves once."""
    now = now or timezone.now()
    sent = []
    for consultation in Consultation.objects.open_on(now).filter(report_published_at__isnull=True):
        if send_notice(consultation, Notice.Kind.OPENED):
            sent.append((consultation.pk, Notice.Kind.OPENED))
        if consultation.closing_soon(now) and send_notice(consultation, Notice.Kind.CLOSING):
            sent.append((consultation.pk, Notice.Kind.CLOSING))
    return sent
