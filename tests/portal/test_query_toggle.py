"""{% query_toggle name value %}: the current query with one filter switched on, or off when it is
the one on; back to page 1; the other parameters kept in their order, repeated ones included."""

import pytest
from django.test import RequestFactory

from portal.templatetags.portal_tags import query_toggle


@pytest.mark.parametrize(
    ("query", "name", "value", "expected"),
    [
        ("", "nhom", "van-ban", "?nhom=van-ban"),
        ("q=chuyển+đổi&trang=3", "nam", 2024, "?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i&nam=2024"),
        ("nam=2024&q=x", "nam", "2024", "?q=x"),
        ("nam=2023&q=x", "nam", "2024", "?nam=2024&q=x"),
        ("nhom=van-ban&nhom=tin-tuc&q=a", "nhom", "tin-tuc", "?q=a"),
        ("nhom=van-ban&nhom=tin-tuc&q=a", "nhom", "gop-y", "?nhom=gop-y&q=a"),
        ("trang=2", "nam", "2024", "?nam=2024"),
        ("nam=2024&trang=2", "nam", "2024", "?"),
        ("q=a%26b&co-quan=ubnd", "nam", "2023", "?q=a%26b&co-quan=ubnd&nam=2023"),
    ],
)
def test_query_toggle(query, name, value, expected):
    request = RequestFactory().get(f"/tim-kiem/?{query}")
    assert query_toggle({"request": request}, name, value) == expected
    assert query_toggle({"request": request}, name, value) == expected  # the request's parameters read once
