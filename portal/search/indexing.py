"""Keeping the index current: rows of the database engine (portal.SearchEntry) and, when
Elasticsearch is configured, its documents.

Saving, publishing, unpublishing, moving or deleting an object of a source's model refreshes that
object: its database row is written in the editor's own transaction, inside a savepoint, so a
failure is logged and never reaches the save; the Elasticsearch update (and a retry of a failed
database write) runs as a task of Django's tasks framework after the commit, retried with a delay
where the task backend can defer (django-tasks-db), and never raises into the request.
"""

import logging
from itertools import islice

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from portal.search.sources import get_source, get_sources
from portal.text import compact_key, exact_words, words

logger = logging.getLogger(__name__)


def padded(tokens):
    return f" {' '.join(tokens)} " if tokens else ""


def item_fields(source, item):
    """The database row's fields for a SearchItem: what is shown, and the folded copies matched."""
    keys = [compact_key(key) for key in item.keys if key]
    keys = [key for key in keys if key]
    matched = " ".join(part for part in [item.title, item.body, item.extra, " ".join(item.keys)] if part)
    return {
        "kind": item.type,
        "title": item.title,
        "url": item.url,
        "date": item.date,
        "year": item.date.year if item.date else None,
        "issuer": item.issuer,
        "issuer_label": item.issuer_label,
        "validity": item.validity,
        "body": item.body,
        "title_folded": padded(words(item.title)),
        "title_exact": padded(exact_words(item.title)),
        "text_folded": padded(words(matched)),
        "text_exact": padded(exact_words(matched)),
        "keys": padded(keys),
    }


def items_for(source, objects):
    """(object, item) for each object with a URL: an object nobody can reach is not a hit."""
    for obj in objects:
        try:
            item = source.to_item(obj)
        except Exception:
            logger.exception("search: %s could not describe %r", source.key, obj)
            continue
        if item is not None and item.url:
            yield obj, item


def refresh_database(source, pks, chunk_size=500, progress=None):
    """Write the rows of these objects: public ones are (re)written, the others removed; a chunk
    of objects at a time, in bulk. `progress(done, total)` is called after each chunk."""
    pks = sorted({int(pk) for pk in pks})
    for start in range(0, len(pks), chunk_size):
        _refresh_chunk(source, set(pks[start : start + chunk_size]))
        if progress:
            progress(min(start + chunk_size, len(pks)), len(pks))


def _refresh_chunk(source, pks):
    from portal.models import SearchEntry

    found = _fields(source, source.get_objects(pks))
    SearchEntry.objects.filter(source=source.key, object_id__in=pks - set(found)).delete()
    _write(source, found)


def _fields(source, objects):
    return {obj.pk: item_fields(source, item) for obj, item in items_for(source, objects)}


def _write(source, found):
    """Write the rows of `found` ({object id: fields}) whose fields changed or that are missing."""
    from portal.models import SearchEntry

    existing = {entry.object_id: entry for entry in SearchEntry.objects.filter(source=source.key, object_id__in=found)}
    # A row whose fields are all unchanged is left as it is; a changed one is written again (one
    # DELETE and one bulk INSERT: Django's bulk_update builds a CASE per field and row, which
    # costs seconds per chunk).
    changed = [
        pk
        for pk, fields in found.items()
        if pk not in existing or any(getattr(existing[pk], name) != value for name, value in fields.items())
    ]
    SearchEntry.objects.filter(source=source.key, object_id__in=[pk for pk in changed if pk in existing]).delete()
    SearchEntry.objects.bulk_create([SearchEntry(source=source.key, object_id=pk, **found[pk]) for pk in changed])


def rebuild_database(sources=None, progress=None, batch_size=500):
    """Rebuild every row of these sources without an outage (issue 13, item 4): a chunk of
    `batch_size` objects at a time, each chunk in its own short transaction, never one long one.

    Objects come in ascending id order. A chunk writes the rows of its objects whose fields changed
    (or are missing) and deletes the source's rows in its stretch of ids (after the previous
    chunk's last id, up to its own last; the final chunk has no upper end) that belong to no
    public object any more. So a reader sees each row either old or new, never missing, and a
    writer (on SQLite every write takes the database's one write lock) waits for one chunk at
    most, not for the whole rebuild. `progress(source, done, total)` is called after each chunk,
    outside any transaction."""
    from portal.models import SearchEntry

    counts = {}
    for source in sources or get_sources():
        total, seen, indexed, low = source.count(), 0, 0, None
        objects = source.iter_objects()
        while True:
            batch = list(islice(objects, batch_size))
            last_chunk = len(batch) < batch_size
            high = None if last_chunk else batch[-1].pk
            with transaction.atomic():
                found = _fields(source, batch)
                stretch = SearchEntry.objects.filter(source=source.key)
                if low is not None:
                    stretch = stretch.filter(object_id__gt=low)
                if high is not None:
                    stretch = stretch.filter(object_id__lte=high)
                stretch.exclude(object_id__in=list(found)).delete()
                _write(source, found)
            seen, indexed = seen + len(batch), indexed + len(found)
            if progress:
                progress(source, seen, total)
            if last_chunk:
                break
            low = high
        counts[source.key] = indexed
    return counts


# --- updates on save and delete ---------------------------------------------------------------------


def update(source_key, pks, deleted=False, progress=None):
    """Refresh these objects everywhere they are indexed, without ever raising. `deleted`: they are
    gone, remove their rows without asking the source (a page's tables go one at a time).
    `progress(done, total)`: see refresh_database."""
    from portal.models import SearchEntry

    pks = sorted({int(pk) for pk in pks})
    source = get_source(source_key)
    if not pks or source is None:
        return
    failed = False
    try:
        with transaction.atomic():
            if deleted:
                SearchEntry.objects.filter(source=source_key, object_id__in=pks).delete()
            else:
                refresh_database(source, pks, progress=progress)
    except Exception:
        failed = True
        logger.exception("search: updating the database index of %s %s failed; a task retries it", source_key, pks)
    from portal.search import elastic

    if failed or elastic.configured():
        try:
            transaction.on_commit(lambda: enqueue(source_key, pks))
        except Exception:
            logger.exception("search: could not schedule the index update of %s %s", source_key, pks)


def enqueue(source_key, pks, attempt=1, delay=None):
    from portal.search.tasks import update_search_index

    try:
        task = update_search_index
        if delay is not None:
            from datetime import timedelta

            from django.utils import timezone

            task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
        task.enqueue(source_key, list(pks), attempt)
    except Exception:
        logger.exception("search: could not enqueue the index update of %s %s", source_key, pks)


def _sources_for(instance):
    """(source, pks, is_the_object_itself) for each source this instance concerns."""
    for source in get_sources():
        model = source.model
        if model is not None and isinstance(instance, model):
            yield source, [instance.pk], True
        for watched, related in source.watch.items():
            if isinstance(instance, watched):
                try:
                    yield source, list(related(instance)), False
                except Exception:
                    logger.exception("search: %s could not find what %r affects", source.key, instance)


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for source, pks, _itself in _sources_for(instance):
        update(source.key, pks)


def _deleted(sender, instance, **kwargs):
    for source, pks, itself in _sources_for(instance):
        update(source.key, pks, deleted=itself)


def fill_empty_index(sender=None, using="default", **kwargs):
    """After `migrate`: a site upgraded to the search service has content but no rows yet; fill
    them once (Elasticsearch still needs `rebuild_search_index`). On SQLite, put back the word
    index's triggers if a migration rebuilt the table. Never fails a migration."""
    from django.db import connections

    from portal.models import SearchEntry
    from portal.search import fulltext

    try:
        if fulltext.ensure_sqlite(connections[using]):
            logger.info("search: rebuilt the SQLite word index (%s)", fulltext.FTS_TABLE)
    except Exception:
        logger.exception("search: could not rebuild the SQLite word index; run migrate again")
    try:
        if not SearchEntry.objects.using(using).exists():
            counts = rebuild_database()
            if any(counts.values()):
                logger.info("search: filled the empty database index: %s", counts)
    except Exception:
        logger.exception("search: could not fill the database index; run rebuild_search_index")


def connect_signals():
    from django.apps import apps
    from django.db.models.signals import post_migrate

    post_migrate.connect(fill_empty_index, sender=apps.get_app_config("portal"), dispatch_uid="portal_search_fill")
    post_save.connect(_saved, weak=False, dispatch_uid="portal_search_saved")
    post_delete.connect(_deleted, weak=False, dispatch_uid="portal_search_deleted")
    for source in get_sources():
        source.connect(update)
