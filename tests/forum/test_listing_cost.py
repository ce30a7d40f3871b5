"""The listing's cost per request (issue 13, goal 0): the same number of queries whatever the number
of proposals, the totals in one aggregate, and no separate COUNT of an unfiltered listing (the
totals have counted the public proposals already)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import Proposal
from tests.factories import ProposalFactory, public_proposal

pytestmark = pytest.mark.django_db


def proposal_queries(queries):
    return [q["sql"] for q in queries.captured_queries if 'FROM "forum_proposal"' in q["sql"]]


def test_the_unfiltered_listing_counts_its_proposals_once(client, forum_page):
    public_proposal()
    client.get(forum_page.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(forum_page.url)
    sql = proposal_queries(queries)
    # The totals' aggregate, the answered proposals' durations, the page of proposals: no COUNT(*).
    assert len(sql) == 3, sql
    assert not [s for s in sql if "COUNT(*)" in s]
    assert response.context["results"].paginator.count == 1


def test_a_filtered_listing_counts_what_it_shows(client, forum_page):
    shown = public_proposal(title="Ví điện tử cho người cao tuổi")
    public_proposal(title="Thanh toán số ở chợ Bình Tây")
    response = client.get(forum_page.url, {"chuyen_muc": shown.category.slug, "loai": shown.kind.slug})
    expected = Proposal.objects.public().filter(category=shown.category, kind=shown.kind).count()
    assert response.context["results"].paginator.count == expected
    assert re.search(rf">{expected} ý kiến<", response.content.decode())


def test_the_query_count_stays_the_same_as_proposals_grow(client, forum_page, django_assert_max_num_queries):
    public_proposal()
    client.get(forum_page.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(forum_page.url)
    count = len(queries)
    for _n in range(30):
        public_proposal()
    ProposalFactory()  # not public: neither listed nor counted
    client.get(forum_page.url)
    with django_assert_max_num_queries(count):
        response = client.get(forum_page.url)
    assert response.context["results"].paginator.count == 31
    assert response.context["stats"]["public_total"] == 31
    assert response.context["stats"]["received_this_month"] == 32
