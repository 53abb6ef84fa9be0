"""Profile a destination page built per request, in-process: queries and time.

    .venv/bin/python -m bench.profile_page [--rounds 5] [--top 30] [--sort tottime]

Production settings without the page cache (as bench.pages' uncached server), Django's
test client, every live destination page in both languages: the number of SQL queries
of each, the median time per page, and (with --top) where the time goes under cProfile.
PAGE_ONLY=/en/destinations/sa-pa/ limits it to one page; --queries prints the SQL of the
first page with the time of each statement.
"""

import argparse
import cProfile
import os
import statistics
import time

from bench.common import print_profile


def main() -> None:
    from bench.server import server_env

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--top", type=int, default=0,
                        help="functions to list under cProfile; 0: timing only")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one page")
    args = parser.parse_args()
    os.environ.update(server_env(PAGE_CACHE="0"))
    import django
    from django.core.management import call_command
    django.setup()
    call_command("collectstatic", "--noinput", verbosity=0)  # the manifest production reads
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import destination_paths

    paths = destination_paths()
    if os.environ.get("PAGE_ONLY"):
        paths = [p for p in paths if p == os.environ["PAGE_ONLY"]]
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for path in paths:  # warm-up, then the queries of each page
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[path] = len(queries)
    if args.queries:
        with CaptureQueriesContext(connection) as queries:
            client.get(paths[0])
        for query in queries:
            print(f"{float(query['time']) * 1000:6.1f} ms  {query['sql']}")
    profile = cProfile.Profile()
    timings = {path: [] for path in paths}
    for _round in range(args.rounds):
        for path in paths:
            began = time.perf_counter()
            if args.top:
                profile.enable()
            client.get(path)
            if args.top:
                profile.disable()
            timings[path].append((time.perf_counter() - began) * 1000)
    every = [t for values in timings.values() for t in values]
    print(f"{len(paths)} pages; queries per page: min {min(counts.values())}, "
          f"max {max(counts.values())}; median {statistics.median(every):.1f} ms "
          f"({'profiled' if args.top else 'not profiled'})")
    for path in paths:
        print(f"  {counts[path]:3d} queries  {statistics.median(timings[path]):6.1f} ms  {path}")
    if args.top:
        print_profile(profile, sort=args.sort, top=args.top)


if __name__ == "__main__":
    main()
