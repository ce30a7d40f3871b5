from django.tasks import task


@task
def send_notification_emails(notification_ids):
    """Email the given notifications; each is tried up to three times, failures stay recorded
    for `manage.py retry_forum_notifications`."""
    from forum.notifications import send_pending

    return send_pending(notification_ids)
