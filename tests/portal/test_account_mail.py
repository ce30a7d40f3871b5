"""Account mails name the portal, not the request's host, and are readable as sent
(quoted-printable UTF-8, not base64)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from tests.factories import verified_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def test_password_reset_mail_names_the_site_and_is_not_base64(db):
    user = verified_citizen(username="nguoidan", email="nguoidan@example.vn")
    site_name = Site.objects.get(is_default_site=True).site_name
    assert site_name
    mail.outbox.clear()
    response = Client(HTTP_HOST="127.0.0.1:8110").post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "127.0.0.1:8110 xin gửi lời chào" not in message.body
    assert site_name in message.body
    raw = message.message().as_bytes()
    assert b"Content-Transfer-Encoding: base64" not in raw
    assert b"Content-Transfer-Encoding: quoted-printable" in raw
    import email

    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    text = next(p for p in parsed.walk() if p.get_content_type() == "text/plain").get_content()
    assert site_name in text
