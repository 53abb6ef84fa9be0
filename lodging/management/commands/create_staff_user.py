from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.accounts import account_with_password
from lodging.models import Establishment, StaffMembership, StaffRole


class Command(BaseCommand):
    help = "Create (or update) an establishment staff user and their membership."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--establishment", required=True, help="Establishment code")
        parser.add_argument("--role", choices=StaffRole.values, default=StaffRole.RECEPTIONIST,
                            help="receptionist (default): registers, checks out, sees "
                                 "today's guests; owner: also history and exports, with "
                                 "a second factor")

    @transaction.atomic
    def handle(self, *args, username, password, establishment, role, **options):
        try:
            place = Establishment.objects.get(code=establishment)
        except Establishment.DoesNotExist:
            raise CommandError(f"No establishment with code {establishment!r}.") from None
        try:
            user = account_with_password(username, password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        StaffMembership.objects.update_or_create(
            user=user, establishment=place, defaults={"role": role})
        self.stdout.write(f"{username} is {role} at {place.code}.")
