"""Police search over millions of stays: ours (Elasticsearch) vs PostgreSQL trigram.

    python -m bench.police_search --queries 300

Each query is a real guest's name from the database, typed the way officers type it:
without diacritics and with one typo (a letter of the given name replaced), searched in
the commune of the establishment where that guest stayed (a commune officer's
jurisdiction). Measured, interleaved query by query so machine noise hits both sides:

- ours/index: `lodging.police.documents.StayQuery` (the officer's jurisdiction as a
  filter) answered by Elasticsearch: the search proper;
- ours/page: `lodging.police.stay_search.find_stays` as the police page calls it: the
  officer's jurisdiction looked up, the index searched, the first page's 50 stays loaded
  from PostgreSQL in the index's order;
- baseline: PostgreSQL with `unaccent` and a trigram GIN index on the unaccented, lower-
  cased name, `LIKE '%name%'` inside the same commune, 50 newest; given the exact name
  without diacritics (its best case) and given the typed name with the typo.

Recall@50: whether the guest searched for is among the 50 answers.
"""

import argparse
import random
import time

from bench.common import percentile, print_table, setup_django

BASELINE_SQL = """
SELECT s.id FROM lodging_stay s JOIN lodging_establishment e ON e.id = s.establishment_id
WHERE e.commune_id = %s AND bench_unaccent(lower(s.full_name)) LIKE %s
ORDER BY s.arrival DESC LIMIT 50
"""
SETUP_SQL = [
    # unaccent() is only STABLE; an index needs an IMMUTABLE wrapper (the usual recipe).
    "CREATE OR REPLACE FUNCTION bench_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent', $1) $$",
    "CREATE INDEX IF NOT EXISTS bench_stay_name_trgm ON lodging_stay "
    "USING gin (bench_unaccent(lower(full_name)) gin_trgm_ops)",
]


def typo(text: str, rng: random.Random) -> str:
    """One letter of the last word replaced by a neighbour on the keyboard row."""
    words = text.split()
    last = words[-1]
    if len(last) < 3:
        return text
    position = rng.randint(1, len(last) - 1)
    letters = "qwertyuiopasdfghjklzxcvbnm"
    replacement = letters[(letters.index(last[position]) + 1) % len(letters)] \
        if last[position] in letters else "x"
    words[-1] = last[:position] + replacement + last[position + 1:]
    return " ".join(words)


def officer_for(commune):
    from django.contrib.auth import get_user_model

    from lodging.police.models import PoliceOfficer, PoliceRole

    user, created = get_user_model().objects.get_or_create(username=f"bench-ca-{commune.code}")
    if created:
        PoliceOfficer.objects.create(user=user, role=PoliceRole.COMMUNE_OFFICER,
                                     commune=commune)
    return user


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection

    from lodging.models import Stay

    with connection.cursor() as cursor:
        for statement in SETUP_SQL:
            cursor.execute(statement)
        cursor.execute("ANALYZE lodging_stay")
    total = Stay.objects.count()
    rng = random.Random(args.seed)
    top = Stay.objects.order_by("-id").values_list("id", flat=True).first()
    sample_ids = rng.sample(range(1, top + 1), args.queries * 2)
    targets = list(Stay.objects.filter(id__in=sample_ids, nationality="VNM")
                   .select_related("establishment__commune")[:args.queries])
    timings = {"index": [], "page": [], "baseline exact": [], "baseline typo": []}
    found = dict.fromkeys(timings, 0)
    # Warm up caches on both sides with a few queries not measured.
    for stay in targets[:20]:
        _run_all(stay, rng, connection, {}, {})
    for stay in targets:
        _run_all(stay, rng, connection, timings, found)
    n = len(targets)
    ours = percentile(timings["index"], 95)
    rows = [(name, f"{percentile(values, 50) * 1000:.1f}",
             f"{percentile(values, 95) * 1000:.1f}", f"{percentile(values, 99) * 1000:.1f}",
             f"{found[name] / n:.2f}")
            for name, values in timings.items()]
    print_table(f"police search: {total:,} stays, {n} queries (no diacritics, one typo), "
                "commune jurisdiction", rows, ("", "p50 ms", "p95 ms", "p99 ms", "recall@50"))
    base = percentile(timings["baseline exact"], 95)
    print(f"\nratio p95 baseline(exact) / ours(index) = {base / ours:.1f}x; "
          f"baseline(exact) / ours(page) = {base / percentile(timings['page'], 95):.1f}x")


def _run_all(stay, rng, connection, timings, found):
    from cms.text import fold
    from lodging.police.documents import StayQuery
    from lodging.police.permissions import Jurisdiction, jurisdiction_for
    from lodging.police.stay_search import StaySearchParams, find_stays

    commune = stay.establishment.commune
    typed = typo(fold(stay.full_name), rng)
    exact = fold(stay.full_name)
    officer = officer_for(commune)
    params = StaySearchParams(q=typed)
    runs = [
        ("index", lambda: [int(h["id"]) for h in StayQuery(
            jurisdiction=Jurisdiction(commune_codes={commune.code}), params=params,
            page_size=50).execute()["results"]]),
        # The first page, as the police page shows it: the jurisdiction resolved, the
        # index searched, only the page's stays read.
        ("page", lambda: [s.pk for s in find_stays(
            jurisdiction_for(officer), params).stays[:50]]),
        ("baseline exact", lambda: _baseline(connection, commune.pk, exact)),
        ("baseline typo", lambda: _baseline(connection, commune.pk, typed)),
    ]
    if rng.random() < 0.5:
        runs.reverse()
    for name, run in runs:
        started = time.perf_counter()
        ids = run()
        elapsed = time.perf_counter() - started
        if name in timings:
            timings[name].append(elapsed)
            found[name] += stay.pk in ids


def _baseline(connection, commune_id: int, text: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, [commune_id, f"%{text}%"])
        return [row[0] for row in cursor.fetchall()]


if __name__ == "__main__":
    main()
