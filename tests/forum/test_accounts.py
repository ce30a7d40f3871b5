"""Accounts through allauth: consent at sign-up, verification, no enumeration, staff second
factor, every login path limited, and the person's rights over their data."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from forum.models import Comment, Profile, Proposal, Support
from tests.factories import ProposalFactory, UserFactory, public_proposal

SIGNUP = {
    "email": "nguoidan@example.vn",
    "password1": "Mat-khau-rat-manh-2026",
    "password2": "Mat-khau-rat-manh-2026",
    "display_name": "Nguyễn Văn Dân",
    "author_type": "citizen",
    "accept_terms": "on",
    "accept_privacy": "on",
}


@pytest.fixture(autouse=True)
def _db(db):
    return db


def test_signup_records_consent_and_requires_verification(client, settings):
    from django.contrib.auth import get_user_model

    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nguoidan@example.vn")
    profile = Profile.objects.get(user=user)
    assert user.display_name == "Nguyễn Văn Dân"
    assert (profile.terms_version, profile.privacy_version) == (
        settings.FORUM_TERMS_VERSION,
        settings.FORUM_PRIVACY_VERSION,
    )
    assert profile.consented_at is not None
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/tai-khoan/confirm-email/\S+", mail.outbox[0].body).group(0)
    # Not logged in until the address is confirmed.
    assert "_auth_user_id" not in client.session
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    assert user.emailaddress_set.get().verified


def test_signup_without_consent_creates_nothing_and_keeps_the_form(client):
    from django.contrib.auth import get_user_model

    data = {**SIGNUP, "accept_privacy": ""}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email=SIGNUP["email"]).exists()
    assert "Nguyễn Văn Dân" in response.content.decode()


def test_signup_honeypot(client):
    from django.contrib.auth import get_user_model

    client.post(reverse("account_signup"), {**SIGNUP, "website": "spam"})
    assert not get_user_model().objects.filter(email=SIGNUP["email"]).exists()


def test_no_enumeration_on_signup(client):
    UserFactory(username="taken", email="taken@example.vn")
    fresh = client.post(reverse("account_signup"), {**SIGNUP, "email": "fresh@example.vn"})
    taken = Client().post(reverse("account_signup"), {**SIGNUP, "email": "taken@example.vn"})
    assert fresh.status_code == taken.status_code == 302
    assert fresh["Location"] == taken["Location"]


def test_no_enumeration_on_password_reset(client):
    UserFactory(username="known", email="known@example.vn")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.vn"})
    unknown = Client().post(reverse("account_reset_password"), {"email": "unknown@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_no_enumeration_on_login(client):
    UserFactory(username="known", email="known@example.vn")
    wrong_password = client.post(reverse("account_login"), {"login": "known@example.vn", "password": "sai-mat-khau"})
    unknown = Client().post(reverse("account_login"), {"login": "nobody@example.vn", "password": "sai-mat-khau"})
    assert wrong_password.status_code == unknown.status_code == 200

    def errors(response):
        return [str(e) for e in response.context["form"].non_field_errors()]

    assert errors(wrong_password) == errors(unknown)


def test_login_by_emailed_code_is_offered(client):
    assert client.get(reverse("account_request_login_code")).status_code == 200


def test_login_is_rate_limited(client):
    from allauth.account.models import EmailAddress

    victim = UserFactory(username="victim", email="victim@example.vn")
    EmailAddress.objects.create(user=victim, email=victim.email, verified=True, primary=True)
    for attempt in range(5):
        client.post(reverse("account_login"), {"login": victim.email, "password": f"sai-{attempt}"})
    # After five failures the account is locked for a while, even with the right password.
    locked = client.post(reverse("account_login"), {"login": victim.email, "password": "mat-khau-thu-nghiem"})
    assert locked.status_code == 200 and "_auth_user_id" not in client.session
    # And one network address gets 429 past 30 attempts a minute, whatever the accounts.
    statuses = [
        client.post(reverse("account_login"), {"login": f"u{i}@example.vn", "password": "x"}).status_code
        for i in range(30)
    ]
    assert statuses[-1] == 429


def test_wagtail_and_django_admin_logins_go_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert (
        response["Location"].startswith(reverse("account_login")) and "next=%2Fadmin%2Fpages%2F" in response["Location"]
    )
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 302
    django_admin = client.get("/django-admin/login/")
    assert django_admin.status_code == 302 and django_admin["Location"].startswith(reverse("account_login"))
    assert client.get("/admin/").status_code == 302


def test_staff_without_totp_must_set_it_up(editor):
    plain = Client()
    plain.force_login(editor)  # a real Client: no authenticator, no second factor in the session
    response = plain.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_session_without_second_factor_is_asked_for_it(editor):
    from tests.conftest import give_totp

    give_totp(editor)
    plain = Client()
    plain.force_login(editor)
    response = plain.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_staff_login_with_password_then_totp_code_reaches_the_admin(editor):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    from tests.conftest import give_totp

    editor.email = "editor@example.vn"
    editor.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    authenticator = give_totp(editor)
    browser = Client()
    response = browser.post(reverse("account_login"), {"login": editor.email, "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_authenticate"))
    assert browser.get("/admin/").status_code == 302  # not in yet
    secret = decrypt(authenticator.data["secret"])
    counters = list(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))  # the current step
    response = browser.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert browser.get("/admin/").status_code == 200


def test_citizen_pages_do_not_need_a_second_factor(citizen):
    browser = Client()
    browser.force_login(citizen)
    assert browser.get(reverse("forum_my_page")).status_code == 200
    assert browser.get("/admin/").status_code == 403  # the admin is for staff (issue 11, item 12)


def test_my_page_shows_my_proposals_and_notifications(client, citizen, forum_moderator):
    from forum import moderation

    mine = ProposalFactory(author=citizen)
    other = ProposalFactory()
    moderation.transition(mine, "approved", forum_moderator)
    client.force_login(citizen)
    html = client.get(reverse("forum_my_page")).content.decode()
    assert mine.title in html and other.title not in html
    assert "Đã duyệt" in html
    client.post(reverse("forum_notifications_read"))
    assert not citizen.forum_notifications.filter(read_at__isnull=True).exists()


def test_profile_edits_and_email_switch(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("forum_profile"), {"display_name": "Tên mới", "author_type": "business"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == "Tên mới"
    assert citizen.forum_profile.author_type == "business" and not citizen.forum_profile.email_notifications
    bad = client.post(reverse("forum_profile"), {"display_name": "", "author_type": "x"})
    assert bad.status_code == 400


def test_one_click_email_off(client, citizen):
    from forum.notifications import unsubscribe_token

    url = reverse("forum_email_off")
    assert client.get(url + "?t=sai").status_code == 400
    token = unsubscribe_token(citizen)
    assert client.get(url + "?t=" + token).status_code == 200
    assert citizen.forum_profile.email_notifications is True
    client.post(url, {"t": token})
    citizen.forum_profile.refresh_from_db()
    assert citizen.forum_profile.email_notifications is False


def test_download_my_data(client, citizen):
    proposal = ProposalFactory(author=citizen)
    client.force_login(citizen)
    response = client.get(reverse("forum_download_data"))
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["account"]["email"] == citizen.email
    assert data["proposals"][0]["reference"] == proposal.reference
    assert data["profile"]["terms_version"] == "test"
    assert set(data) >= {"comments", "supports", "follows", "flags", "notifications"}


def test_delete_account_anonymises_public_content_and_erases_the_rest(client, citizen):
    public = public_proposal(author=citizen)
    pending = ProposalFactory(author=citizen)
    comment = public.comments.create(author=citizen, body="<p>Ý kiến của tôi</p>")
    other = public_proposal()
    Support.objects.create(proposal=other, user=citizen)
    client.force_login(citizen)
    refused = client.post(reverse("forum_delete_account"), {"confirm": "khong"})
    assert refused.status_code == 400
    client.post(reverse("forum_delete_account"), {"confirm": "XOA"})
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(pk=citizen.pk).exists()
    public.refresh_from_db()
    comment.refresh_from_db()
    other.refresh_from_db()
    assert public.author is None and comment.author is None
    assert not Proposal.objects.filter(pk=pending.pk).exists()
    assert other.support_count == 0
    html = Client().get(public.get_absolute_url()).content.decode()
    assert "Người dùng đã xoá tài khoản" in html


def test_delete_account_with_content(client, citizen):
    public = public_proposal(author=citizen)
    other = public_proposal()
    other.comments.create(author=citizen, body="<p>x</p>")
    client.force_login(citizen)
    client.post(reverse("forum_delete_account"), {"confirm": "XOA", "remove_content": "on"})
    assert not Proposal.objects.filter(pk=public.pk).exists()
    assert not Comment.objects.exists()


def test_the_signup_page_names_the_operator_and_links_its_legal_pages_by_the_consent(client):
    """Where people consent, they see who processes their data (the operator in the site's
    settings, not a fixed name) and reach the privacy policy and the terms."""
    from home.models import SiteSettings

    site_settings = SiteSettings.objects.get()
    site_settings.organisation_name = "Sở Khoa học và Công nghệ TP. Hồ Chí Minh"
    site_settings.save()
    html = client.get(reverse("account_signup")).content.decode()
    consent = html[
        html.index('class="signup-consent"') : html.index("</section>", html.index('class="signup-consent"'))
    ]
    assert "Sở Khoa học và Công nghệ TP. Hồ Chí Minh" in consent
    privacy, terms = site_settings.privacy_page, site_settings.terms_page
    assert f'href="{privacy.url}"' in consent and f'href="{terms.url}"' in consent
    assert 'id="id_accept_privacy"' in html and "Sở xử lý" not in html
