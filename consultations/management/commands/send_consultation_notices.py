from django.core.management.base import BaseCommand

from consultations.services import send_due_notices


class Command(BaseCommand):
    help = (
        "Mail the followers of consultations that opened or close within a week. Idempotent: each "
        "notice is sent once per consultation however often this runs (hourly from cron is fine)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Run as a task of the worker instead.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from consultations.tasks import send_consultation_notices

            send_consultation_notices.enqueue()
            self.stdout.write("enqueued")
            return
        sent = send_due_notices()
        for consultation_id, kind in sent:
            self.stdout.write(f"{consultation_id} {kind}")
        self.stdout.write(f"{len(sent)} notice(s) sent")
