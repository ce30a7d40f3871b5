"""A small period of test data for the DX-index tests: a city with two departments, an index
version whose department unit type has two main indices and a few components (one per method),
a period open for self-assessment, and one account per role. Made-up names, for tests only."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from bench.dxindex import grow
from dxindex import services
from dxindex.models import Component, PeriodStatus
from kpi.models import UnitStaff
from portal import roles
from tests import factories


@pytest.fixture
def city():
    return factories.OrganisationFactory(slug="tp-thu-nghiem", name="Thành phố thử nghiệm", level="city")


@pytest.fixture
def units(city):
    return [
        factories.OrganisationFactory(
            slug=f"so-thu-nghiem-{n}", name=f"Sở thử nghiệm {n}", level="department", parent=city
        )
        for n in ("a", "b")
    ]


@pytest.fixture
def version(city):
    version = factories.IndexVersionFactory(year=2090, key="thu-nghiem-2090", name="Bộ chỉ số thử nghiệm", city=city)
    unit_type = factories.UnitTypeFactory(version=version, kind="department", name="Sở, ban, ngành")
    first = factories.MainIndexFactory(unit_type=unit_type, order=1, name="Chỉ số chính một")
    second = factories.MainIndexFactory(unit_type=unit_type, order=2, name="Chỉ số chính hai")
    factories.ComponentFactory(main_index=first, code="1.1", order=1, method="yes_no", max_points=Decimal("5"))
    factories.ComponentFactory(
        main_index=first,
        code="1.2",
        order=2,
        method="tiers",
        max_points=Decimal("6"),
        params={"tiers": [["50", "2"], ["80", "6"]]},
    )
    factories.ComponentFactory(
        main_index=second, code="2.1", order=1, method="ratio", max_points=Decimal("10"), params={"target": "3"}
    )
    factories.ComponentFactory(main_index=second, code="2.2", order=2, method="appraiser", max_points=Decimal("4"))
    return version


def _user(name, role, unit=None):
    user = factories.UserFactory(username=name)
    user.groups.add(Group.objects.get(name=role))
    if unit is not None:
        UnitStaff.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def people(units):
    a, b = units
    return {
        "staff_a": _user("can-bo-a", roles.DX_UNIT_STAFF, a),
        "head_a": _user("lanh-dao-a", roles.DX_UNIT_HEAD, a),
        "staff_b": _user("can-bo-b", roles.DX_UNIT_STAFF, b),
        "head_b": _user("lanh-dao-b", roles.DX_UNIT_HEAD, b),
        "appraiser": _user("tham-dinh", roles.DX_APPRAISERS),
        "council": _user("hoi-dong", roles.DX_COUNCIL),
    }


@pytest.fixture
def period(version, people, units):
    today = timezone.localdate()
    period = factories.PeriodFactory(
        year=2090,
        version=version,
        self_opens=today - datetime.timedelta(days=10),
        self_closes=today + datetime.timedelta(days=10),
    )
    services.open_period(period, people["council"])
    return period


def fill(assessment, user, values):
    """Save values by component code, as the unit's staff does."""
    for entry in assessment.entries.select_related("component", "assessment__period"):
        if entry.component.code in values:
            services.save_entry(entry, user, values[entry.component.code], "")


ALL_VALUES = {"1.1": "1", "1.2": "85", "2.1": "2", "2.2": "3"}


@pytest.fixture
def components(version):
    return {c.code: c for c in Component.objects.filter(main_index__unit_type__version=version)}


# Published periods for the public side's tests, grown by bench/dxindex.py's `grow` (bulk inserts,
# then the real sign-off and publish services).


@pytest.fixture
def published(db):
    """A small published period: 6 units × 10 components."""
    return grow(6, 10)


@pytest.fixture
def unpublished(db):
    """A period the council signed off but has not published, and one still under appraisal."""
    return grow(4, 10, publish=False), grow(3, 10, status=PeriodStatus.APPRAISAL)
