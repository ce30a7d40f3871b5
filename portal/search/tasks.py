"""Background index updates (Django's tasks framework: immediate in development and tests, the
database queue of django-tasks-db in production)."""

import logging

from django.db import transaction
from django.tasks import task, task_backends

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def retry_delay(attempt):
    """Seconds before the next attempt: 30 s, 2 min, 8 min, 32 min."""
    return 30 * 4 ** (attempt - 1)


@task
def update_search_index(source_key, pks, attempt=1):
    """Refresh these objects in the database rows and in Elasticsearch. On failure, try again later
    (when the task backend can defer) up to MAX_ATTEMPTS; `rebuild_search_index` repairs the rest."""
    from portal.search import elastic, indexing
    from portal.search.sources import get_source

    source = get_source(source_key)
    if source is None:
        return "unknown source"
    try:
        with transaction.atomic():
            indexing.refresh_database(source, pks)
        if elastic.configured():
            if elastic.is_cooling_down():
                raise RuntimeError("Elasticsearch failed a moment ago")
            try:
                elastic.write(source, pks)
            except Exception as error:
                elastic.mark_down(error)
                raise
    except Exception as error:
        can_defer = task_backends["default"].supports_defer
        if attempt < MAX_ATTEMPTS and can_defer:
            logger.warning("search: index update of %s %s failed (%s); retrying", source_key, pks, error)
            indexing.enqueue(source_key, pks, attempt + 1, delay=retry_delay(attempt))
            return "retrying"
        logger.error(
            "search: index update of %s %s failed for good (%s); run rebuild_search_index", source_key, pks, error
        )
        return "failed"
    return "ok"
