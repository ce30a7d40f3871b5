"""/healthz reports the database task queue, so that a stopped `db_worker` shows."""

from datetime import timedelta

import pytest
from django.tasks import task
from django.utils import timezone

pytestmark = pytest.mark.django_db


@task()
def do_nothing():
    return None


@pytest.fixture
def database_queue():
    """The default task backend is django-tasks-db's database queue, as in production."""
    from django.tasks import task_backends
    from django_tasks_db import DatabaseBackend

    previous = task_backends["default"]
    task_backends["default"] = DatabaseBackend("default", {"QUEUES": ["default"]})
    yield
    task_backends["default"] = previous


def _age(result_id, seconds, field="enqueued_at"):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=result_id).update(**{field: timezone.now() - timedelta(seconds=seconds)})


def test_without_a_database_queue_healthz_says_nothing_of_tasks(client):
    assert "tasks" not in client.get("/healthz").json()


def test_an_empty_queue_is_ok(client, database_queue):
    report = client.get("/healthz").json()
    assert report["status"] == "ok"
    assert report["tasks"] == {"pending": 0, "oldest_pending_seconds": None, "stale": False}


def test_a_fresh_task_is_pending_but_ok(client, database_queue):
    do_nothing.enqueue()
    do_nothing.enqueue()
    report = client.get("/healthz").json()
    assert report["status"] == "ok"
    assert report["tasks"]["pending"] == 2
    assert report["tasks"]["oldest_pending_seconds"] < 60
    assert report["tasks"]["stale"] is False


def test_a_task_waiting_longer_than_the_threshold_degrades_the_status(client, database_queue, settings):
    settings.HEALTHZ_TASKS_MAX_AGE = 300
    _age(do_nothing.enqueue().id, 301)
    do_nothing.enqueue()
    response = client.get("/healthz")
    assert response.status_code == 200  # the site still serves; only the worker is missing
    report = response.json()
    assert report["status"] == "degraded"
    assert report["tasks"]["pending"] == 2
    assert 301 <= report["tasks"]["oldest_pending_seconds"] < 360
    assert report["tasks"]["stale"] is True


def test_the_threshold_comes_from_the_settings(client, database_queue, settings):
    settings.HEALTHZ_TASKS_MAX_AGE = 1000
    _age(do_nothing.enqueue().id, 600)
    assert client.get("/healthz").json()["status"] == "ok"


def test_finished_tasks_do_not_count(client, database_queue):
    from django_tasks_db.models import DBTaskResult

    result = do_nothing.enqueue()
    _age(result.id, 3600)
    DBTaskResult.objects.get(pk=result.id).set_successful(None)
    assert client.get("/healthz").json()["tasks"] == {"pending": 0, "oldest_pending_seconds": None, "stale": False}


def test_a_task_scheduled_for_later_is_not_late_and_counts_from_when_it_was_due(client, database_queue):
    later = do_nothing.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()
    _age(later.id, 3600)  # enqueued an hour ago, due in an hour: not pending
    assert client.get("/healthz").json()["tasks"]["pending"] == 0
    retried = do_nothing.using(run_after=timezone.now() - timedelta(seconds=400)).enqueue()
    _age(retried.id, 3 * 3600)  # enqueued hours ago, due 400 s ago: late by 400 s
    tasks = client.get("/healthz").json()["tasks"]
    assert tasks["pending"] == 1
    assert 400 <= tasks["oldest_pending_seconds"] < 460
