"""A proposal with thousands of comments: its comments paginate in either order, and a comment's
permanent address lands on the page that holds it (issue 13, item 5)."""

import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import Comment, ForumIndexPage
from portal.navigation import singleton_route_url
from tests.factories import CommentFactory, ProposalFactory, comment_threads, public_proposal

pytestmark = pytest.mark.django_db

PAGE = 10


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.FORUM_COMMENTS_PAGE_SIZE = PAGE


@pytest.fixture
def proposal():
    return public_proposal(title="Số hoá hồ sơ đất đai")


def shown(html):
    """The bodies of the top-level comments on the page, in order."""
    return re.findall(
        r'<li id="binh-luan-\d+" class="comment">.*?<div class="rich-text">(?:<p>)?(Bình luận số \d+)', html, re.DOTALL
    )


def numbers(html):
    return [int(text.rsplit(" ", 1)[1]) for text in shown(html)]


def get(client, proposal, **params):
    response = client.get(proposal.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def test_oldest_first_by_default_fifty_a_page(client, proposal):
    comment_threads(proposal, 25)
    html = get(client, proposal)
    assert numbers(html) == list(range(1, 11))
    assert numbers(get(client, proposal, trang=3)) == list(range(21, 26))
    assert "25 bình luận" in html


def test_newest_first_on_request(client, proposal):
    comment_threads(proposal, 25)
    assert numbers(get(client, proposal, thu_tu="moi-nhat")) == list(range(25, 15, -1))
    html = get(client, proposal, thu_tu="moi-nhat", trang=3)
    assert numbers(html) == [5, 4, 3, 2, 1]
    # The pages' links keep the order.
    assert 'href="?thu_tu=moi-nhat&amp;trang=2#binh-luan"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"trang": "99"}, list(range(21, 26))),
        ({"trang": "0"}, list(range(1, 11))),
        ({"trang": "abc"}, list(range(1, 11))),
        ({"trang": "1e3"}, list(range(1, 11))),
        ({"thu_tu": "ngau-nhien"}, list(range(1, 11))),
    ],
)
def test_bad_or_out_of_range_parameters_show_a_page_not_an_error(client, proposal, params, expected):
    comment_threads(proposal, 25)
    assert numbers(get(client, proposal, **params)) == expected


def test_navigation_is_accessible_and_works_without_javascript(client, proposal):
    comment_threads(proposal, 25)
    html = get(client, proposal, trang=2)
    assert '<nav class="pagination pagination--comments" aria-label="Các trang bình luận">' in html
    assert html.count('aria-current="page" href="?trang=2#binh-luan"') == 2  # above and below the comments
    assert '<a rel="prev" href="?trang=1#binh-luan">Trang trước</a>' in html
    assert '<a rel="next" href="?trang=3#binh-luan">Trang sau</a>' in html
    assert '<nav class="comment-order" aria-label="Thứ tự bình luận">' in html
    assert '<a aria-current="true" href="?thu_tu=cu-nhat#binh-luan">Cũ nhất</a>' in html
    assert '<a href="?thu_tu=moi-nhat#binh-luan">Mới nhất</a>' in html  # the order starts again at page 1
    # Every comment keeps its anchor and links its permanent address.
    first = Comment.objects.filter(proposal=proposal).order_by("created_at")[PAGE]
    assert f'<li id="binh-luan-{first.pk}" class="comment">' in html
    assert f'href="/dien-dan/{proposal.pk}/binh-luan/{first.pk}/"' in html


def test_a_few_comments_need_no_navigation(client, proposal):
    comment_threads(proposal, 1)
    html = get(client, proposal)
    assert "Các trang bình luận" not in html and "Thứ tự bình luận" not in html


def test_canonical_address_of_a_page_of_comments(client, proposal):
    comment_threads(proposal, 25)
    base = f"http://testserver{proposal.get_absolute_url()}"
    assert f'<link rel="canonical" href="{base}">' in get(client, proposal)
    assert f'<link rel="canonical" href="{base}?trang=2">' in get(client, proposal, trang=2)
    assert f'<link rel="canonical" href="{base}">' in get(client, proposal, thu_tu="moi-nhat", trang=2)


def test_what_is_above_the_comments_shows_on_every_page(client, proposal):
    comment_threads(proposal, 25)
    html = get(client, proposal, trang=3)
    assert "Số hoá hồ sơ đất đai" in html and "Nội dung thử nghiệm" in html and "Quá trình xử lý" in html


def permalink(proposal, comment):
    return singleton_route_url(ForumIndexPage, "comment", pk=proposal.pk, comment_pk=comment.pk)


def test_a_permalink_redirects_to_the_page_holding_the_comment(client, proposal):
    comments = comment_threads(proposal, 25)
    target = comments[22]  # the 23rd: page 3 oldest first, page 1 newest first
    assert target.get_absolute_url() == f"/dien-dan/{proposal.pk}/binh-luan/{target.pk}/"
    response = client.get(permalink(proposal, target))
    assert response.status_code == 302
    assert response["Location"] == f"{proposal.get_absolute_url()}?trang=3#binh-luan-{target.pk}"
    assert f'id="binh-luan-{target.pk}"' in get(client, proposal, trang=3)
    response = client.get(permalink(proposal, target), {"thu_tu": "moi-nhat"})
    assert response["Location"] == f"{proposal.get_absolute_url()}?thu_tu=moi-nhat#binh-luan-{target.pk}"
    response = client.get(permalink(proposal, comments[4]), {"thu_tu": "moi-nhat"})
    assert response["Location"] == f"{proposal.get_absolute_url()}?thu_tu=moi-nhat&trang=3#binh-luan-{comments[4].pk}"
    response = client.get(permalink(proposal, comments[0]))
    assert response["Location"] == f"{proposal.get_absolute_url()}#binh-luan-{comments[0].pk}"


def test_a_reply_lands_on_its_thread_page(client, proposal):
    comments = comment_threads(proposal, 25)
    reply = CommentFactory(proposal=proposal, parent=comments[22], body="Trả lời bình luận 23")
    response = client.get(permalink(proposal, reply))
    assert response["Location"] == f"{proposal.get_absolute_url()}?trang=3#binh-luan-{reply.pk}"
    html = get(client, proposal, trang=3)
    assert f'<li id="binh-luan-{reply.pk}" class="comment">' in html and "Trả lời bình luận 23" in html


def test_hidden_comments_count_for_no_position_and_do_not_leak(client, proposal, forum_moderator):
    comments = comment_threads(proposal, 25)
    Comment.objects.filter(pk=comments[0].pk).update(hidden=True)
    # The 21st comment is now the 20th visible: page 2.
    response = client.get(permalink(proposal, comments[20]))
    assert response["Location"] == f"{proposal.get_absolute_url()}?trang=2#binh-luan-{comments[20].pk}"
    assert client.get(permalink(proposal, comments[0])).status_code == 404
    reply_to_hidden = CommentFactory(proposal=proposal, parent=comments[0])
    hidden_reply = CommentFactory(proposal=proposal, parent=comments[5], hidden=True, body="Lời lẽ xúc phạm")
    assert client.get(permalink(proposal, reply_to_hidden)).status_code == 404
    assert client.get(permalink(proposal, hidden_reply)).status_code == 404
    assert "Lời lẽ xúc phạm" not in get(client, proposal)
    # A moderator (second factor passed) sees hidden top-level comments, marked, and reaches them.
    plain = Client()  # a password alone, without the second factor, shows staff nothing more
    plain.force_login(forum_moderator)
    assert plain.get(permalink(proposal, comments[0])).status_code == 404
    client.force_login(forum_moderator)  # the suite's client passes the second factor
    response = client.get(permalink(proposal, comments[0]))
    assert response["Location"] == f"{proposal.get_absolute_url()}#binh-luan-{comments[0].pk}"
    assert "Bình luận số 1" in get(client, proposal)
    assert client.get(permalink(proposal, hidden_reply)).status_code == 404  # hidden replies show to no one


def test_a_comment_elsewhere_or_on_a_proposal_not_public_is_not_found(client, proposal):
    other = public_proposal()
    comment = comment_threads(other, 1)[0]
    assert client.get(permalink(proposal, comment)).status_code == 404
    assert client.get(f"/dien-dan/{proposal.pk}/binh-luan/999999/").status_code == 404
    pending = ProposalFactory()
    on_pending = CommentFactory(proposal=pending)
    assert client.get(permalink(pending, on_pending)).status_code == 404
    client.force_login(pending.author)  # the author sees the pending proposal, which shows no comments
    assert client.get(permalink(pending, on_pending)).status_code == 404


def test_posting_a_comment_lands_on_the_page_that_shows_it(client, proposal, citizen):
    comment_threads(proposal, 25)
    client.force_login(citizen)
    url = singleton_route_url(ForumIndexPage, "act", pk=proposal.pk, action="binh-luan")
    response = client.post(url, {"body": "Bình luận mới nhất", "submission_key": str(uuid.uuid4())})
    assert response.status_code == 302, response.content.decode()[-3000:]
    posted = Comment.objects.get(body__contains="Bình luận mới nhất")
    assert response["Location"] == f"{proposal.get_absolute_url()}?trang=3#binh-luan-{posted.pk}"


def test_query_count_and_size_do_not_grow_with_the_comments(client, settings):
    settings.FORUM_COMMENTS_PAGE_SIZE = 50
    counts, sizes = [], []
    for count in (5, 300):
        proposal = public_proposal()
        comments = comment_threads(proposal, count)
        for parent in comments[:3] + comments[-3:]:
            CommentFactory(proposal=proposal, parent=parent)
        client.get(proposal.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            html = get(client, proposal, thu_tu="moi-nhat")
        counts.append(len(queries))
        sizes.append(len(html))
        assert len(shown(html)) == min(count, 50)
    assert counts[0] == counts[1] <= 20
    assert sizes[1] < sizes[0] + 50 * 1500  # one page of 50, not 300 comments
