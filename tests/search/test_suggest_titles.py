"""Suggestions rank titles by what the title alone answers, the last word as the start of a word:
the texts are never read, so that the cost does not follow the size of the matched documents."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.search import suggest
from tests.factories import SearchEntryFactory

pytestmark = pytest.mark.django_db


def entry(title, body="", day=None):
    return SearchEntryFactory.indexed(title, body, source="test-suggest", date=day)


def test_the_typed_start_of_a_title_ranks_first():
    entry("Quoxx zebrafy toàn thành phố", day=datetime.date(2020, 1, 1))
    entry("Báo cáo quoxx và zebrafy", day=datetime.date(2025, 1, 1))  # newer, the words apart
    titles = [hit.title for hit in suggest("quoxx zeb")]
    assert titles == ["Quoxx zebrafy toàn thành phố", "Báo cáo quoxx và zebrafy"]


def test_suggestions_never_read_the_texts():
    entry("Quoxx zebrafy", body="quoxx zebrafy " * 50)
    with CaptureQueriesContext(connection) as queries:
        assert suggest("quoxx zeb")
    sql = " ".join(query["sql"] for query in queries)
    assert '"text_folded" LIKE' not in sql
    assert '"text_exact" LIKE' not in sql
