"""The forum listing's body is kept under the "forum" generation (forum.views.listing): the same
bytes as rendering it afresh, whatever the filters, order and page; any write to what it shows,
even one that sends no signal, is on the next request; a bounded number of queries whether a page
holds 3 or 30 proposals; and nothing of one reader reaches another."""

import datetime

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Proposal, ProposalCategory, ProposalKind
from portal.models import Organisation
from tests.factories import public_proposal, verified_citizen

pytestmark = pytest.mark.django_db

# What the listing may run when it renders (a miss): the generations, the filters' two lookups,
# the totals' aggregate, the answered durations, a filtered count, the two select boxes' choices
# and the page's rows.
BUDGET = 9


@pytest.fixture(autouse=True)
def listing_cache(settings):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": 600}
    django_cache.clear()
    yield
    django_cache.clear()


def uncached(settings):
    """Render every time (the path before the cache), for one block."""

    class Off:
        def __enter__(self):
            self.saved = settings.PORTAL_SEARCH
            settings.PORTAL_SEARCH = {**self.saved, "CACHE_TIMEOUT": 0}

        def __exit__(self, *exc):
            settings.PORTAL_SEARCH = self.saved

    return Off()


def proposal_queries(captured):
    return [query["sql"] for query in captured.captured_queries if "forum_proposal" in query["sql"]]


@pytest.fixture
def proposals(db):
    """Eleven public proposals across categories, kinds, statuses, counters and dates (some
    answered, one with a unit), and one pending."""
    now = timezone.now()
    categories = list(ProposalCategory.objects.order_by("sort_order"))
    kinds = list(ProposalKind.objects.order_by("sort_order"))
    unit = Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")
    author = verified_citizen(username="writer")
    made = []
    for i in range(11):
        answered = i % 3 == 0
        made.append(
            public_proposal(
                title=f"Thanh toán trực tuyến ở phường số {i}" if i % 2 else f"Số hoá hồ sơ đất đai lần {i}",
                category=categories[i % len(categories)],
                kind=kinds[i % len(kinds)],
                author=author,
                status="answered" if answered else ("assigned" if i % 4 == 1 else "approved"),
                unit=unit if i % 4 == 1 or answered else None,
                support_count=(i * 7) % 5,
                comment_count=(i * 5) % 4,
                published_at=now - datetime.timedelta(days=20 - i),
                answered_at=now - datetime.timedelta(days=10 - i) if answered else None,
            )
        )
    public_proposal(status="pending", published_at=None, author=author, title="Chưa duyệt thì không hiện")
    return made


COMBINATIONS = [
    {},
    {"sap_xep": "ung-ho"},
    {"sap_xep": "thao-luan", "trang": "2"},
    {"sap_xep": "tra-loi"},
    {"sap_xep": "moi-nhat", "trang": "3"},
    {"trang": "99"},
    {"chuyen_muc": "kinh-te-so"},
    {"loai": "cau-hoi", "sap_xep": "ung-ho"},
    {"trang_thai": "da_tra_loi"},
    {"q": "thanh toan"},
    {"q": "so hoa", "sap_xep": "ung-ho", "trang": "2"},
    {"q": "   "},
    {"sap_xep": "lien-quan"},
    {"chuyen_muc": "khong-ton-tai", "sap_xep": "'; drop"},
    {"utm_source": "zalo", "trang": "2"},
]


@pytest.mark.parametrize("params", COMBINATIONS)
def test_the_kept_listing_is_the_rendered_one(client, forum_page, proposals, settings, params):
    settings.PORTAL_PAGE_SIZE = 4
    with uncached(settings):
        fresh = client.get(forum_page.url, params)
    first = client.get(forum_page.url, params)  # rendered and kept
    with CaptureQueriesContext(connection) as captured:
        kept = client.get(forum_page.url, params)  # read back
    assert fresh.status_code == first.status_code == kept.status_code == 200
    assert fresh.content.decode() == first.content.decode() == kept.content.decode()
    assert proposal_queries(captured) == []


def test_languages_are_kept_apart(client, forum_page, proposals, settings):
    vietnamese = client.get(forum_page.url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with uncached(settings):
        fresh = client.get(forum_page.url).content.decode()
    english = client.get(forum_page.url).content.decode()
    assert english == fresh != vietnamese
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert client.get(forum_page.url).content.decode() == vietnamese


def test_a_write_without_signals_shows_on_the_next_request(client, forum_page, proposals):
    quiet = proposals[2]
    assert quiet.title in client.get(forum_page.url).content.decode()
    client.get(forum_page.url, {"sap_xep": "ung-ho"})
    # A queryset update and a raw statement: no save signal, no purge.
    Proposal.objects.filter(pk=quiet.pk).update(title="Tiêu đề đổi bằng một lệnh cập nhật", support_count=900)
    html = client.get(forum_page.url).content.decode()
    assert "Tiêu đề đổi bằng một lệnh cập nhật" in html and quiet.title not in html
    by_support = client.get(forum_page.url, {"sap_xep": "ung-ho"}).content.decode()
    assert by_support.index("Tiêu đề đổi bằng một lệnh cập nhật") < by_support.index(proposals[1].title)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE forum_proposal SET hidden = %s WHERE id = %s", [True, quiet.pk])
    assert "Tiêu đề đổi bằng một lệnh cập nhật" not in client.get(forum_page.url).content.decode()
    # A category renamed by an update: the filter's choices and each row's label.
    category = quiet.category
    ProposalCategory.objects.filter(pk=category.pk).update(name="Chuyên mục đổi tên")
    assert "Chuyên mục đổi tên" in client.get(forum_page.url).content.decode()
    # The totals: a proposal answered behind the views' back.
    stats = client.get(forum_page.url).content.decode()
    Proposal.objects.public().exclude(status="answered").update(status="answered", answered_at=timezone.now())
    assert client.get(forum_page.url).content.decode() != stats
    assert ">100%<" in client.get(forum_page.url).content.decode()


def test_a_new_day_counts_the_month_again(client, forum_page, proposals, monkeypatch):
    from forum import views

    client.get(forum_page.url)
    first_of_next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    monkeypatch.setattr(views.timezone, "localdate", lambda *args: first_of_next_month)
    with CaptureQueriesContext(connection) as captured:
        client.get(forum_page.url)
    assert proposal_queries(captured)  # another day's key: counted again


def many(count):
    """`count` public proposals in one statement (no signals: the generation's triggers see it)."""
    kind, category = ProposalKind.objects.first(), ProposalCategory.objects.first()
    unit = Organisation.objects.get(name="Sở Khoa học và Công nghệ TP. Hồ Chí Minh")
    now = timezone.now()
    start = Proposal.objects.count()
    Proposal.objects.bulk_create(
        Proposal(
            reference=f"GY-{now.year}-{start + i:06d}",
            kind=kind,
            category=category,
            title=f"Ý kiến số {start + i}",
            body="<p>Nội dung.</p>",
            status="answered" if i % 2 else "approved",
            unit=unit if i % 2 else None,
            published_at=now - datetime.timedelta(days=3),
            answered_at=now if i % 2 else None,
            support_count=i,
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    "params",
    [{}, {"sap_xep": "tra-loi"}, {"chuyen_muc": "chinh-quyen-so", "loai": "gop-y", "trang_thai": "da_tra_loi"}],
)
def test_the_query_budget_holds_whatever_a_page_holds(
    client, forum_page, settings, django_assert_max_num_queries, count, params
):
    settings.PORTAL_PAGE_SIZE = 30
    many(count)
    client.get(forum_page.url, {"trang": "1"})  # the chrome, under another address
    with django_assert_max_num_queries(BUDGET):
        rendered = client.get(forum_page.url, params)
    with django_assert_max_num_queries(1):  # the generations
        kept = client.get(forum_page.url, params)
    assert rendered.content == kept.content
    if not params:
        assert rendered.content.decode().count('class="proposal-item"') == count


def test_a_search_stays_in_budget(client, forum_page, proposals, django_assert_max_num_queries):
    client.get(forum_page.url, {"trang": "1"})
    with django_assert_max_num_queries(BUDGET):
        client.get(forum_page.url, {"q": "thanh toan", "chuyen_muc": "kinh-te-so", "loai": "cau-hoi"})


def test_a_signed_in_readers_supports_are_theirs(client, forum_page, proposals):
    from django.test import Client

    supporter = verified_citizen(username="supporter")
    other = verified_citizen(username="bystander")
    proposal = proposals[3]
    before = proposal.support_count
    client.force_login(supporter)
    client.get(forum_page.url)  # the supporter fills the cache
    response = client.post(forum_page.url + forum_page.reverse_subpage("act", args=(proposal.pk, "ung-ho")))
    assert response.status_code == 302
    assert "Trang của tôi" in client.get(forum_page.url).content.decode()  # the header: per request
    # The supporter's page says "withdraw"; the other reader's and an anonymous one's say "support".
    detail = proposal.get_absolute_url()
    withdraw = forum_page.url + forum_page.reverse_subpage("act", args=(proposal.pk, "bo-ung-ho"))
    assert withdraw in client.get(detail).content.decode()
    bystander = Client()
    bystander.force_login(other)
    anonymous = Client()
    for reader in (bystander, anonymous):
        page = reader.get(forum_page.url).content.decode()
        assert ("Trang của tôi" in page) is (reader is bystander)
        assert withdraw not in reader.get(detail).content.decode()
    # Everyone's listing counts the support (the counter's update renewed the generation).
    proposal.refresh_from_db()
    assert proposal.support_count == before + 1
    body = anonymous.get(forum_page.url, {"sap_xep": "ung-ho"}).content.decode()
    assert f"{proposal.support_count} ủng hộ" in body
