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
    """Add attraction pages until there are `pages` generated ones (idempotent).

    Creating 50,000 pages one by one through Wagtail (`add_child`, revisions, signals)
    takes hours on this machine, so the rows are written in bulk the way treebeard would
    write them (materialised paths under each destination, url_path, locale, a
    translation key), then Wagtail's own search index is built for them with its
    backend's `add_bulk` (the baseline's index) — the same rows Wagtail would have.
    """
    import uuid
    from decimal import Decimal

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from tourism.models import AttractionPage, DestinationPage

    if not DestinationPage.objects.live().exists():
        call_command("seed_demo")
    parents = list(DestinationPage.objects.live().filter(locale__language_code="vi"))
    have = AttractionPage.objects.filter(slug__startswith="bench-").count()
    if have >= pages:
        return 0
    rng = random.Random(seed + have)
    content_type = ContentType.objects.get_for_model(AttractionPage)
    now = timezone.now()
    next_step = {}
    for parent in parents:
        last = (Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .aggregate(Max("path"))["path__max"])
        next_step[parent.pk] = int(last[-Page.steplen:], 36) + 1 if last else 1
    rows, details = [], []
    for n in range(have, pages):
        parent = parents[n % len(parents)]
        step = next_step[parent.pk]
        next_step[parent.pk] += 1
        title = f"{rng.choice(PREFIXES)} {rng.choice(PLACES)} {n}"
        rows.append(Page(
            path=parent.path + _base36(step, Page.steplen), depth=parent.depth + 1,
            numchild=0, title=title, draft_title=title, slug=f"bench-{n}",
            content_type=content_type, live=True, has_unpublished_changes=False,
            url_path=f"{parent.url_path}bench-{n}/", locale_id=parent.locale_id,
            translation_key=uuid.uuid4(), first_published_at=now, last_published_at=now,
            show_in_menus=False, locked=False, expired=False, search_description=""))
        details.append((f"{title}: một điểm đến ở {parent.title}, Lào Cai.",
                        parent.latitude + Decimal(rng.uniform(-0.05, 0.05)).quantize(
                            Decimal("0.000001")),
                        parent.longitude + Decimal(rng.uniform(-0.05, 0.05)).quantize(
                            Decimal("0.000001")), rng.choice(KINDS), parent.commune_id))
    with transaction.atomic():
        created = Page.objects.bulk_create(rows, batch_size=2000)
        with connection.cursor() as cursor, cursor.cursor.copy(
                "COPY tourism_attractionpage (page_ptr_id, summary, hero_image_alt, latitude,"
                " longitude, kind, body, opening_hours, price, tips, commune_id) FROM STDIN"
                ) as copy:
            for page, (summary, lat, lon, kind, commune) in zip(created, details,
                                                                  strict=True):
                copy.write_row((page.pk, summary, "", lat, lon, kind, "[]", "", "", "",
                                commune))
        for parent in parents:
            parent.numchild = Page.objects.filter(path__startswith=parent.path,
                                                  depth=parent.depth + 1).count()
            Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild)
    added = AttractionPage.objects.filter(slug__startswith="bench-")
    get_search_backend().add_bulk(AttractionPage, added)
    return len(created)


def _base36(number: int, width: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
    return text.rjust(width, "0")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--skip-reindex", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    from io import StringIO

    from django.core.management import call_command
    from wagtail.models import Page
    from wagtail.search.query import Fuzzy

    from cms.text import fold
    from search.indexes import rebuild
    from search.queries import PublicSearch, suggest
    from search.registry import registry

    added = scale_portal(args.pages, args.seed)
    # The baseline at its best: Wagtail's unaccent and trigram indexes (idempotent).
    call_command("enable_unaccent", stdout=StringIO())
    call_command("enable_trigram", stdout=StringIO())
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
