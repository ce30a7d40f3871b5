"""Issue 13, item 4: rebuilding the search index causes no outage. The rebuild works in short
transactions of one chunk each; between two chunks another connection reads complete results
and writes without waiting (on SQLite a write needs the database's only write lock, which a
rebuild in one transaction held for its whole length: every request failed with "database is
locked"). Stale rows are swept in each chunk's stretch of ids."""

import threading

import pytest
from django.db import connection, connections, transaction

from documents.models import LegalDocument
from portal.models import SearchEntry
from portal.search import indexing, search
from portal.search.sources import get_source

pytestmark = pytest.mark.django_db(transaction=True)


def test_readers_and_writers_keep_answering_between_the_chunks_of_a_rebuild():
    source = get_source("documents")
    public = source.count()
    assert public > 6
    before = search("kế hoạch").total
    paused, resume, seen = threading.Event(), threading.Event(), {}

    def progress(source, done, total):
        if "first" not in seen:
            seen["first"] = (done, total, connection.in_atomic_block)
            paused.set()
            assert resume.wait(60)

    def rebuild():
        try:
            seen["counts"] = indexing.rebuild_database([source], progress=progress, batch_size=3)
        except Exception as error:  # the main thread reports it
            seen["error"] = error
            paused.set()
        finally:
            connections.close_all()

    worker = threading.Thread(target=rebuild)
    worker.start()
    try:
        assert paused.wait(60)
        assert "error" not in seen, seen.get("error")
        done, total, in_transaction = seen["first"]
        assert (done, total, in_transaction) == (3, public, False)
        # Another connection reads every row and the same results as before the rebuild.
        assert SearchEntry.objects.filter(source="documents").count() == public
        assert search("kế hoạch").total == before
        # ...and writes at once, in a transaction of its own.
        with transaction.atomic():
            SearchEntry.objects.create(
                source="documents", kind="van-ban", object_id=10**9, title="Hàng cũ", url="/van-ban/da-xoa/"
            )
    finally:
        resume.set()
        worker.join(120)
    assert "error" not in seen, seen.get("error")
    assert seen["counts"] == {"documents": public}
    # The row of an object that is no longer public (here: never existed) is swept by the last chunk.
    assert not SearchEntry.objects.filter(source="documents", object_id=10**9).exists()
    assert SearchEntry.objects.filter(source="documents").count() == public


def test_a_rebuild_sweeps_rows_between_and_around_the_chunks_and_rewrites_changed_ones():
    source = get_source("documents")
    ids = sorted(LegalDocument.objects.live().values_list("pk", flat=True))
    hidden = LegalDocument.objects.get(pk=ids[4])
    LegalDocument.objects.filter(pk=hidden.pk).update(live=False)  # no signal: its row stays stale
    stale = [0, ids[4], ids[-1] + 10]  # before the first chunk, inside one, after the last
    for object_id in stale[::2]:
        SearchEntry.objects.create(source="documents", kind="van-ban", object_id=object_id, title="x", url="/x/")
    SearchEntry.objects.filter(source="documents", object_id=ids[0]).update(title="Tiêu đề cũ")
    counts = indexing.rebuild_database([source], batch_size=2)
    rows = set(SearchEntry.objects.filter(source="documents").values_list("object_id", flat=True))
    assert rows == set(ids) - {hidden.pk} and counts == {"documents": len(ids) - 1}
    assert SearchEntry.objects.get(source="documents", object_id=ids[0]).title != "Tiêu đề cũ"
