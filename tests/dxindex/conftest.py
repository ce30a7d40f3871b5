"""Published periods for the public side's tests, grown by bench/dxindex.py's `grow` (bulk
inserts, then the real sign-off and publish services)."""

import pytest

from bench.dxindex import grow
from dxindex.models import PeriodStatus


@pytest.fixture
def published(db):
    """A small published period: 6 units × 10 components."""
    return grow(6, 10)


@pytest.fixture
def unpublished(db):
    """A period the council signed off but has not published, and one still under appraisal."""
    return grow(4, 10, publish=False), grow(3, 10, status=PeriodStatus.APPRAISAL)
