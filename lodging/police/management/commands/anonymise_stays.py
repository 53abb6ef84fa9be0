from django.core.management.base import BaseCommand, CommandError

from lodging.police.services import anonymise_old_stays


class Command(BaseCommand):
    help = ("Anonymise stays that ended more than --years ago (default 3): identity "
            "removed, statistics kept.")

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count the stays that would be anonymised")

    def handle(self, *args, years, dry_run, **options):
        if years < 1:
            raise CommandError("--years must be at least 1.")
        count = anonymise_old_stays(years=years, dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{count} stays older than {years} years {verb}.")
