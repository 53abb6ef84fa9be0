"""Public search over the demo portal scaled up: ours (Elasticsearch) vs Wagtail's
PostgreSQL search on the same pages.

    python -m bench.public_search --pages 50000 --queries 200

First (once; it resumes) the demo content is seeded and --pages more attraction pages
are added under the destinations, built from the real place names of the province with
numbered variants ("Ruộng bậc thang Tả Van 1234"), each a live Wagtail page in the
Wagtail search index (the baseline's), then the public Elasticsearch indexes are rebuilt
(ours). Then, interleaved query by query:

- ours: `search.queries.PublicSearch(q=...).execute()` (the API's query: folding,
  synonyms, fuzziness, facets, highlighting) and `search.queries.suggest()` for
  autocomplete (the first letters of a place);
- baseline: `Page.objects.live().search(Fuzzy(q, unaccent=True))[:20]` with Wagtail's
  PostgreSQL backend, and `.autocomplete()` for autocomplete.

Queries are place names typed without diacritics, a third of them with one typo.
"""

import argparse
import random
import time

from bench.common import percentile, print_table, setup_django
from bench.police_search import typo

PREFIXES = ["Ruộng bậc thang", "Bản", "Thác", "Chợ phiên", "Đèo", "Đền", "Hồ", "Suối",
            "Homestay", "Điểm ngắm cảnh", "Hang", "Đỉnh"]
PLACES = ["Tả Van", "Lao Chải", "Cát Cát", "Sín Chải", "Tả Phìn", "Bản Hồ", "Y Tý",
          "Bắc Hà", "Cốc Ly", "Mường Hum", "Lùng Phình", "Trạm Tấu", "Mù Cang Chải",
          "Khau Phạ", "Sa Pả", "Hầu Thào", "Séo Mí Tỷ", "Nậm Cang", "Thác Bà", "Văn Chấn",
          "Nghĩa Lộ", "Lảo Thẩn", "Ô Quy Hồ", "Hàm Rồng", "Fansipan", "Lũng Pô"]
KINDS = ["mountain", "village", "market", "waterfall", "temple", "pass", "lake", "terraces"]


def scale_portal(pages: int, seed: int) -> int:
    """Add attraction pages until there are `pages` generated ones (idempotent)."""
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import transaction

    from tourism.models import AttractionPage, DestinationPage

    if not DestinationPage.objects.live().exists():
        call_command("seed_demo")
    parents = list(DestinationPage.objects.live().filter(locale__language_code="vi"))
    have = AttractionPage.objects.filter(slug__startswith="bench-").count()
    rng = random.Random(seed + have)
    started = time.monotonic()
    for n in range(have, pages):
        parent = parents[n % len(parents)]
        title = f"{rng.choice(PREFIXES)} {rng.choice(PLACES)} {n}"
        page = AttractionPage(
            title=title, slug=f"bench-{n}", kind=rng.choice(KINDS),
            summary=f"{title}: một điểm đến ở {parent.title}, Lào Cai.",
            commune_id=parent.commune_id, latitude=parent.latitude + Decimal(
                rng.uniform(-0.05, 0.05)).quantize(Decimal("0.000001")),
            longitude=parent.longitude + Decimal(rng.uniform(-0.05, 0.05)).quantize(
                Decimal("0.000001")), live=True)
        with transaction.atomic():
            parent.add_child(instance=page)
        if (n + 1) % 2000 == 0:
            rate = (n + 1 - have) / (time.monotonic() - started)
            print(f"  {n + 1:,} pages ({rate:,.0f}/s)", flush=True)
    return pages - have


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--skip-reindex", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    from wagtail.models import Page
    from wagtail.search.query import Fuzzy

    from search.indexes import rebuild
    from search.queries import PublicSearch, suggest
    from search.registry import registry
    from search.text import fold

    added = scale_portal(args.pages, args.seed)
    if added or not args.skip_reindex:
        for doc_cls in registry.public():
            result = rebuild(doc_cls)
            print(f"  indexed {result['indexed']:,} {doc_cls.doc_type} documents")
    documents = sum(PublicSearch(types=[d.doc_type]).execute()["count"]
                    for d in registry.public())
    rng = random.Random(args.seed)
    queries = []
    for _n in range(args.queries):
        place = fold(rng.choice(PLACES))
        queries.append(typo(place, rng) if rng.random() < 1 / 3 else place)
    prefixes = [fold(rng.choice(PLACES))[:rng.randint(2, 4)] for _n in range(args.queries)]
    pages = Page.objects.live().filter(depth__gt=3)
    runs = {
        "search: ours": lambda q: PublicSearch(q=q).execute()["results"],
        "search: Wagtail DB": lambda q: list(pages.search(Fuzzy(q, unaccent=True))[:20]),
    }
    completions = {
        "autocomplete: ours": lambda q: suggest(q),
        "autocomplete: Wagtail DB": lambda q: list(pages.autocomplete(q)[:8]),
    }
    timings = {name: [] for name in [*runs, *completions]}
    hits = dict.fromkeys(timings, 0)
    for batch, words in ((runs, queries), (completions, prefixes)):
        for word in words[:10]:  # warm-up
            for run in batch.values():
                run(word)
        for word in words:
            order = list(batch.items())
            rng.shuffle(order)
            for name, run in order:
                started = time.perf_counter()
                answer = run(word)
                timings[name].append(time.perf_counter() - started)
                hits[name] += bool(answer)
    rows = [(name, f"{percentile(v, 50) * 1000:.1f}", f"{percentile(v, 95) * 1000:.1f}",
             f"{hits[name] / len(v):.2f}") for name, v in timings.items()]
    print_table(f"public search over {documents:,} documents ({args.queries} queries, a "
                "third with a typo)", rows, ("", "p50 ms", "p95 ms", "answered"))
    for kind in ("search", "autocomplete"):
        ours = percentile(timings[f"{kind}: ours"], 95)
        base = percentile(timings[f"{kind}: Wagtail DB"], 95)
        print(f"ratio p95 {kind}: Wagtail DB / ours = {base / ours:.1f}x")


if __name__ == "__main__":
    main()
