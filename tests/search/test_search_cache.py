"""The database engine's answers are cached under the index's generation (portal/search/cache.py,
portal/generations.py): every statement that writes the index renews it (database triggers), so a
cached answer is never read after a change, whoever made it; nothing translated or about the
reader is cached."""

import pytest
from django.db import connection
from django.utils import translation

from portal import generations
from portal.models import Generation, SearchEntry
from portal.search import search, suggest
from portal.search.database import DatabaseEngine
from portal.search.results import SearchQuery
from tests.factories import SearchEntryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_cache")]


def entry(title, body="", **kwargs):
    kwargs.setdefault("kind", "van-ban")
    return SearchEntryFactory.indexed(title, body, source="test-cache", **kwargs)


def titles(text, **kwargs):
    """The titles of this test's rows among the hits (the seed's rows may match too)."""
    return [hit.title for hit in search(text, **kwargs).page if hit.source == "test-cache"]


def test_every_kind_of_write_renews_the_generation():
    seen = [generations.current("search")]
    assert seen[0] is not None
    row = entry("Kho dữ liệu dùng chung thành phố")
    seen.append(generations.current("search"))
    SearchEntry.objects.filter(pk=row.pk).update(title="Kho dữ liệu mở")
    seen.append(generations.current("search"))
    SearchEntry.objects.filter(pk=row.pk).delete()
    seen.append(generations.current("search"))
    SearchEntry.objects.bulk_create([SearchEntry(source="test-cache", object_id=n, title=f"t{n}") for n in range(3)])
    seen.append(generations.current("search"))
    assert len(set(seen)) == len(seen)


def test_a_rolled_back_change_never_hands_its_generation_on():
    """A transaction that searched its own uncommitted rows cached answers under its generation:
    after it rolls back, the next change must not come back to that number."""
    from django.db import transaction

    before = generations.current("search")
    with pytest.raises(RuntimeError), transaction.atomic():
        entry("Kế hoạch măng cụt Lái Thiêu bị hủy")
        rolled_back = generations.current("search")
        assert titles("mang cut lai thieu") == ["Kế hoạch măng cụt Lái Thiêu bị hủy"]
        raise RuntimeError
    assert generations.current("search") == before
    entry("Kế hoạch sầu riêng Lái Thiêu")
    assert generations.current("search") not in (before, rolled_back)
    assert titles("mang cut lai thieu") == []


def test_a_repeated_search_reads_only_the_generation(django_assert_num_queries):
    entry("Kế hoạch số hóa vườn măng cụt Lái Thiêu năm 2026")
    first = titles("măng cụt lái thiêu kế hoạch")
    assert first == ["Kế hoạch số hóa vườn măng cụt Lái Thiêu năm 2026"]
    with django_assert_num_queries(1):  # the generation; groups and page from the cache
        assert titles("măng cụt lái thiêu kế hoạch") == first


def test_a_change_to_the_index_is_seen_at_once_whatever_wrote_it():
    kept = entry("Kế hoạch số hóa vườn măng cụt Lái Thiêu năm 2026")
    assert titles("ke hoach mang cut lai thieu") == [kept.title]
    assert [hit.title for hit in suggest("ke hoach so hoa vuon mang cut lai t")] == [kept.title]
    # A row added behind the indexing code's back (a bulk insert, a factory) is found at once.
    added = entry("Kế hoạch số hóa vườn măng cụt Lái Thiêu quý IV", date=None)
    assert set(titles("ke hoach mang cut lai thieu")) == {kept.title, added.title}
    assert {hit.title for hit in suggest("ke hoach so hoa vuon mang cut lai t")} == {kept.title, added.title}
    # A row removed (a document unpublished or made private) is gone at once.
    SearchEntry.objects.filter(pk=kept.pk).delete()
    assert titles("ke hoach mang cut lai thieu") == [added.title]
    assert [hit.title for hit in suggest("ke hoach so hoa vuon mang cut lai t")] == [added.title]


def test_filters_and_pages_have_their_own_answers():
    for n in range(5):
        entry(f"Báo cáo sầu riêng Lái Thiêu {n}", kind="van-ban" if n % 2 else "tin-tuc")
    every = titles("bao cao sau rieng lai thieu")
    assert len(every) == 5
    only_news = search("bao cao sau rieng lai thieu", filters={"type": ["tin-tuc"]}).page
    assert {hit.type for hit in only_news} == {"tin-tuc"}
    assert len([hit for hit in only_news if hit.source == "test-cache"]) == 3
    whole = [
        hit.title for hit in DatabaseEngine().search(SearchQuery("bao cao sau rieng lai thieu"), page_size=50).page
    ]
    second = DatabaseEngine().search(SearchQuery("bao cao sau rieng lai thieu"), page=2, page_size=2)
    first = DatabaseEngine().search(SearchQuery("bao cao sau rieng lai thieu"), page=1, page_size=2)
    assert [hit.title for hit in first.page] + [hit.title for hit in second.page] == whole[:4]


def test_labels_are_made_per_request_in_the_readers_language():
    entry("Quyết định về chôm chôm Lái Thiêu")
    labels = {}
    for language in ("vi", "en"):
        with translation.override(language):
            page = search("chom chom lai thieu").page
            labels[language] = [str(hit.type_label) for hit in page if hit.source == "test-cache"]
    vi_labels, en_labels = labels["vi"], labels["en"]
    assert vi_labels == ["Văn bản"]
    assert en_labels == ["Documents"]


def test_without_a_generation_nothing_is_cached(django_assert_num_queries):
    entry("Kế hoạch số hóa vườn măng cụt Lái Thiêu năm 2026")
    Generation.objects.all().delete()  # as a flush leaves it, until post_migrate
    assert generations.current("search") is None
    titles("mang cut lai thieu")
    with django_assert_num_queries(3):  # the generation, then groups and page again
        titles("mang cut lai thieu")
    generations.ensure(connection)
    assert generations.current("search") is not None


def test_the_cache_can_be_turned_off(settings, django_assert_num_queries):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "CACHE_TIMEOUT": 0}
    entry("Kế hoạch số hóa vườn măng cụt Lái Thiêu năm 2026")
    titles("mang cut lai thieu")
    with django_assert_num_queries(2):
        titles("mang cut lai thieu")
