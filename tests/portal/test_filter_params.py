"""Issue 12 item 6: every public listing reads its filters with one parser, portal.params.read_filters."""

import pytest
from django.http import QueryDict

from portal.params import Choice, Integer, Text, read_filters, url_with_query

FIELDS = [
    Choice("loai", ["ke-hoach", "quyet-dinh"]),
    Choice("ke-hoach", lambda: {"kh-593": "plan 593"}, key="plan"),
    Integer("nam", 1900, 2100),
    Text("the", max_length=5),
    Text("nhom", many=True, key="type"),
]


def test_known_values_are_read_and_mapped():
    params = QueryDict("loai=ke-hoach&ke-hoach=kh-593&nam=2022&the=abcdefgh&nhom=van-ban&nhom=tin-tuc")
    filters, ignored = read_filters(params, FIELDS)
    assert filters == {
        "loai": "ke-hoach",
        "plan": "plan 593",
        "nam": 2022,
        "the": "abcde",
        "type": ["van-ban", "tin-tuc"],
    }
    assert ignored == []


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("loai=luat", ["loai"]),
        ("ke-hoach=kh-1", ["ke-hoach"]),
        ("nam=²", ["nam"]),
        ("nam=1800&loai=x", ["loai", "nam"]),
    ],
)
def test_unknown_values_are_dropped_and_named(query, ignored):
    filters, found = read_filters(QueryDict(query), FIELDS)
    assert filters == {} and found == ignored


def test_empty_values_are_simply_absent():
    assert read_filters(QueryDict("loai=&nam=%20&the=&nhom="), FIELDS) == ({}, [])
    assert read_filters({"nam": "2022"}, FIELDS) == ({"nam": 2022}, [])


def test_url_with_query_leaves_out_empty_values():
    assert url_with_query("/tin-tuc/", [("nam", 2022), ("thang", "")]) == "/tin-tuc/?nam=2022"
    assert url_with_query("/tin-tuc/", {}) == "/tin-tuc/"
    assert url_with_query("/van-ban/", QueryDict("loai=a&loai=b")) == "/van-ban/?loai=a&loai=b"
