"""Write an establishment's undelivered stays in the national portal's formats.

    manage.py export_national --establishment SAPA-0001 --date 2026-11-28 [--to 2026-11-29]
        --out DIR

One .xlsx (Vietnamese guests) and one .xml (foreign guests), each recorded as a batch of
the ledger; no file for a kind without guests. All or nothing: when either kind fails a
blocking check (or a file cannot be written) no batch is recorded and no file is left.
The batches wait for their reconciliation (the count the portal shows) on the staff page
or through the API.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lodging.models import Establishment, StaffMembership, StaffRole
from lodging.national import services
from lodging.national.exporters import EXCEL_WARNING
from lodging.national.models import BatchKind, TransportName


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Export undelivered stays for the national portal (XLSX + XML), one batch each."

    def add_arguments(self, parser):
        parser.add_argument("--establishment", required=True, help="establishment code")
        parser.add_argument("--date", required=True, help="first arrival day, YYYY-MM-DD")
        parser.add_argument("--to", help="last arrival day (default: --date)")
        parser.add_argument("--out", required=True, help="directory for the files")

    def handle(self, *args, **options):
        establishment = Establishment.objects.filter(code=options["establishment"]).first()
        if establishment is None:
            raise CommandError(f"No establishment {options['establishment']}.")
        date_from = _day(options["date"])
        date_to = _day(options["to"]) if options["to"] else date_from
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        # No one is signed in: the owner (or the first staff member) makes the batches,
        # as the spreadsheet import command records its submitter.
        membership = (StaffMembership.objects.filter(establishment=establishment)
                      .order_by("id").select_related("user"))
        owner = (membership.filter(role=StaffRole.OWNER).first() or membership.first())
        if owner is None:
            raise CommandError(f"{establishment.code} has no staff to record the batches.")
        try:
            written = self._export(owner.user, establishment, date_from, date_to, out)
        except _Refused as refused:
            raise CommandError("\n".join(refused.lines)) from None
        for path, batch in written:
            self.stdout.write(f"{path}\t{batch.count} guest(s)\tbatch {batch.pk}")
        for kind in (BatchKind.VIETNAMESE, BatchKind.FOREIGN):
            if kind not in {batch.kind for _path, batch in written}:
                self.stdout.write(f"{kind}: no guests, no file")
        if written:
            self.stdout.write(str(EXCEL_WARNING))

    @transaction.atomic
    def _export(self, user, establishment, date_from, date_to, out: Path) -> list:
        """Both kinds or nothing: every batch is made (and checked) before any file is
        written, and a file that cannot be written removes the others and rolls the
        batches back, so a failed run leaves no batch, no file and no status changed."""
        batches, problems = [], []
        for kind in (BatchKind.VIETNAMESE, BatchKind.FOREIGN):
            try:
                batches.append(services.create_batch(
                    user=user, establishment=establishment, kind=kind,
                    date_from=date_from, date_to=date_to, transport=TransportName.FILE))
            except services.NationalError as error:
                if not error.problems and not services.stays_to_deliver(
                        establishment, kind=kind, date_from=date_from,
                        date_to=date_to).exists():
                    continue  # no guests of this kind: no file
                problems += [f"{kind}: {error.message}"] + [
                    f"  receipt {p.receipt_code} room {p.room} {p.field}: {p.message}"
                    for p in error.problems]
        if problems:
            raise _Refused(problems)  # rolls back the batch of the other kind
        written = [(out / batch.filename, batch) for batch in batches]
        try:
            for path, batch in written:
                path.write_bytes(bytes(batch.content))
        except OSError as error:
            for path, _batch in written:  # the one half-written too
                path.unlink(missing_ok=True)
            raise _Refused([f"{out}: {error.strerror or error}"]) from None
        return written


class _Refused(Exception):
    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))
