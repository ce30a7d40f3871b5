"""Every seeded page type and the site settings open in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.factories import AlbumPageFactory

pytestmark = pytest.mark.django_db


def test_every_page_type_opens_in_the_editor(client, superuser, media_library):
    AlbumPageFactory(parent=media_library)
    client.force_login(superuser)
    seen = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        if type(page) in seen:
            continue
        seen.add(type(page))
        response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, type(page).__name__
    from wagtail.models import get_page_models

    creatable = {model for model in get_page_models() if model._meta.app_label != "wagtailcore"}
    assert seen == creatable


def test_site_settings_open_in_the_admin(client, superuser, home_page):
    client.force_login(superuser)
    response = client.get(reverse("wagtailsettings:edit", args=("home", "sitesettings")), follow=True)
    assert response.status_code == 200
    assert "Sở Khoa học và Công nghệ" in response.content.decode()


def test_image_upload_form_offers_the_credit_field(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("wagtailimages:add"))
    assert response.status_code == 200
    assert 'name="credit"' in response.content.decode()
