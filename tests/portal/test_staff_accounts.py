"""Staff accounts an administrator creates in the admin are email-verified on creation: the
first sign-in asks for the password and the TOTP setup, not an email confirmation."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def test_admin_created_staff_signs_in_without_email_confirmation(client, superuser):
    client.force_login(superuser)
    editors = Group.objects.get(name="Biên tập viên")
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "nguyenvana",
            "email": "nguyenvana@example.vn",
            "first_name": "An",
            "last_name": "Nguyễn Văn",
            "password1": "Mat-khau-dai-123!",
            "password2": "Mat-khau-dai-123!",
            "groups": [editors.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="nguyenvana")
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()

    mail.outbox.clear()
    browser = Client()
    response = browser.post(
        reverse("account_login") + "?next=/admin/",
        {"login": "nguyenvana@example.vn", "password": "Mat-khau-dai-123!"},
        follow=True,
    )
    final = response.redirect_chain[-1][0]
    assert final.startswith(reverse("mfa_activate_totp")), response.redirect_chain
    assert mail.outbox == []
