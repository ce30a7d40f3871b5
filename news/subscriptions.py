"""Double opt-in subscriptions to new bulletins, and sending each bulletin once."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import ratelimit
from portal.navigation import page_route_url
from portal.params import url_with_query

logger = logging.getLogger(__name__)
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a confirmation link works for 7 days
MAX_ATTEMPTS = 3
RESEND_AFTER = 10 * 60
REQUESTS_PER_HOUR = 10


def allow_request(request):
    """At most REQUESTS_PER_HOUR subscription requests an hour from one address."""
    return ratelimit.allow(request, "news-subscribe", {"ip": f"{REQUESTS_PER_HOUR}/h"})


def make_token(email, purpose):
    return signing.TimestampSigner(salt=f"news.subscription.{purpose}").sign_object({"e": email})


def read_token(token, purpose):
    """The e-mail address in a valid token, or None (tampered, or a confirmation link past 7 days)."""
    signer = signing.TimestampSigner(salt=f"news.subscription.{purpose}")
    try:
        max_age = CONFIRM_MAX_AGE if purpose == "confirm" else None
        return signer.unsign_object(token, max_age=max_age)["e"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def subscription_path(index_page, purpose, email):
    """The bulletin page's "confirm" or "unsubscribe" route with a signed token:
    /ban-tin/xac-nhan/?t=<token>, /ban-tin/huy-dang-ky/?t=<token>."""
    return url_with_query(page_route_url(index_page, purpose), {"t": make_token(email, purpose)})


def absolute(request_or_base, path):
    if hasattr(request_or_base, "build_absolute_uri"):
        return request_or_base.build_absolute_uri(path)
    return request_or_base.rstrip("/") + path


def request_subscription(request, index_page, email):
    from news.models import Subscriber

    email = email.strip().lower()
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    if subscriber.is_confirmed:
        return subscriber
    # One confirmation e-mail per address per RESEND_AFTER seconds: the form cannot be used to flood
    # someone's mailbox.
    # Keyed on the mailbox, not the exact address: "victim+1@…", "victim+2@…" share one allowance.
    if not ratelimit.once(f"news-confirmation:{ratelimit.normalise_email(email)}", RESEND_AFTER):
        return subscriber
    link = absolute(request, subscription_path(index_page, "confirm", email))
    context = {"link": link, "site_name": settings.WAGTAIL_SITE_NAME}
    message = EmailMultiAlternatives(
        subject="Xác nhận đăng ký nhận Bản tin Chuyển đổi số",
        body=render_to_string("news/email/confirm.txt", context),
        to=[email],
    )
    message.attach_alternative(render_to_string("news/email/confirm.html", context), "text/html")
    message.send()
    return subscriber


def start_mailing(bulletin):
    """Called when a bulletin is published: the first time creates its mailing and queues the task;
    later publications find the mailing and send nothing."""
    from news.models import BulletinMailing
    from news.tasks import send_bulletin

    try:
        with transaction.atomic():
            mailing = BulletinMailing.objects.create(bulletin=bulletin)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: send_bulletin.enqueue(mailing.pk))
    return mailing


def bulletin_message(bulletin, subscriber, base_url):
    unsubscribe = absolute(base_url, subscription_path(bulletin.get_parent().specific, "unsubscribe", subscriber.email))
    context = {
        "bulletin": bulletin,
        "bulletin_url": absolute(base_url, bulletin.url),
        "unsubscribe_url": unsubscribe,
        "base_url": base_url.rstrip("/"),
    }
    with translation.override("vi"):
        message = EmailMultiAlternatives(
            subject=f"{bulletin.title}",
            body=render_to_string("news/email/bulletin.txt", context),
            to=[subscriber.email],
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        message.attach_alternative(render_to_string("news/email/bulletin.html", context), "text/html")
    return message


def deliver(mailing, base_url):
    """Send the mailing to every confirmed subscriber who has not had it: each send is recorded, a
    failure is retried up to MAX_ATTEMPTS times and stays visible in the admin."""
    from news.models import Delivery, Subscriber

    bulletin = mailing.bulletin.specific
    sent = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENT).values("subscriber")
    # Those who had confirmed when the bulletin came out: a later retry never mails an old issue
    # to people who subscribed since.
    recipients = Subscriber.objects.filter(confirmed_at__lte=mailing.created_at).exclude(pk__in=sent)
    for subscriber in recipients:
        delivery, _created = Delivery.objects.get_or_create(mailing=mailing, subscriber=subscriber)
        while delivery.status != Delivery.Status.SENT and delivery.attempts < MAX_ATTEMPTS:
            delivery.attempts += 1
            try:
                bulletin_message(bulletin, subscriber, base_url).send()
            except Exception as exc:  # any transport error: record it and try again
                delivery.status = Delivery.Status.FAILED
                delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                logger.warning(
                    "bulletin delivery failed", extra={"delivery": delivery.pk, "error": delivery.last_error}
                )
            else:
                delivery.status = Delivery.Status.SENT
                delivery.sent_at = timezone.now()
                delivery.last_error = ""
            delivery.save()
    if not mailing.deliveries.exclude(status=Delivery.Status.SENT).exists():
        mailing.finished_at = timezone.now()
        mailing.save(update_fields=["finished_at"])
    return mailing


def retry_failed():
    """Give failed deliveries a fresh set of attempts and queue their mailings again."""
    from news.models import BulletinMailing, Delivery
    from news.tasks import send_bulletin

    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    mailing_ids = set(failed.values_list("mailing_id", flat=True))
    failed.update(attempts=0)
    for mailing in BulletinMailing.objects.filter(pk__in=mailing_ids):
        send_bulletin.enqueue(mailing.pk)
    return len(mailing_ids)
