from django.core.management.base import BaseCommand, CommandError

from search.indexes import rebuild
from search.registry import registry


class Command(BaseCommand):
    help = ("Rebuild every registered index (or those named) into a new index and swap "
            "its alias atomically; searches keep answering from the old index meanwhile.")

    def add_arguments(self, parser):
        parser.add_argument("doc_types", nargs="*", help="e.g. accommodation destination")

    def handle(self, *args, doc_types, **options):
        docs = registry.all()
        if doc_types:
            unknown = set(doc_types) - {doc.doc_type for doc in docs}
            if unknown:
                raise CommandError(f"unknown document types: {', '.join(sorted(unknown))}")
            docs = [doc for doc in docs if doc.doc_type in doc_types]
        for doc_cls in docs:
            result = rebuild(doc_cls)
            self.stdout.write(f"{doc_cls.doc_type}: {result['indexed']} documents in "
                              f"{result['index']} (alias {result['alias']})")
