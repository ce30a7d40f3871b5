"""On-site notifications, and their email copy sent by a background task that retries failures.

Every mail carries a link to the notification settings and a signed one-click link that turns
email off; the on-site list stays."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

MAX_ATTEMPTS = 3
UNSUBSCRIBE_SALT = "forum.notifications.unsubscribe"


def recipients(proposal, followers):
    from forum.models import Follow

    users = set()
    if proposal.author_id:
        users.add(proposal.author_id)
    if followers:
        users.update(Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    return users


def notify(proposal, message, followers=False):
    return notify_users(recipients(proposal, followers), message, proposal=proposal)


def notify_users(user_ids, message, proposal=None, link=""):
    """Notify these accounts (on the site, and by mail unless they turned mail off); `link` is the
    path the mail points to when the notification is not about a proposal."""
    from forum.models import Notification, Profile

    user_ids = set(user_ids)
    muted = set(
        Profile.objects.filter(user_id__in=user_ids, email_notifications=False).values_list("user_id", flat=True)
    )
    created = Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                proposal=proposal,
                link=link,
                message=str(message)[:300],
                email_status=Notification.Email.NONE if user_id in muted else Notification.Email.PENDING,
            )
            for user_id in sorted(user_ids)
        ]
    )
    pending = [item.pk for item in created if item.email_status == Notification.Email.PENDING]
    if pending:
        from forum.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(pending))
    return created


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None


def _base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def deliver(notification):
    """Send one notification's email; record the outcome. True when sent."""
    from forum.models import Notification

    user = notification.user
    base = _base_url()
    context = {
        "notification": notification,
        "user": user,
        "proposal_url": base + notification.proposal.get_absolute_url() if notification.proposal_id else base,
        "link_url": base + notification.link if notification.link else "",
        "settings_url": base + reverse("forum_profile"),
        "unsubscribe_url": base + reverse("forum_email_off") + "?t=" + unsubscribe_token(user),
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("forum/email/notification.txt", context)
        subject = render_to_string("forum/email/notification_subject.txt", context).strip()
    message = EmailMessage(
        subject, body, to=[user.email], headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"}
    )
    notification.email_attempts += 1
    try:
        message.send()
    except Exception as error:
        notification.email_status = Notification.Email.FAILED
        notification.email_error = str(error)[:300]
        notification.save(update_fields=["email_status", "email_attempts", "email_error"])
        return False
    notification.email_status = Notification.Email.SENT
    notification.email_error = ""
    notification.save(update_fields=["email_status", "email_attempts", "email_error"])
    return True


def retry_delay(attempt):
    return 60 * 4 ** (attempt - 1)  # 1, 4, 16 minutes


def send_pending(ids=None, retry=True):
    """Send pending notifications (and failed ones with attempts left), one attempt each. Where
    the task backend can defer, failures are tried again later with a growing delay; what still
    fails stays recorded for `retry_forum_notifications`. Returns the failures."""
    from forum.models import Notification

    queryset = Notification.objects.select_related("user", "proposal").filter(
        email_status__in=[Notification.Email.PENDING, Notification.Email.FAILED], email_attempts__lt=MAX_ATTEMPTS
    )
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    failed = []
    for notification in queryset:
        if not notification.user.email:
            continue
        if not deliver(notification):
            failed.append(notification)
    if retry:
        _schedule_retry([n for n in failed if n.email_attempts < MAX_ATTEMPTS])
    return len(failed)


def _schedule_retry(notifications):
    from django.tasks import task_backends

    if not notifications or not task_backends["default"].supports_defer:
        return
    import datetime

    from django.utils import timezone

    from forum.tasks import send_notification_emails

    attempt = max(n.email_attempts for n in notifications)
    run_after = timezone.now() + datetime.timedelta(seconds=retry_delay(attempt))
    send_notification_emails.using(run_after=run_after).enqueue([n.pk for n in notifications])
