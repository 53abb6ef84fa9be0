from django.core.management.base import BaseCommand

from search.outbox import drain


class Command(BaseCommand):
    help = "Send pending index outbox rows to Elasticsearch now (ignores the retry back-off)."

    def handle(self, *args, **options):
        counts = drain(include_waiting=True)
        self.stdout.write(
            f"indexed {counts['indexed']}, deleted {counts['deleted']}, failed {counts['failed']}")
