"""Profile the write path in-process: where the time of one API request goes.

    .venv/bin/python -m bench.profile_request [--requests 200] [--batch-size 100] [--top 25]

Runs against the database `bench.registration_api` prepared (run that first, or with
`--skip-prepare` after it). Sends requests through Django's test client with the bench
settings (the production middleware stack), single stays then batches. With `--top 0` it
times the two sides request by request, alternating (the machine's drift hits both alike),
and prints their medians and ratio; otherwise it profiles the baseline, then ours, and
lists the functions with the most cumulative time under cProfile. No server, no network:
what is left is the request stack and the view.
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

    kinds = []
    if args.only in (None, "single"):
        kinds.append(("single", args.requests, lambda: guests.stay()))
    if args.only in (None, "batch"):
        kinds.append((f"batch of {args.batch_size}", args.batches,
                       lambda: [guests.stay() for _ in range(args.batch_size)]))
    sides = (("baseline", api.BASELINE), ("ours", api.OURS))
    for kind, count, body in kinds:
        for __, path in sides:
            for n in range(3):  # warm: the first requests build caches
                post(path, tokens[n], body())
        if not args.top:
            # Request by request, alternating sides: the machine's drift hits both alike.
            timings = {name: [] for name, __ in sides}
            for n in range(count):
                for name, path in sides if n % 2 else sides[::-1]:
                    item = body()
                    began = time.perf_counter()
                    post(path, tokens[(n + 1) % len(tokens)], item)
                    timings[name].append((time.perf_counter() - began) * 1000)
            medians = {name: statistics.median(values) for name, values in timings.items()}
            for name, values in timings.items():
                print(f"===== {kind} {name}: median {medians[name]:.1f} ms, "
                      f"mean {statistics.fmean(values):.1f} ms per request =====")
            print(f"ratio of medians ours / baseline: {medians['ours'] / medians['baseline']:.2f}")
            continue
        for name, path in sides:
            bodies = [body() for _ in range(count)]
            profile = cProfile.Profile()
            timings = []
            for n, item in enumerate(bodies):
                began = time.perf_counter()
                profile.enable()
                post(path, tokens[(n + 1) % len(tokens)], item)
                profile.disable()
                timings.append((time.perf_counter() - began) * 1000)
            print(f"\n===== {kind} {name}: median {statistics.median(timings):.1f} ms, "
                  f"mean {statistics.fmean(timings):.1f} ms per request (profiled) =====")
            print_profile(profile, sort=args.sort, top=args.top)


if __name__ == "__main__":
    main()
