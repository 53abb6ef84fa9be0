"""Write-path benchmark of the spreadsheet import: 10,000 stays in one XLSX.

    .venv/bin/python -m bench.import_xlsx [--rows 10000]

Needs the database prepared by `python -m bench.registration_api` (or pass --prepare).
One sheet of guests from bench.people goes, as the hotel UI sends it, through
`StayResource(user=..., establishments=[one establishment])`: every identity and overlap
rule, all or nothing, with history and index outbox rows, read by the upload's own reader
(`cms.spreadsheets.read_dataset`: hostile-file checks, every cell NFC-normalised and checked
for formulas). The same rows then go through django-import-export's defaults into the
bench-only `BaselineStay` table with a plain ModelResource: row by row, and with
`use_bulk = True`, each loading the file the way django-import-export does (tablib and
openpyxl). Each side loads the file itself, inside its timing.
"""

import argparse
import io
import os
import time
from datetime import timedelta

from bench.registration_api import bench_env, prepare

COLUMNS = ["full_name", "sex", "date_of_birth", "document_type", "document_number",
           "nationality", "address", "reason", "room", "arrival", "expected_departure",
           "entry_date", "port_of_entry", "visa_type", "visa_number", "permitted_stay_until"]


def make_sheet(rows: int, seed: int) -> bytes:
    import tablib
    from django.utils import timezone

    from bench.people import People
    people, seen, data = People(seed), set(), tablib.Dataset(headers=COLUMNS)
    now = timezone.localtime().replace(tzinfo=None, microsecond=0)
    while len(data) < rows:
        # Arrivals spread over the last six days, as a week's backlog would be.
        stay = people.stay(arrival=now - timedelta(minutes=10 + len(data) * 50 % 8000))
        key = (stay["document_type"], stay["document_number"])
        if key in seen:
            continue
        seen.add(key)
        data.append([stay.get(column) if stay.get(column) is not None else ""
                     for column in COLUMNS])
    return data.export("xlsx")


def baseline_resource(establishment, bulk: bool):
    from import_export import resources

    from bench.baseline.models import BaselineStay

    class BaselineStayResource(resources.ModelResource):
        class Meta:
            model = BaselineStay
            fields = COLUMNS
            import_id_fields = []
            use_bulk = bulk
            batch_size = 1000

        def get_instance(self, instance_loader, row):
            return None  # every row is new, as in the real import

        def init_instance(self, row=None):
            return BaselineStay(establishment=establishment)

    return BaselineStayResource()


def load(content: bytes):
    import tablib
    return tablib.Dataset().load(io.BytesIO(content), format="xlsx")


def read_upload(content: bytes):
    from cms.spreadsheets import read_dataset
    return read_dataset("stays.xlsx", content)


def timed(label: str, run) -> float:
    began = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - began
    errors = result.has_errors() or result.has_validation_errors()
    print(f"{label:28} {seconds:8.2f} s  rows={result.totals}  errors={errors}")
    if errors:
        for number, row_errors in result.row_errors()[:3]:
            print("   row", number, [str(e.error) for e in row_errors][:2])
        for error in result.base_errors[:3]:
            print("   ", error.error)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--establishment", default="bench-0150")
    parser.add_argument("--prepare", action="store_true",
                        help="create and seed the bench database first")
    args = parser.parse_args()
    os.environ.update(bench_env())
    if args.prepare:
        prepare(200)
    import django
    django.setup()
    from lodging.models import Establishment, Stay
    from lodging.resources import StayResource

    establishment = Establishment.objects.get(code=args.establishment)
    user = establishment.memberships.first().user
    content = make_sheet(args.rows, seed=int(time.time()))
    print(f"{args.rows} rows, {len(content) / 1e6:.1f} MB xlsx, establishment "
          f"{establishment.code}")
    before = Stay.objects.count()
    ours = timed("ours (StayResource)", lambda: StayResource(
        user=user, establishments=[establishment]).import_data(read_upload(content)))
    saved = Stay.objects.count() - before
    row_by_row = timed("baseline row by row", lambda: baseline_resource(
        establishment, bulk=False).import_data(load(content)))
    bulk = timed("baseline use_bulk", lambda: baseline_resource(
        establishment, bulk=True).import_data(load(content)))
    print(f"stays saved by ours: {saved}")
    print(f"ours vs row by row: {row_by_row / ours:.2f}x faster (target >= 5x: "
          f"{'met' if row_by_row / ours >= 5 else 'NOT met'})")
    print(f"ours vs use_bulk:   {bulk / ours:.2f}x")
    began = time.perf_counter()
    read_upload(content)
    reader = time.perf_counter() - began
    began = time.perf_counter()
    load(content)
    print(f"reading the file alone: ours {reader:.2f} s, tablib/openpyxl "
          f"{time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main()
