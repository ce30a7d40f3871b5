from django.core.management.base import BaseCommand

from news.subscriptions import retry_failed


class Command(BaseCommand):
    help = "Queue again every bulletin e-mail whose sending failed (after fixing the mail server, say)."

    def handle(self, *args, **options):
        count = retry_failed()
        self.stdout.write(f"Queued {count} mailing(s) with failed deliveries again.")
