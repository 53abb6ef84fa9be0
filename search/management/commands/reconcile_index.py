from django.core.management.base import BaseCommand

from search.reconcile import reconcile
from search.registry import registry


class Command(BaseCommand):
    help = "Compare database and index per document type, index what is missing, delete extras."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only print the counts")

    def handle(self, *args, dry_run, **options):
        for doc_cls in registry.all():
            r = reconcile(doc_cls, repair=not dry_run)
            self.stdout.write(
                f"{doc_cls.doc_type}: database {r['database']}, index {r['index']}, "
                f"missing {r['missing']}, extra {r['extra']}"
                + ("" if dry_run else f", repaired {r['missing'] + r['extra']}"))
