"""The service's parts: the query, snippets, the registry of sources, the rebuild command."""

import io

import pytest
from django.core.management import call_command

from portal.models import SearchEntry
from portal.search import SearchItem, SearchSource, get_sources, register
from portal.search.results import SearchQuery, highlight
from portal.search.sources import reset
from portal.text import compact_key, fold


def test_the_query_folds_once_for_every_engine():
    query = SearchQuery("  Chuyển ĐỔI   số, 593/KH-UBND! ")
    assert query.tokens == ["chuyen", "doi", "so", "593", "kh", "ubnd"]
    assert query.exact_tokens == ["chuyển", "đổi", "số"]
    assert query.key == "chuyendoiso593khubnd"
    assert SearchQuery("GY-2026-000123").key == compact_key("gy 2026 000123") == "gy2026000123"
    assert not SearchQuery("  !!! ")
    assert len(SearchQuery("a" * 500).text) == 200


def test_fold_is_the_one_folding_function():
    assert fold("Đổi") == fold("dổi") == fold("đổi") == fold("DOI".lower()) == "doi"


def test_highlight_marks_words_with_or_without_diacritics_and_escapes():
    html = highlight("Thúc đẩy <chuyển đổi số> tại Thành phố", ["chuyen", "doi"], whole=True)
    assert html == "Thúc đẩy &lt;<mark>chuyển</mark> <mark>đổi</mark> số&gt; tại Thành phố"
    assert highlight("dời lịch", ["doi"]) == "<mark>dời</mark> lịch"
    # Whole words only: "so" never marks the start of "song".
    assert "<mark>" not in highlight("song song", ["so"])


def test_a_long_text_is_cut_around_the_first_match():
    text = "mở đầu " * 100 + "kho dữ liệu dùng chung" + " kết thúc" * 100
    snippet = highlight(text, ["kho"])
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>kho</mark>" in snippet
    assert len(snippet) < 300


def test_sources_come_from_every_app_through_the_hook():
    keys = [source.key for source in get_sources()]
    assert keys[:1] == ["pages"]
    assert {"pages", "documents", "indicators"} <= set(keys)
    assert len(keys) == len(set(keys))


@pytest.mark.django_db
def test_an_app_registers_a_source_explicitly(database_engine):
    """What the forum will do: a source with a reference code as its best bet."""
    from kpi.models import Indicator

    class ProposalLike(SearchSource):
        key = "test-proposals"
        types = {"gop-y": "Góp ý"}
        model = Indicator

        def get_queryset(self):
            # Like a proposal's status: only this one is public.
            return Indicator.objects.filter(slug="kinh-te-so-grdp")

        def to_item(self, indicator):
            return SearchItem(type="gop-y", title=indicator.name, url="/dien-dan/1/", keys=["GY-2026-000123"])

    from portal.search import indexing, search

    source = register(ProposalLike())
    try:
        indexing.rebuild_database([source])
        results = search("gy 2026 000123")
        assert results.best_bet.url == "/dien-dan/1/"
        assert str(results.best_bet.type_label) == "Góp ý"
        assert search("GY-2026-000123", {"type": ["gop-y"]}).total == 1
        # Saving one that is not public (pending, rejected) indexes nothing.
        hidden = Indicator.objects.exclude(slug="kinh-te-so-grdp").first()
        hidden.save()
        assert search("gy 2026 000123", {"type": ["gop-y"]}).total == 1
        assert not SearchEntry.objects.filter(source="test-proposals", object_id=hidden.pk).exists()
    finally:
        from portal.search import sources

        sources._registered.remove(source)
        reset()


@pytest.mark.django_db
def test_rebuild_search_index_command():
    before = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert SearchEntry.objects.count() == before
    text = out.getvalue()
    assert "documents: 30" in text
    assert "Search index rebuilt." in text


@pytest.mark.django_db
def test_migrate_fills_an_empty_index_once():
    from portal.search.indexing import fill_empty_index

    before = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    fill_empty_index()
    assert SearchEntry.objects.count() == before
    SearchEntry.objects.filter(source="documents").delete()
    fill_empty_index()  # not empty: left alone (a rebuild is the command's job)
    assert not SearchEntry.objects.filter(source="documents").exists()


@pytest.mark.django_db
def test_rank_queryset_narrows_and_ranks_a_listing_through_the_service():
    from documents.models import LegalDocument
    from documents.search import LegalDocumentSource
    from portal.search import rank_queryset

    documents = LegalDocument.objects.live()
    ranked = list(rank_queryset(documents, "593 kh ubnd", LegalDocumentSource.key).order_by("-relevance", "pk"))
    assert ranked and ranked[0].number == "593/KH-UBND" and ranked[0].relevance >= 1000
    # A source object does as well as its key; words without diacritics match.
    matched = rank_queryset(documents, "chuyen doi so", LegalDocumentSource())
    assert 0 < matched.count() < documents.count()
    assert all(document.relevance > 0 for document in matched)
    # No words: the listing whole, every score 0.
    whole = rank_queryset(documents, " / ", LegalDocumentSource.key)
    assert whole.count() == documents.count() and {d.relevance for d in whole} == {0}


def test_apps_use_only_the_public_api_of_the_search_service():
    """Apps never import the engines' modules (portal.search.database, .elastic). The forum's
    files are another helper's until merged."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    engine_import = re.compile(r"portal\.search\.(database|elastic)\b|from portal\.search import (database|elastic)")
    offenders = [
        path.relative_to(root).as_posix()
        for app in ("documents", "news", "kpi", "home", "forum")
        for path in (root / app).rglob("*.py")
        if engine_import.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
