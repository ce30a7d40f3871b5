import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations.models import ConsultationIndexPage, DraftingStaff
from portal.models import Organisation
from tests.consultations.factories import ConsultationFactory
from tests.factories import UserFactory, verified_citizen


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from portal.ratelimit import shared_cache

    shared_cache().clear()


@pytest.fixture
def consultations_page(db):
    return ConsultationIndexPage.objects.get()


@pytest.fixture
def unit(db):
    return Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")


@pytest.fixture
def other_unit(db):
    return (
        Organisation.objects.exclude(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh").filter(level="department").first()
    )


@pytest.fixture
def consultation(unit):
    return ConsultationFactory(unit=unit, draft__issuer=unit, title="Lấy ý kiến dự thảo Quy chế thử nghiệm")


@pytest.fixture
def closed_consultation(unit):
    now = timezone.now()
    return ConsultationFactory(
        unit=unit,
        draft__issuer=unit,
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=1),
    )


def _drafting_staff(username, unit):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Cán bộ soạn thảo"))
    DraftingStaff.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def unit_staff(unit):
    return _drafting_staff("soanthao", unit)


@pytest.fixture
def other_staff(other_unit):
    return _drafting_staff("soanthao-khac", other_unit)


@pytest.fixture
def citizen(db):
    return verified_citizen(username="dan")


@pytest.fixture
def other_citizen(db):
    return verified_citizen(username="dan2")
