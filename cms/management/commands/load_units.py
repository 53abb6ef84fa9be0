from django.core.management.base import BaseCommand

from cms.models import Commune, Province
from cms.units import sync_units


class Command(BaseCommand):
    help = "Create or update provinces and communes/wards from the vietnam-provinces package."

    def handle(self, *args, **options):
        result = sync_units(Province, Commune)
        lao_cai = Commune.objects.in_lao_cai().count()
        self.stdout.write(
            f"{result.provinces} provinces, {result.communes} communes and wards "
            f"({lao_cai} in Lào Cai)."
        )
