from django.core.management.base import BaseCommand

from tourism.demo.seed import seed


class Command(BaseCommand):
    help = "Fill the portal with demo Lào Cai content (idempotent: safe to run again)."

    def handle(self, *args, **options):
        result = seed()
        self.stdout.write(self.style.SUCCESS(
            f"Demo content: {result.places} destinations and attractions, {result.events} "
            f"events, {result.itineraries} itineraries, {result.articles} articles, "
            f"{result.establishments} establishments."))
