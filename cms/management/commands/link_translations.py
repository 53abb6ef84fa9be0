from django.core.management.base import BaseCommand

from cms import translations


class Command(BaseCommand):
    help = (
        "Link live pages translated before translations were linked (copies, earlier "
        "imports or demo content) as wagtail-localize translations of their "
        "default-language page, their current texts as the translations; then editing "
        "the source marks them out of date. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="List the pages that would be linked, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        linked = 0
        for source, translated in list(translations.unlinked_translations()):
            self.stdout.write(f"{source.url_path} → {translated.locale.language_code}: "
                              f"{translated.title}")
            if not dry_run:
                translations.translate_page(source, translated.locale)
            linked += 1
        verb = "would be linked" if dry_run else "linked"
        self.stdout.write(self.style.SUCCESS(f"{linked} translations {verb}."))
