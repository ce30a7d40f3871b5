import pytest

from forum.models import ForumIndexPage
from portal.models import Organisation
from tests.factories import verified_citizen


@pytest.fixture
def forum_page(db):
    return ForumIndexPage.objects.get()


@pytest.fixture
def citizen(db):
    return verified_citizen(username="citizen")


@pytest.fixture
def other_citizen(db):
    return verified_citizen(username="other")


@pytest.fixture
def unit(db):
    return Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")


@pytest.fixture
def unit_responder(responder, unit):
    from forum.models import Responder

    Responder.objects.create(user=responder, unit=unit)
    return responder


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
