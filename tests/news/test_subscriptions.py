from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core import mail, signing

from news import subscriptions
from news.models import BulletinIndexPage, BulletinMailing, Delivery, Subscriber
from tests.factories import BulletinPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletins():
    return BulletinIndexPage.objects.get()


def subscribe(client, email):
    return client.post("/ban-tin/dang-ky/", {"email": email, "consent": "on"})


def confirmation_link(message):
    return next(line for line in message.body.splitlines() if "/ban-tin/xac-nhan/" in line).strip()


def test_subscription_is_confirmed_only_through_its_link(client):
    response = subscribe(client, "Dan@Example.vn")
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="dan@example.vn")
    assert not subscriber.is_confirmed
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dan@example.vn"]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = confirmation_link(message)
    assert link.startswith("http://testserver/ban-tin/xac-nhan/?t=")
    assert client.get(link.replace("http://testserver", "")).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed


def test_tampered_or_expired_links_confirm_nothing(client):
    subscribe(client, "a@example.vn")
    link = confirmation_link(mail.outbox[0]).replace("http://testserver", "")
    assert client.get(link[:-3] + "xyz").status_code == 400
    with mock.patch("news.subscriptions.CONFIRM_MAX_AGE", -1):
        assert client.get(link).status_code == 400
    assert not Subscriber.objects.get(email="a@example.vn").is_confirmed
    # A token for unsubscribing cannot confirm, and the other way round.
    other = subscriptions.make_token("a@example.vn", "unsubscribe")
    assert client.get("/ban-tin/xac-nhan/", {"t": other}).status_code == 400
    assert client.get("/ban-tin/xac-nhan/").status_code == 400


def test_form_errors_are_shown_and_nothing_is_saved(client):
    response = client.post("/ban-tin/dang-ky/", {"email": "khong-phai-email", "consent": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Hãy đánh dấu đồng ý" in html
    assert Subscriber.objects.count() == 0 and len(mail.outbox) == 0


def test_a_confirmed_address_is_not_told_apart(client):
    Subscriber.objects.create(email="da@example.vn", confirmed_at="2024-01-01T00:00Z")
    response = subscribe(client, "da@example.vn")
    assert response.status_code == 302 and response["Location"].endswith("?da-gui=1")
    assert len(mail.outbox) == 0


def _confirmed(*emails):
    from django.utils import timezone

    return [Subscriber.objects.create(email=email, confirmed_at=timezone.now()) for email in emails]


def test_publishing_sends_exactly_one_email_per_confirmed_subscriber(bulletins, django_capture_on_commit_callbacks):
    _confirmed("mot@example.vn", "hai@example.vn")
    Subscriber.objects.create(email="chua@example.vn")
    bulletin = BulletinPageFactory(parent=bulletins, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["hai@example.vn", "mot@example.vn"]
    message = mail.outbox[0]
    assert message.subject == bulletin.title
    assert message.alternatives[0][1] == "text/html"
    assert "/ban-tin/huy-dang-ky/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.filter(status="sent").count() == 2

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bulletin.title = bulletin.title + " (sửa)"
        bulletin.save_revision().publish()
    assert mail.outbox == []
    assert BulletinMailing.objects.filter(bulletin=bulletin).count() == 1


def test_a_failed_send_is_retried_and_recorded(bulletins, django_capture_on_commit_callbacks):
    _confirmed("loi@example.vn")
    bulletin = BulletinPageFactory(parent=bulletins, live=False)
    real_send = mail.EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionRefusedError("máy chủ thư không trả lời")
        return real_send(self, *args, **kwargs)

    with (
        mock.patch.object(mail.EmailMultiAlternatives, "send", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        bulletin.save_revision().publish()
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert len(mail.outbox) == 1


def test_a_send_that_keeps_failing_stays_recorded_as_failed(bulletins, django_capture_on_commit_callbacks):
    _confirmed("hong@example.vn")
    bulletin = BulletinPageFactory(parent=bulletins, live=False)
    with (
        mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=OSError("hỏng")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        bulletin.save_revision().publish()
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == subscriptions.MAX_ATTEMPTS
    assert "hỏng" in delivery.last_error
    mailing = BulletinMailing.objects.get(bulletin=bulletin)
    assert mailing.finished_at is None
    # Running the mailing again does not hammer a broken server: no more tries without a retry.
    subscriptions.deliver(mailing, "http://testserver")
    assert Delivery.objects.get().attempts == subscriptions.MAX_ATTEMPTS
    from django.core.management import call_command

    call_command("retry_bulletin_deliveries")
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.last_error == ""
    mailing.refresh_from_db()
    assert mailing.finished_at is not None


def test_unsubscribe_works_without_logging_in(client):
    (subscriber,) = _confirmed("bo@example.vn")
    token = subscriptions.make_token(subscriber.email, "unsubscribe")
    page = client.get("/ban-tin/huy-dang-ky/", {"t": token})
    assert page.status_code == 200 and "bo@example.vn" in page.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    # What a mail client's one-click sends (RFC 8058), and what the page's button sends.
    response = client.post(f"/ban-tin/huy-dang-ky/?{urlencode({'t': token})}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="bo@example.vn").exists()
    bad = signing.TimestampSigner(salt="khac").sign_object({"e": "bo@example.vn"})
    assert client.post(f"/ban-tin/huy-dang-ky/?{urlencode({'t': bad})}").status_code == 400


def test_the_form_cannot_flood_a_mailbox(client):
    from django.core.cache import cache

    cache.clear()
    subscribe(client, "nan-nhan@example.vn")
    subscribe(client, "nan-nhan@example.vn")
    assert len(mail.outbox) == 1  # one confirmation per address per 10 minutes
    for n in range(subscriptions.REQUESTS_PER_HOUR):
        subscribe(client, f"x{n}@example.vn")
    response = subscribe(client, "them@example.vn")
    assert response.status_code == 429
    assert "quá nhiều yêu cầu" in response.content.decode()
    assert not Subscriber.objects.filter(email="them@example.vn").exists()
    cache.clear()


def test_one_click_unsubscribe_passes_csrf_protection():
    from django.test import Client

    (subscriber,) = _confirmed("mot-cham@example.vn")
    client = Client(enforce_csrf_checks=True)
    token = subscriptions.make_token(subscriber.email, "unsubscribe")
    response = client.post(f"/ban-tin/huy-dang-ky/?{urlencode({'t': token})}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="mot-cham@example.vn").exists()


def test_the_subscription_form_is_never_shared_by_caches(client):
    response = client.get("/ban-tin/dang-ky/")
    assert "csrftoken" in response.cookies
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_retry_never_mails_an_old_issue_to_later_subscribers(bulletins, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    _confirmed("cu@example.vn")
    bulletin = BulletinPageFactory(parent=bulletins, live=False)
    with (
        mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=OSError("hỏng")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        bulletin.save_revision().publish()
    _confirmed("moi@example.vn")
    call_command("retry_bulletin_deliveries")
    assert [m.to[0] for m in mail.outbox] == ["cu@example.vn"]
