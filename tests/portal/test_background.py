"""Background work goes through Django's tasks framework; production uses django-tasks-db."""

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends

from tests.portal.tasks_for_tests import add

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db
def test_tests_run_tasks_immediately():
    result = add.enqueue(2, 3)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5


@pytest.mark.django_db(transaction=True)
def test_database_queue_and_worker_run_a_task(settings):
    settings.TASKS = DB_TASKS  # Django resets task_backends when TASKS changes
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
    result = add.enqueue(20, 22)
    assert result.status == TaskResultStatus.READY
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 42
