"""Shared fixtures. The seed content is loaded once per test database; each test runs in a
transaction that is rolled back, so every test starts from the freshly seeded site."""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from portal.management.commands.load_seed_content import run_seed_loaders
from tests import factories


def _truthy(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def require_service(env_flag, reason):
    """Skip with the reason on a laptop; fail with it where the service is required (CI)."""
    if _truthy(env_flag):
        pytest.fail(f"{reason} ({env_flag}=1 requires it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        run_seed_loaders()


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def handbook(home_page):
    from home.models import HandbookIndexPage

    return HandbookIndexPage.objects.get()


@pytest.fixture
def media_library(home_page):
    from home.models import MediaLibraryPage

    return MediaLibraryPage.objects.get()


def _user_in(group_name, username):
    user = factories.UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _user_in("Biên tập viên", "editor")


@pytest.fixture
def reviewer(db):
    return _user_in("Người duyệt", "reviewer")


@pytest.fixture
def forum_moderator(db):
    return _user_in("Điều phối viên diễn đàn", "moderator")


@pytest.fixture
def responder(db):
    return _user_in("Đơn vị trả lời", "responder")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2).close()
    except OSError as exc:
        require_service("REQUIRE_REDIS", f"Redis does not answer at {url}: {exc}")
    return url
