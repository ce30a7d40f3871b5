"""What /healthz says about the background task queue.

In production, background work (cache purges, search indexing, emails) waits in the database
queue of django-tasks-db until `manage.py db_worker` runs it. A stopped worker breaks nothing at
once, so it is reported instead: how many tasks are due and how long the oldest has waited. When
the oldest has waited longer than HEALTHZ_TASKS_MAX_AGE seconds, /healthz says "degraded".
"""

from django.conf import settings
from django.utils import timezone


def database_backend():
    """The default task backend when it is django-tasks-db's database queue, else None (the
    immediate backend of development and tests runs each task at once: nothing can wait)."""
    from django.tasks import task_backends
    from django_tasks_db import DatabaseBackend

    backend = task_backends["default"]
    return backend if isinstance(backend, DatabaseBackend) else None


def health(now=None):
    """None without a database queue; otherwise {"pending", "oldest_pending_seconds", "stale"}.

    A task is pending once it is due: ready and either without a run_after or with a run_after
    that has passed (a retry scheduled for later is not late yet). Its wait counts from then."""
    backend = database_backend()
    if backend is None:
        return None
    from django.db.models import Case, Count, F, Min, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    due = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
    totals = due.aggregate(
        pending=Count("id"),
        oldest=Min(Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))),
    )
    pending, oldest = totals["pending"], totals["oldest"]
    age = max(0, round((now - oldest).total_seconds())) if oldest is not None else None
    return {
        "pending": pending,
        "oldest_pending_seconds": age,
        "stale": age is not None and age > settings.HEALTHZ_TASKS_MAX_AGE,
    }
