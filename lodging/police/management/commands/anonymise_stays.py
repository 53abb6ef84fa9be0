from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lodging.police.services import anonymise_old_stays, retention_days
from lodging.police.tasks import schedule_anonymisation


class Command(BaseCommand):
    help = ("Anonymise stays that ended more than the retention period ago "
            "(STAY_RETENTION_DAYS, or --days / --years): identity removed, statistics kept. "
            "The worker does this every night; --schedule queues its next run.")

    def add_arguments(self, parser):
        period = parser.add_mutually_exclusive_group()
        period.add_argument("--years", type=int)
        period.add_argument("--days", type=int)
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count the stays that would be anonymised")
        parser.add_argument("--schedule", action="store_true",
                            help="Queue the worker's nightly run (if none is waiting) and exit")

    def handle(self, *args, years, days, dry_run, schedule, **options):
        if schedule:
            queued = schedule_anonymisation()
            self.stdout.write("Nightly anonymisation queued." if queued
                              else "Nightly anonymisation already queued.")
            return
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1.")
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        period = retention_days(years, days)
        count = anonymise_old_stays(days=period, dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        default = " (STAY_RETENTION_DAYS)" if period == settings.STAY_RETENTION_DAYS else ""
        self.stdout.write(f"{count} stays that ended more than {period} days ago{default} "
                          f"{verb}.")
