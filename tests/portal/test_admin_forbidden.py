"""A signed-in citizen who opens the admin gets a 403 page saying the admin is for staff,
not a loop between /admin/ and the login page; anonymous visitors still go to the login."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signed_in_citizen_gets_a_vietnamese_403_for_the_admin(client):
    client.force_login(UserFactory(username="dan"))
    for url in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = client.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert "Trang quản trị dành cho cán bộ" in html
        assert 'href="/"' in html
        assert f'action="{reverse("account_logout")}"' in html
        assert "site-header" in html or "<header" in html  # the portal layout


def test_no_redirect_loop_through_the_login_page(client):
    client.force_login(UserFactory(username="dan"))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == []
    response = client.get("/admin/login/?next=/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2


def test_anonymous_visitor_still_goes_to_the_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login")) or response["Location"].startswith(
        reverse("account_login")
    )
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_staff_still_reach_the_admin(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
