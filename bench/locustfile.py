"""The peak evening, for locust: tourists browsing and searching, receptionists
registering arrivals through the PMS API, police officers searching people.

Run it through `python -m bench.load_test` (prepares accounts and tokens, starts
gunicorn, runs locust headless, prints the figures). The accounts come from the file
that command writes (LOAD_TEST_ACCOUNTS).
"""

import itertools
import json
import os
import random
import time
from datetime import datetime, timedelta, timezone

from locust import HttpUser, between, events, task

from bench.people import People, as_json

ACCOUNTS = json.loads(open(os.environ["LOAD_TEST_ACCOUNTS"], encoding="utf-8").read())  # noqa: SIM115
_counter = itertools.count()
VIETNAM = timezone(timedelta(hours=7))
ERRORS_FILE = os.environ.get("LOAD_TEST_ERRORS")
_errors_seen: dict[str, int] = {}


@events.request.add_listener
def _remember_failures(name, response, exception, **kwargs):
    """The first three failures of each kind of request, with the answer's body."""
    if exception is None or not ERRORS_FILE or _errors_seen.get(name, 0) >= 3:
        return
    _errors_seen[name] = _errors_seen.get(name, 0) + 1
    with open(ERRORS_FILE, "a", encoding="utf-8") as out:
        out.write(json.dumps({
            "request": name, "status": getattr(response, "status_code", None),
            "error": str(exception)[:300],
            "body": (getattr(response, "text", "") or "")[:600]}, ensure_ascii=False) + "\n")


class Tourist(HttpUser):
    weight = 14
    wait_time = between(1, 4)

    @task(6)
    def destination_page(self):
        self.client.get(random.choice(ACCOUNTS["pages"]), name="page")

    @task(2)
    def search(self):
        self.client.get("/api/v1/search/", params={"q": random.choice(ACCOUNTS["words"])},
                        name="api search")

    @task(2)
    def autocomplete(self):
        word = random.choice(ACCOUNTS["words"])
        self.client.get("/api/v1/search/suggest/", params={"q": word[:3]}, name="suggest")

    @task(1)
    def search_page(self):
        self.client.get("/search/", params={"q": random.choice(ACCOUNTS["words"])},
                        name="search page")


class Receptionist(HttpUser):
    weight = 4
    wait_time = between(2, 6)

    def on_start(self):
        account = random.choice(ACCOUNTS["staff"])
        self.client.headers["Authorization"] = f"Token {account['token']}"
        self.establishment = account["establishment"]
        # Seeded by the clock too: the same seeds in the next run would register the
        # same guests again while their first stays are still open (refused as overlaps).
        self.people = People(seed=time.time_ns() + next(_counter) * 7919)

    @task(4)
    def register_one(self):
        now = datetime.now(VIETNAM)
        stay = self.people.stay(arrival=now - timedelta(minutes=random.randint(1, 60)))
        self.client.post("/api/v1/stays/", json={**as_json(stay),
                                                 "establishment_code": self.establishment},
                         name="register 1")

    @task(1)
    def register_family(self):
        now = datetime.now(VIETNAM)
        arrival = now - timedelta(minutes=random.randint(1, 60))
        family = [{**as_json(self.people.stay(arrival=arrival, room="12")),
                   "establishment_code": self.establishment}
                  for _n in range(random.randint(2, 4))]
        self.client.post("/api/v1/stays/", json=family, name="register family")

    @task(2)
    def list_own(self):
        self.client.get("/api/v1/stays/", name="own stays")


class Officer(HttpUser):
    weight = 2
    wait_time = between(2, 8)

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {ACCOUNTS['police']}"

    @task
    def search_person(self):
        self.client.get("/api/v1/police/stays/", params={"q": random.choice(ACCOUNTS["names"])},
                        name="police search")
