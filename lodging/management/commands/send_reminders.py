"""Send the reminder e-mails that are due now, and make sure the worker's periodic run
is queued (`make run` calls it before starting the worker; cron may too)."""

from django.core.management.base import BaseCommand

from lodging.reminders import schedule_periodic, send_due_reminders


class Command(BaseCommand):
    help = "Send due reminder e-mails (each once) and queue the worker's periodic run."

    def add_arguments(self, parser):
        parser.add_argument("--no-schedule", action="store_true",
                            help="do not queue the periodic run in the worker")

    def handle(self, *args, no_schedule=False, **options):
        counts = send_due_reminders()
        for job, count in counts.items():
            self.stdout.write(f"{job}: {count} sent")
        if not no_schedule:
            queued = schedule_periodic()
            self.stdout.write("periodic run queued" if queued else
                              "periodic run already queued")
