from django.tasks import task


@task
def send_consultation_notices():
    """The followers' mail due now (opened, a week before closing); idempotent, so the worker may
    run it as often as it likes. Returns what was sent as [consultation id, kind]."""
    from consultations.services import send_due_notices

    return [list(item) for item in send_due_notices()]
