"""Profile the write path in-process: where the time of one API request goes.

    .venv/bin/python -m bench.profile_request [--requests 200] [--batch-size 100] [--top 25]

Runs against the database `bench.registration_api` prepared (run that first, or with
`--skip-prepare` after it). Sends requests through Django's test client with the bench
settings (the production middleware stack), first the baseline endpoint, then ours, single
stays then batches, and prints for each the mean wall time per request and the functions
with the most cumulative time under cProfile. No server, no network: what is left is the
request stack and the view.
"""

import argparse
import cProfile
import json
import os
import statistics
import time

from bench.common import print_profile


def main() -> None:
    from bench import registration_api as api

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--top", type=int, default=25,
                        help="functions to list; 0 times the requests without cProfile")
    parser.add_argument("--only", choices=["single", "batch"], default=None)
    parser.add_argument("--sort", default="cumulative",
                        help="pstats order: cumulative (default) or tottime")
    args = parser.parse_args()
    os.environ.update(api.bench_env())
    import django
    django.setup()
    from django.test import Client

    with open(api.token_file()) as source:
        tokens = json.load(source)
    guests = api.Guests(seed=int(time.time()))
    client = Client(HTTP_HOST="127.0.0.1")

    def post(path, token, body):
        response = client.post(path, json.dumps(body), content_type="application/json",
                               HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code in (200, 201), response.content[:500]

    plans = []
    if args.only in (None, "single"):
        plans += [(f"single {name}", path, args.requests, lambda: guests.stay())
                  for name, path in (("baseline", api.BASELINE), ("ours", api.OURS))]
    if args.only in (None, "batch"):
        plans += [(f"batch of {args.batch_size} {name}", path, args.batches,
                   lambda: [guests.stay() for _ in range(args.batch_size)])
                  for name, path in (("baseline", api.BASELINE), ("ours", api.OURS))]
    for label, path, count, body in plans:
        bodies = [body() for _ in range(count)]
        for warm in bodies[:3]:
            post(path, tokens[0], warm)
        profile = cProfile.Profile()
        timings = []
        for n, item in enumerate(bodies[3:]):
            began = time.perf_counter()
            if args.top:
                profile.enable()
            post(path, tokens[(n + 1) % len(tokens)], item)
            if args.top:
                profile.disable()
            timings.append((time.perf_counter() - began) * 1000)
        kind = "profiled" if args.top else "not profiled"
        print(f"\n===== {label}: median {statistics.median(timings):.1f} ms, "
              f"mean {statistics.fmean(timings):.1f} ms per request ({kind}) =====")
        if args.top:
            print_profile(profile, sort=args.sort, top=args.top)


if __name__ == "__main__":
    main()
