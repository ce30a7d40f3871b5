"""Shared fixtures. The seed content is loaded once per test database; each test runs in a
transaction that is rolled back, so every test starts from the freshly seeded site."""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group
from django.test import Client
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


def give_totp(user):
    """A TOTP authenticator for a staff account, with its secret, as after setting it up."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return existing
    return TOTP.activate(user, generate_totp_secret()).instance


def mark_second_factor(client, user):
    """Record in the test client's session that this login passed the second factor, as
    allauth does after a TOTP code (force_login skips allauth's login flow)."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session.save()


class StaffClient(Client):
    """The test client whose force_login signs staff in as they really sign in: with a TOTP
    authenticator and a session that passed it. Citizens are logged in unchanged."""

    def force_login(self, user, backend=None):
        from portal.middleware import is_staff_account

        super().force_login(user, backend)
        if is_staff_account(user):
            give_totp(user)
            mark_second_factor(self, user)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests without the database, then pytest-django's order (database tests before the
    transactional ones, whose end empties the tables), and the longest tests of each group first
    (marker `slow`), so that the two xdist workers do not end with one of them alone on a long test."""

    def group(item):
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        if transactional or {"transactional_db", "live_server"} & set(item.fixturenames):
            return 1
        return 0 if marker or "db" in item.fixturenames else -1

    items.sort(key=lambda item: (group(item), 0 if item.get_closest_marker("slow") else 1))


@pytest.fixture
def client():
    return StaffClient()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """With a template built for this run (tests/template_db.py), the worker's test database is
    created without migrations: the template's copy replaces it at once."""
    from django.db import connection

    from tests import template_db

    if template_db.template_for(connection.vendor):
        connection.settings_dict["TEST"]["MIGRATE"] = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    from tests import snapshot, template_db

    with django_db_blocker.unblock():
        template = template_db.template_for(connection.vendor)
        if template:
            template_db.copy_into_test_database(connection, template)
        else:
            run_seed_loaders()
        snapshot.take()


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: what a rolled-back test cached (a moved page's URL, a
    menu) must not reach the next test the worker runs."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for alias in caches:
        if isinstance(caches[alias], LocMemCache):  # a database cache rolls back with the test
            caches[alias].clear()


@pytest.fixture
def search_cache(settings):
    """The search's and the library's answers kept between requests (the test settings keep none),
    with the database engine."""
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": "", "CACHE_TIMEOUT": 600}


@pytest.fixture(scope="session", autouse=True)
def _transactional_tests_end_seeded(django_db_setup):
    """A transactional test ends by putting the seeded database back from the snapshot, instead
    of Django's flush: emptying every table and running the post-migrate handlers cost seconds on
    PostgreSQL, and every next test wanted the seed back anyway. So every test, transactional or
    not, starts from the freshly seeded site."""
    from django.test import TransactionTestCase

    from tests import snapshot

    flush = TransactionTestCase._fixture_teardown

    def restore_seed(self):
        if set(self._databases_names(include_mirrors=False)) - {"default"}:  # pragma: no cover - one database
            return flush(self)
        snapshot.restore()

    TransactionTestCase._fixture_teardown = restore_seed
    yield
    TransactionTestCase._fixture_teardown = flush


@pytest.fixture
def seeded_transactional_db(transactional_db):
    """A transactional test's database, holding the seed content (every transactional test puts
    it back when it ends)."""


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
