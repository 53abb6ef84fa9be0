"""The peak-evening load test: locust against gunicorn, with the indexing worker running.

    python -m bench.load_test [--users 60] [--minutes 3]

Prepares the accounts (50 receptionists with API tokens, a provincial police officer
with a token), starts gunicorn (production settings, 2 workers × 4 threads) and
`manage.py index_worker` on the benchmark database, runs bench/locustfile.py headless and
prints throughput, p50/p95/p99 and errors per kind of request, and the web process's
resident memory sampled every 2 seconds during the run (target: under 300 MB per
worker process).
"""

import argparse
import csv
import json
import random
import subprocess
import sys
import threading
from pathlib import Path

from bench.common import print_table, setup_django
from bench.police_search import typo
from bench.public_search import PLACES
from bench.server import PORT, ROOT, gunicorn, server_env, worker_rss_mb

OUTPUT = ROOT / "var" / "bench"


def prepare() -> Path:
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from cms.text import fold
    from lodging.models import Establishment, StaffMembership, StaffRole, Stay
    from lodging.police.models import PoliceOfficer, PoliceRole
    from tourism.models import AttractionPage, DestinationPage

    users = get_user_model().objects
    staff = []
    for place in Establishment.objects.filter(code__startswith="B-").order_by("code")[:50]:
        user, _created = users.get_or_create(username=f"bench-le-tan-{place.code}")
        StaffMembership.objects.get_or_create(user=user, establishment=place,
                                              defaults={"role": StaffRole.RECEPTIONIST})
        staff.append({"token": Token.objects.get_or_create(user=user)[0].key,
                      "establishment": place.code})
    officer, created = users.get_or_create(username="bench-ca-tinh")
    if created:
        PoliceOfficer.objects.create(user=officer, role=PoliceRole.PROVINCIAL_OFFICER)
    rng = random.Random(3)
    names = [typo(fold(name), rng) for name in
             Stay.objects.filter(id__in=rng.sample(range(1, 2_000_000), 400))
             .values_list("full_name", flat=True)]
    pages = [p.url for p in DestinationPage.objects.live()] + [
        p.url for p in AttractionPage.objects.live().order_by("?")[:200]]
    accounts = {"staff": staff, "police": Token.objects.get_or_create(user=officer)[0].key,
                "pages": pages, "words": [fold(p) for p in PLACES], "names": names}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "load-accounts.json"
    path.write_text(json.dumps(accounts), encoding="utf-8")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--minutes", type=float, default=3)
    args = parser.parse_args(argv)
    setup_django()
    accounts = prepare()
    memory, done = [], threading.Event()
    errors_file = OUTPUT / "load-errors.jsonl"
    errors_file.unlink(missing_ok=True)
    env = server_env(LOAD_TEST_ACCOUNTS=str(accounts), LOAD_TEST_ERRORS=str(errors_file))
    worker = subprocess.Popen([sys.executable, "manage.py", "index_worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with gunicorn() as server:
            def sample():
                while not done.wait(2):
                    memory.append(max(worker_rss_mb(server), default=0))
            sampler = threading.Thread(target=sample)
            sampler.start()
            subprocess.run([
                sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                "--headless", "-u", str(args.users), "-r", str(max(1, args.users // 10)),
                "-t", f"{int(args.minutes * 60)}s", "--host", f"http://127.0.0.1:{PORT}",
                "--csv", str(OUTPUT / "locust"), "--only-summary", "--loglevel", "WARNING"],
                cwd=ROOT, env=env, check=False)
            done.set()
            sampler.join()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    rows = []
    with open(OUTPUT / "locust_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append((row["Name"], row["Request Count"], row["Failure Count"],
                         f"{float(row['Requests/s']):.1f}", row["50%"], row["95%"],
                         row["99%"]))
    print_table(f"peak evening: {args.users} users for {args.minutes:g} min (locust, "
                "gunicorn 2×4, worker draining the index outbox)", rows,
                ("request", "count", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"))
    if errors_file.exists():
        print("\nfirst failures of each kind (bench/locustfile.py records up to three):")
        print(errors_file.read_text(encoding="utf-8"))
    print(f"\nweb worker resident memory: max {max(memory, default=0):.0f} MB per worker "
          f"(sampled {len(memory)} times)")


if __name__ == "__main__":
    main()
