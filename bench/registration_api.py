"""Write-path benchmark of the PMS API: POST /api/v1/stays/ against a baseline endpoint.

    .venv/bin/python -m bench.registration_api [--seconds 30] [--rate 100] [--batches 200]

Prepares the `laocai_bench_writes` database on the development cluster (migrated, units
loaded, ~200 establishments across Lào Cai's communes, one staff user and token each),
starts gunicorn with `bench.settings` (the real site plus the bench-only baseline at
/bench/baseline/stays/), then measures, interleaved second by second so machine noise hits
both alike:

- single stays at a fixed open-loop rate (requests are sent at their scheduled times
  whatever the answers; latency counts from the scheduled time, so queueing shows), in
  five-second blocks alternating ours and the baseline; `--rate 20,50,100` measures
  several rates in turn, to find the rate each side sustains;
- batches of 100 stays, closed loop with a few concurrent clients: stays per second.

No db_worker runs: the outbox rows and the drain task rows are written (they are part of
the registration's transaction) but nothing drains them during the run.
"""

import argparse
import http.client
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta

DB_NAME = "laocai_bench_writes"
PG = {"host": "127.0.0.1", "port": "5434", "user": "laocai", "password": "laocai"}
HOST, PORT = "127.0.0.1", 8765
OURS, BASELINE = "/api/v1/stays/", "/bench/baseline/stays/"
FAILURES: list = []  # (path, status, body) of every refused request, printed at the end


def bench_env() -> dict:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": "postgres://{user}:{password}@{host}:{port}/".format(**PG) + DB_NAME,
        "ELASTICSEARCH_INDEX_PREFIX": "bench-writes",
    })
    return env


def prepare(establishments: int) -> None:
    import psycopg
    with psycopg.connect(host=PG["host"], port=PG["port"], user=PG["user"],
                         password=PG["password"], dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_units"]):
        subprocess.run(manage + command, env=bench_env(), check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "bench.registration_api", "--seed-only",  # noqa: S603
                    "--establishments", str(establishments)], env=bench_env(), check=True)


def seed(count: int) -> None:
    """Establishments spread over the communes, one receptionist and token each."""
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from cms.models import Commune
    from lodging.models import Establishment, EstablishmentKind, StaffMembership, StaffRole

    communes = list(Commune.objects.in_lao_cai().order_by("pk"))
    kinds = [k for k, _label in EstablishmentKind.choices]
    User = get_user_model()
    establishments = Establishment.objects.bulk_create([
        Establishment(code=f"bench-{n:04d}", name=f"Cơ sở lưu trú {n}", kind=kinds[n % 6],
                      address=f"Số {n}, {communes[n % len(communes)].name}",
                      commune=communes[n % len(communes)], rooms=20,
                      is_remote=n % 7 == 0)
        for n in range(count)])
    users = [User.objects.create_user(username=f"bench-staff-{n:04d}", password=None)
             for n in range(count)]
    StaffMembership.objects.bulk_create([
        StaffMembership(user=u, establishment=e, role=StaffRole.OWNER)
        for u, e in zip(users, establishments, strict=True)])
    tokens = [Token.objects.create(user=u).key for u in users]
    with open(token_file(), "w") as out:
        json.dump(tokens, out)
    print(f"seeded {count} establishments over {len(communes)} communes", file=sys.stderr)


def token_file() -> str:
    return os.path.join("var", "bench-writes-tokens.json")


class Guests:
    """Guests from bench.people with document numbers never repeated in a run."""

    def __init__(self, seed: int):
        from django.utils import timezone

        from bench.people import People, as_json
        self.people, self.as_json, self.timezone = People(seed), as_json, timezone
        self.seen: set = set()
        self.lock = threading.Lock()

    def stay(self) -> dict:
        with self.lock:
            while True:
                arrival = self.timezone.now() - timedelta(hours=1)
                stay = self.people.stay(arrival=arrival)
                key = (stay["document_type"], stay["document_number"])
                if key not in self.seen:
                    self.seen.add(key)
                    return self.as_json(stay)


class Client:
    def __init__(self):
        self.conn = http.client.HTTPConnection(HOST, PORT, timeout=30)

    def post(self, path: str, token: str, body) -> int:
        data = json.dumps(body).encode()
        for attempt in (0, 1):
            try:
                self.conn.request("POST", path, body=data, headers={
                    "Authorization": f"Token {token}", "Content-Type": "application/json"})
                response = self.conn.getresponse()
                body = response.read()
                if response.status not in (200, 201):
                    FAILURES.append((path, response.status, body[:300].decode(errors="replace")))
                return response.status
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
                if attempt:
                    return 599
        return 599


def open_loop(*, rate: float, seconds: int, tokens: list, guests: Guests,
              threads: int = 32, block: int = 5) -> dict:
    """Blocks of `block` seconds at `rate` requests/s, alternating ours and the baseline.

    Each block starts once the previous one has been answered: a side that falls behind
    queues only its own requests (one-second slices let ours' backlog delay the
    baseline's requests, which then looked saturated too).
    """
    results = {OURS: [], BASELINE: []}
    errors = {OURS: 0, BASELINE: 0}
    lock = threading.Lock()
    n = 0
    for block_number in range(2 * max(1, round(seconds / block))):
        path = OURS if block_number % 2 == 0 else BASELINE
        bodies = [guests.stay() for _ in range(int(rate * block))]
        jobs: queue.Queue = queue.Queue()
        start = time.perf_counter() + 0.2
        for i, body in enumerate(bodies):
            jobs.put((start + i / rate, tokens[n % len(tokens)], body))
            n += 1

        def work(path=path, jobs=jobs):
            client = Client()
            while True:
                try:
                    at, token, body = jobs.get_nowait()
                except queue.Empty:
                    return
                delay = at - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                code = client.post(path, token, body)
                elapsed = time.perf_counter() - at  # from the scheduled time: queueing counts
                with lock:
                    results[path].append(elapsed)
                    if code not in (200, 201):
                        errors[path] += 1

        workers = [threading.Thread(target=work) for _ in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    return {path: {"n": len(v), "errors": errors[path], **percentiles(v)}
            for path, v in results.items()}


def percentiles(values: list) -> dict:
    q = statistics.quantiles(sorted(values), n=100, method="inclusive")
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}


def batches(*, count: int, size: int, clients: int, tokens: list, guests: Guests) -> dict:
    """Rounds of `clients` concurrent batch POSTs, alternating ours and baseline."""
    totals = {OURS: [0, 0.0, 0], BASELINE: [0, 0.0, 0]}  # stays, seconds, errors
    offset = 10_000
    for round_number in range(2 * (count // clients)):
        path = OURS if round_number % 2 == 0 else BASELINE
        bodies = [[guests.stay() for _ in range(size)] for _ in range(clients)]
        codes = [0] * clients

        def send(i, body, path=path, codes=codes, base=offset):
            codes[i] = Client().post(path, tokens[(base + i) % len(tokens)], body)

        offset += clients
        threads = [threading.Thread(target=send, args=(i, b)) for i, b in enumerate(bodies)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        totals[path][1] += time.perf_counter() - began
        ok = sum(1 for c in codes if c in (200, 201))
        totals[path][0] += ok * size
        totals[path][2] += clients - ok
    return {path: {"stays": s, "seconds": t, "errors": e, "stays_per_s": s / t if t else 0}
            for path, (s, t, e) in totals.items()}


def warm_up(tokens: list, guests: Guests, connections: int = 32) -> None:
    """A few requests per side over as many connections as the open loop uses, at once:
    every worker and thread builds its caches (URLconf, serializers, translations) before
    anything is timed. Warming over one connection warmed one worker, and the first
    timed block (always ours) paid for the other's cold start: p99 up to 670 ms."""
    def warm():
        client = Client()
        for n, token in enumerate(tokens[:6]):
            client.post(OURS if n % 2 else BASELINE, token, guests.stay())

    threads = [threading.Thread(target=warm) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def start_server(workers: int, threads: int):
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "laocai.wsgi",
         "-w", str(workers), "-k", "gthread", "--threads", str(threads),
         "-b", f"{HOST}:{PORT}", "--log-level", "warning", "--keep-alive", "30"],
        env=bench_env())
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30,
                        help="seconds of single-stay load per side (default 30; 0 skips)")
    parser.add_argument("--rate", default="100",
                        help="requests/s, or several separated by commas (default 100)")
    parser.add_argument("--batches", type=int, default=200,
                        help="batches of --batch-size per side (default 200: ~12 s each)")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4,
                        help="concurrent batch clients (default 4)")
    parser.add_argument("--establishments", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--skip-prepare", action="store_true",
                        help="reuse the database and tokens of the last run")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.update(bench_env())
    if args.seed_only:
        seed(args.establishments)
        return
    if not args.skip_prepare:
        prepare(args.establishments)
    import django
    django.setup()
    with open(token_file()) as source:
        tokens = json.load(source)
    guests = Guests(seed=int(time.time()))
    server = start_server(args.workers, args.threads)
    try:
        warm_up(tokens[:20], guests)
        single = {float(rate): open_loop(rate=float(rate), seconds=args.seconds,
                                         tokens=tokens[20:], guests=guests)
                  for rate in args.rate.split(",") if args.seconds}
        batch = batches(count=args.batches, size=args.batch_size, clients=args.clients,
                        tokens=tokens, guests=guests)
    finally:
        server.terminate()
        server.wait()
    report(single, batch, args)


def report(single: dict, batch: dict, args) -> None:
    for rate, result in single.items():
        ours, base = result[OURS], result[BASELINE]
        print(f"single stays, open loop {rate:g}/s, {args.seconds}s per side")
        print(f"{'':10}{'n':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for name, row in (("ours", ours), ("baseline", base)):
            print(f"{name:10}{row['n']:>7}{row['errors']:>8}{row['p50']:>9.1f}"
                  f"{row['p95']:>9.1f}{row['p99']:>9.1f}")
        print(f"{'ratio':10}{'':15}{ours['p50'] / base['p50']:>9.2f}"
              f"{ours['p95'] / base['p95']:>9.2f}{ours['p99'] / base['p99']:>9.2f}")
        print(f"target p95 <= 50 ms: {'met' if ours['p95'] <= 50 else 'NOT met'}\n")
    o, b = batch[OURS], batch[BASELINE]
    if not b["stays_per_s"]:
        return
    print(f"\nbatches of {args.batch_size}, {args.clients} concurrent clients")
    print(f"ours     {o['stays_per_s']:>9.0f} stays/s ({o['stays']} stays, {o['errors']} errors)")
    print(f"baseline {b['stays_per_s']:>9.0f} stays/s ({b['stays']} stays, {b['errors']} errors)")
    print(f"ratio    {o['stays_per_s'] / b['stays_per_s']:>9.2f}")
    print(f"target >= 2000 stays/s: {'met' if o['stays_per_s'] >= 2000 else 'NOT met'}")
    for path, code, body in FAILURES[:5]:
        print(f"refused: {path} {code} {body}")
    print(json.dumps({"single": {str(rate): result for rate, result in single.items()},
                      "batch": batch}, default=str))


if __name__ == "__main__":
    main()
