"""The score's SQL is written so that a row whose title holds the phrase reads one pattern, not one
per word and pair (portal/search/database.py, Score): the scores must be those of the plain sum of
every term, row by row, and the two bounds that prune the page's rows must hold on every row
(`bound` at most the title's part, `ceiling` at least the score)."""

from itertools import pairwise

import pytest
from django.db.models import Case, IntegerField, Q, Value, When

from portal.search.database import EXACT_CODE, Score, matching
from portal.search.results import SearchQuery
from tests.factories import SearchEntryFactory

pytestmark = pytest.mark.django_db


def _when(condition, points):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _sum(terms):
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


class PlainScore:
    """The score as it was written before (every term tested on every row): the reference."""

    def __init__(self, query, prefix=False):
        tokens = query.tokens
        phrase = " ".join(tokens)
        end = "" if prefix else " "
        self.cheap = [
            _when(Q(title_folded__startswith=f" {phrase}{end}") if prefix else Q(title_folded=f" {phrase} "), 60),
            _when(Q(title_folded__contains=f" {phrase}{end}"), 40),
        ]
        if query.has_code:
            self.cheap += [
                _when(Q(keys__contains=f" {query.key} "), EXACT_CODE),
                _when(Q(keys__contains=f" {query.key}"), 300),
            ]
        last = len(tokens) - 1
        self.cheap += [
            _when(Q(title_folded__contains=f" {token}{end if position == last else ' '}"), 10)
            for position, token in enumerate(tokens)
            if token not in tokens[:position]
        ]
        self.text = [(Q(title_folded__contains=f" {phrase}{end}"), Q(text_folded__contains=f" {phrase}{end}"), 15)]
        for word in dict.fromkeys(query.exact_tokens):
            self.cheap.append(_when(Q(title_exact__contains=f" {word} "), 6))
            self.text.append((Q(title_exact__contains=f" {word} "), Q(text_exact__contains=f" {word} "), 3))
        pairs = list(pairwise(tokens))
        self.text += [
            (
                Q(title_folded__contains=f" {a} {b}{end if position == len(pairs) - 1 else ' '}"),
                Q(text_folded__contains=f" {a} {b}{end if position == len(pairs) - 1 else ' '}"),
                4,
            )
            for position, (a, b) in enumerate(pairs)
            if (a, b) not in pairs[:position]
        ]

    def lower(self):
        return _sum(self.cheap + [_when(in_title, points) for in_title, _in_text, points in self.text])

    def slack(self):
        return _sum(
            [Case(When(in_title, then=Value(0)), default=Value(points)) for in_title, _in_text, points in self.text]
        )

    def full(self):
        return _sum(
            self.cheap
            + [
                Case(
                    When(in_title, then=Value(points)),
                    When(in_text, then=Value(points)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for in_title, in_text, points in self.text
            ]
        )


ROWS = [
    ("Chuyển đổi số", "", []),
    ("chuyen doi so", "", []),
    ("Kế hoạch chuyển đổi số năm 2025", "về chuyển đổi số", ["593khubnd"]),
    ("Chuyển đổi số liệu", "kinh tế số", []),
    ("Báo cáo số liệu", "về chuyển đổi số trong năm", []),
    ("Đổi mới chuyển giao", "chuyển đổi, số liệu", []),
    ("Dời lịch họp số 5", "chuyen doi so", ["5tb"]),
    ("Số số hóa", "số số chuyển đổi số số", []),
    ("Quyết định 593/KH-UBND", "chuyển đổi số", ["593khubnd", "593"]),
    ("Thông báo 59", "kho dữ liệu dùng chung", ["59tb"]),
    ("Kho dữ liệu dùng chung", "đồng tháp chuyển đổi số", []),
    ("Đồng Tháp: chuyển đổi số, kho dữ liệu", "", []),
    ("Doi so chuyen", "chuyen doi so chuyen doi", []),
]
QUERIES = [
    "chuyen doi so",
    "Chuyển đổi số",
    "chuyển đổi sổ",
    "so",
    "số",
    "so so",
    "doi so",
    "593 kh ubnd",
    "593",
    "5",
    "dong thap chuyen doi so",
    "kho du lieu",
    "chuyen doi chuyen doi",
]


def test_the_score_and_its_bounds_are_those_of_every_term_row_by_row():
    for title, body, keys in ROWS:
        SearchEntryFactory.indexed(title, body, keys, source="test-terms")
    checked = 0
    for text in QUERIES:
        for prefix in (False, True):
            query = SearchQuery(text)
            new, plain = Score(query, prefix), PlainScore(query, prefix)
            rows = matching(query, sources=["test-terms"], prefix=prefix).annotate(
                full=new.full(),
                lower=new.lower(),
                bound=new.bound(),
                ceiling=new.ceiling(),
                plain_full=plain.full(),
                plain_lower=plain.lower(),
                plain_upper=plain.lower() + plain.slack(),
            )
            for row in rows:
                assert (row.full, row.lower) == (row.plain_full, row.plain_lower), (text, prefix, row.title)
                assert row.bound <= row.lower <= row.full <= row.plain_upper <= row.ceiling, (text, prefix, row.title)
                checked += 1
    assert checked > 60


def test_facet_values_with_equal_counts_come_in_the_order_of_their_values(settings):
    """The grouped query's rows come in no defined order (grouping by another bound changed it):
    equal counts are ordered by value, so the facets are the same whatever the plan."""
    from portal.search.database import DatabaseEngine

    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": 0}
    for issuer in ["so-c", "so-a", "so-b", "so-a"]:
        SearchEntryFactory.indexed("Măng cụt Lái Thiêu", source="test-terms", issuer=issuer, issuer_label=issuer)
    results = DatabaseEngine().search(SearchQuery("mang cut lai thieu"))
    issuers = next(facet for facet in results.facets if facet.name == "issuer")
    assert [(value.value, value.count) for value in issuers.values] == [("so-a", 2), ("so-b", 1), ("so-c", 1)]
