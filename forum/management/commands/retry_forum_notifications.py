from django.core.management.base import BaseCommand

from forum.notifications import send_pending


class Command(BaseCommand):
    help = "Send forum notification emails that are pending or failed with attempts left."

    def handle(self, *args, **options):
        failures = send_pending()
        self.stdout.write(f"Done; {failures} notification(s) still failing.")
