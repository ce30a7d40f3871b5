"""Staff sign in once: one password, one TOTP code (set up on the first sign-in, asked on the
next ones), and land where they were going."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
TARGET = "/admin/pages/"


def _code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def new_editor(db):
    user = UserFactory(username="bientap", email="bientap@example.vn")
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _walk(client, url, steps):
    """Follow redirects by hand, recording every page the browser would show."""
    seen = []
    response = client.get(url)
    while True:
        while response.status_code == 302:
            url = response["Location"]
            response = client.get(url)
        seen.append(url)
        if not steps:
            return response, seen
        data = steps.pop(0)(client, response)
        response = client.post(url, data)


def _password(client, response):
    return {"login": "bientap@example.vn", "password": PASSWORD}


def _setup_code(client, response):
    return {"code": _code(client.session[SECRET_SESSION_KEY])}


def test_first_sign_in_asks_one_password_and_one_code_and_keeps_next(new_editor):
    client = Client()
    response, seen = _walk(client, TARGET, [_password, _setup_code])
    assert seen[0].startswith(reverse("account_login"))
    assert seen[1].startswith(reverse("mfa_activate_totp"))
    assert seen[2] == TARGET, seen
    assert response.status_code == 200
    assert not any(url.startswith(reverse("account_reauthenticate")) for url in seen)
    assert not any(url.startswith(reverse("mfa_reauthenticate")) for url in seen)


def test_next_sign_in_asks_one_password_and_one_code(new_editor):
    secret = generate_totp_secret()
    TOTP.activate(new_editor, secret)
    client = Client()
    response, seen = _walk(client, TARGET, [_password, lambda c, r: {"code": _code(secret)}])
    assert seen[0].startswith(reverse("account_login"))
    assert seen[1].startswith(reverse("mfa_authenticate"))
    assert seen[2] == TARGET, seen
    assert response.status_code == 200
