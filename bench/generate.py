"""Fill a benchmark database with establishments and years of stays, fast.

    DJANGO_SETTINGS_MODULE=laocai.settings.production ... (see bench/README in RESULTS.md)
    python -m bench.generate --stays 2000000 --establishments 3000 --seed 42

Establishments are spread over the 99 communes and wards of Lào Cai (more in Sa Pa,
Lào Cai ward and Bắc Hà, as in life); stays come from bench.people (Vietnamese names
with diacritics, valid CCCD numbers, ~8% foreigners) with arrivals over the last three
years, 1–3 guests per submission, deadlines and lateness from lodging.deadlines and the
folded name from cms.text.fold: the same values the application would write.

Stays are loaded with PostgreSQL COPY, not the ORM, and without history or outbox rows
(those are measured by the write-path benchmarks); run `manage.py reindex` or
`python -m bench.reindex` afterwards to index them. Re-running with the same seed adds
nothing: it stops when the database already holds the requested number of stays.
"""

import argparse
import random
import time
from datetime import timedelta

from bench.common import setup_django


def _weights(communes) -> list[float]:
    busy = {"sa pa": 40, "lao cai": 20, "bac ha": 10, "cam duong": 8, "y ty": 4,
            "mu cang chai": 4, "sin cheng": 2}
    from cms.text import fold

    return [busy.get(fold(c.name).removeprefix("phuong ").removeprefix("xa "), 1)
            for c in communes]


def establishments(count: int, rng: random.Random):
    from django.contrib.auth import get_user_model

    from cms.models import Commune
    from lodging.models import Establishment, StaffMembership, StaffRole

    user, _created = get_user_model().objects.get_or_create(username="bench-owner")
    existing = Establishment.objects.filter(code__startswith="B-").count()
    communes = list(Commune.objects.in_lao_cai().order_by("code"))
    weights = _weights(communes)
    kinds = ["homestay"] * 5 + ["hotel"] * 3 + ["guesthouse"] * 2
    new = []
    for n in range(existing, count):
        commune = rng.choices(communes, weights)[0]
        new.append(Establishment(
            code=f"B-{n:05d}", name=f"{rng.choice(['Nhà nghỉ', 'Homestay', 'Khách sạn'])} "
            f"{commune.name.split(' ', 1)[-1]} {n}", kind=rng.choice(kinds),
            address=f"Thôn {rng.randint(1, 20)}", commune=commune,
            rooms=rng.randint(3, 60), is_remote=rng.random() < 0.15))
    Establishment.objects.bulk_create(new, batch_size=1000)
    places = list(Establishment.objects.filter(code__startswith="B-").select_related("commune"))
    StaffMembership.objects.bulk_create(
        [StaffMembership(user=user, establishment=e, role=StaffRole.OWNER) for e in places],
        ignore_conflicts=True, batch_size=1000)
    return user, places


CHUNK = 50_000
SUBMISSION_COLUMNS = ("id", "receipt_code", "establishment_id", "submitted_by_id", "channel",
                      "created_at")
STAY_COLUMNS = (
    "establishment_id", "submission_id", "receipt_code", "full_name", "full_name_folded",
    "sex", "date_of_birth", "document_type", "document_number", "nationality", "address",
    "phone", "entry_date", "port_of_entry", "visa_type", "visa_number",
    "permitted_stay_until", "room", "arrival", "expected_departure", "departure", "reason",
    "status", "notified_at", "deadline", "late", "flags", "created_by_id", "updated_at")


def stays(total: int, *, user, places, rng_seed: int, years: float = 3.0) -> int:
    from django.db import connection
    from django.utils import timezone

    from bench.people import People
    from cms.text import fold
    from lodging.deadlines import is_late, notification_deadline
    from lodging.models import Stay, Submission

    have = Stay.objects.filter(receipt_code__startswith="B").count()
    if have >= total:
        return 0
    people, rng = People(rng_seed + have), random.Random(rng_seed + have)
    now = timezone.now()
    span = int(years * 365 * 24 * 3600)
    submission_no = Submission.objects.filter(receipt_code__startswith="B").count()
    written, started = 0, time.monotonic()
    next_id = _next_id("lodging_submission")
    while have + written < total:
        # One COPY at a time per connection: a chunk of submissions, then their stays.
        submission_rows, stay_rows = [], []
        while len(stay_rows) < CHUNK and have + written + len(stay_rows) < total:
            place = rng.choice(places)
            arrival = now - timedelta(seconds=rng.randint(3600, span))
            notified = arrival + timedelta(minutes=rng.choice(
                [5, 15, 30, 60, 120, 240, 600, 1500]))
            submission_no += 1
            receipt = f"B{submission_no:010d}"
            submission_rows.append((next_id, receipt, place.id, user.id, "api", notified))
            for member in range(rng.choice([1, 1, 1, 2, 2, 3])):
                stay = people.stay(arrival=arrival, room=str(rng.randint(1, 60)))
                foreigner = stay["nationality"] != "VNM"
                deadline = notification_deadline(arrival=arrival, is_foreigner=foreigner,
                                                 remote=place.is_remote)
                departed = stay["expected_departure"] < now
                stay_rows.append((
                    place.id, next_id, f"{receipt}-{member + 1}", stay["full_name"],
                    fold(stay["full_name"]), stay["sex"], stay["date_of_birth"],
                    stay["document_type"], stay["document_number"], stay["nationality"],
                    stay["address"], "", stay.get("entry_date"),
                    stay.get("port_of_entry", ""), stay.get("visa_type", ""),
                    stay.get("visa_number", ""), stay.get("permitted_stay_until"),
                    stay["room"], arrival, stay["expected_departure"],
                    stay["expected_departure"] if departed else None, stay["reason"],
                    "checked_out" if departed else "registered", notified, deadline,
                    is_late(notified_at=notified, deadline=deadline), "[]", user.id,
                    notified))
            next_id += 1
        _copy("lodging_submission", SUBMISSION_COLUMNS, submission_rows)
        _copy("lodging_stay", STAY_COLUMNS, stay_rows)
        written += len(stay_rows)
        rate = written / (time.monotonic() - started)
        print(f"  {have + written:>9,} stays ({rate:,.0f}/s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('lodging_submission', 'id'), "
                       "(SELECT max(id) FROM lodging_submission))")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lodging_stay")
        cursor.execute("ANALYZE lodging_submission")
    return written


def _next_id(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def _copy(table: str, columns, rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stays", type=int, default=2_000_000)
    parser.add_argument("--establishments", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    setup_django()
    rng = random.Random(args.seed)
    started = time.monotonic()
    user, places = establishments(args.establishments, rng)
    print(f"{len(places):,} establishments in {len({p.commune_id for p in places})} communes")
    written = stays(args.stays, user=user, places=places, rng_seed=args.seed)
    print(f"wrote {written:,} stays in {time.monotonic() - started:,.0f} s")


if __name__ == "__main__":
    main()
