"""Portal pages: a destination page built per request vs served from the page cache.

    python -m bench.pages [--seconds 20] [--concurrency 8]

Two gunicorn servers (production settings, 2 workers × 4 threads each) run side by
side on the benchmark database: one with the page cache (cms/page_cache.py), one with
`PAGE_CACHE=0` (the baseline). Rounds alternate between them so noise hits both:

- uncached latency: one client asking for destination pages one after another on the
  server without cache (target p95 ≤ 100 ms);
- throughput: `--concurrency` keep-alive clients for `--seconds` against each server
  (target ≥ 500 requests/s with the cache), and the ratio.

The pages are the demo destinations in Vietnamese and English (seed_demo is run first
when the benchmark database has none).
"""

import argparse

from bench.common import print_table, setup_django, summary_ms
from bench.server import closed_loop, gunicorn, resident_mb

CACHED_PORT, UNCACHED_PORT = 8200, 8201


def destination_paths() -> list[str]:
    from django.core.management import call_command

    from tourism.models import DestinationPage

    if not DestinationPage.objects.live().exists():
        call_command("seed_demo")
    return [page.url for page in DestinationPage.objects.live().order_by("pk")]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django()
    paths = destination_paths()
    print(f"{len(paths)} destination pages, e.g. {paths[0]}")
    results = {"uncached latency": [], "cached": [], "uncached": []}
    memory = []
    with gunicorn(port=CACHED_PORT) as cached, gunicorn(port=UNCACHED_PORT, PAGE_CACHE="0"):
        closed_loop(paths, concurrency=2, seconds=3, port=CACHED_PORT)  # warm both
        closed_loop(paths, concurrency=2, seconds=3, port=UNCACHED_PORT)
        for _round in range(args.rounds):
            results["uncached latency"].append(closed_loop(
                paths, concurrency=1, seconds=args.seconds / 2, port=UNCACHED_PORT))
            results["cached"].append(closed_loop(
                paths, concurrency=args.concurrency, seconds=args.seconds, port=CACHED_PORT))
            results["uncached"].append(closed_loop(
                paths, concurrency=args.concurrency, seconds=args.seconds,
                port=UNCACHED_PORT))
            memory.append(resident_mb(cached))
    rows = []
    for name, runs in results.items():
        latencies = [t for run in runs for t in run["latencies"]]
        stats = summary_ms(latencies)
        rps = sorted(run["rps"] for run in runs)[len(runs) // 2]
        rows.append((name, stats["n"], f"{rps:,.0f}", f"{stats['p50']:.1f}",
                     f"{stats['p95']:.1f}", sum(run["errors"] for run in runs)))
    print_table(f"destination pages ({args.concurrency} clients, {args.rounds} rounds, "
                "median round)", rows,
                ("", "requests", "requests/s", "p50 ms", "p95 ms", "errors"))
    cached_rps = float(rows[1][2].replace(",", ""))
    uncached_rps = float(rows[2][2].replace(",", ""))
    print(f"\nratio cached / uncached throughput = {cached_rps / uncached_rps:.1f}x; "
          f"gunicorn (master + 2 workers) resident memory: {max(memory):.0f} MB")


if __name__ == "__main__":
    main()
