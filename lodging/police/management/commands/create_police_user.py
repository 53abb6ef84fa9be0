from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.accounts import account_with_password
from cms.models import Commune
from lodging.police.models import PoliceOfficer, PoliceRole


class Command(BaseCommand):
    help = ("Create (or update) a police user: a commune or ward officer (--commune), "
            "a provincial officer (--province) or an auditor (--role auditor).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--commune", help="Official code or name of the commune or ward")
        scope.add_argument("--province", action="store_true",
                           help="Jurisdiction over the whole province of Lào Cai")
        parser.add_argument("--role", choices=PoliceRole.values,
                            help="Defaults to the officer role that matches the scope")
        parser.add_argument("--watchlist", action="store_true",
                            help="Allow this officer to add and change watchlist entries")

    @transaction.atomic
    def handle(self, *args, username, password, commune, province, role, watchlist,
               **options):
        unit = None
        if commune:
            unit = Commune.objects.in_lao_cai().resolve(commune)
            if unit is None:
                raise CommandError(f"No single commune or ward of Lào Cai matches {commune!r}.")
        role = role or (PoliceRole.COMMUNE_OFFICER if unit else
                        PoliceRole.PROVINCIAL_OFFICER if province else None)
        if role is None:
            raise CommandError("Give --commune CODE, --province or --role auditor.")
        if role == PoliceRole.COMMUNE_OFFICER and unit is None:
            raise CommandError("A commune officer needs --commune.")
        if role == PoliceRole.PROVINCIAL_OFFICER and unit is not None:
            raise CommandError("A provincial officer takes --province, not --commune.")
        try:
            user = account_with_password(username, password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        PoliceOfficer.objects.update_or_create(user=user, defaults={
            "role": role, "commune": unit if role == PoliceRole.COMMUNE_OFFICER else None,
            "can_manage_watchlist": watchlist and role != PoliceRole.AUDITOR})
        where = unit.name if unit and role == PoliceRole.COMMUNE_OFFICER else "Lào Cai"
        self.stdout.write(f"{username} is {role} ({where}).")
